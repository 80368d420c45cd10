import { cookies } from "next/headers";
import { NextResponse } from "next/server";
import { startFederatedLinkPasskey } from "@/lib/federation/link-with-passkey";
import { getDeps } from "@/lib/next/deps";
import { linkCookieName } from "@/lib/next/federation";
import { findTenant } from "@/lib/next/tenant";
import { passkeyFailureResponse, webauthnBinding } from "@/lib/next/webauthn";

// The passkey options for proving the account of the pending link in this browser's link cookie.
export async function POST(_request: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const tenant = await findTenant((await params).tenant);
  if (!tenant) return NextResponse.json({ error: "NOT_FOUND" }, { status: 404 });
  const linkToken = (await cookies()).get(linkCookieName(tenant.slug))?.value;
  const result = await startFederatedLinkPasskey(getDeps(), tenant, {
    linkToken,
    browserBinding: await webauthnBinding(),
  });
  if (!result.ok) return passkeyFailureResponse(tenant, result);
  return NextResponse.json(result.options, { headers: { "cache-control": "no-store" } });
}
