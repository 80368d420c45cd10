import { NextResponse } from "next/server";
import { startPasskeyRegistration } from "@/lib/identity/passkeys";
import { getDeps } from "@/lib/next/deps";
import { getAuth } from "@/lib/next/session";
import { findTenant } from "@/lib/next/tenant";
import { webauthnBinding } from "@/lib/next/webauthn";

export async function POST(_request: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const tenant = await findTenant((await params).tenant);
  if (!tenant) return NextResponse.json({ error: "NOT_FOUND" }, { status: 404 });
  const auth = await getAuth(tenant);
  if (!auth) return NextResponse.json({ error: "UNAUTHENTICATED", message: "Sign in again." }, { status: 401 });
  const result = await startPasskeyRegistration(getDeps(), tenant, auth, await webauthnBinding());
  if (!result.ok) return NextResponse.json({ error: result.code, message: result.message }, { status: result.code === "REAUTH_REQUIRED" ? 403 : 400 });
  return NextResponse.json(result.options, { headers: { "cache-control": "no-store" } });
}
