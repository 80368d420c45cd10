import { NextResponse } from "next/server";
import { getAuth } from "@/lib/next/session";
import { findTenant } from "@/lib/next/tenant";

const NO_STORE = { "cache-control": "no-store" };

/**
 * The current session at this tenant, for scripts on the tenant's pages that need to know whether
 * the user is still signed in. It runs the full session check (revocation, timeouts, context) and
 * answers with what the session proves, never with the token or personal data.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const tenant = await findTenant((await params).tenant);
  if (!tenant) return NextResponse.json({ error: "NOT_FOUND" }, { status: 404, headers: NO_STORE });
  const auth = await getAuth(tenant);
  if (!auth) return NextResponse.json({ signedIn: false }, { status: 401, headers: NO_STORE });
  const { session } = auth;
  const ends =
    session.idleExpiresAt && session.idleExpiresAt < session.absoluteExpiresAt
      ? session.idleExpiresAt
      : session.absoluteExpiresAt;
  return NextResponse.json(
    { signedIn: true, aal: session.aal, authTime: session.authTime.toISOString(), expiresAt: ends.toISOString() },
    { headers: NO_STORE },
  );
}
