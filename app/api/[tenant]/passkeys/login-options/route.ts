import { NextResponse } from "next/server";
import { startPasskeySignIn } from "@/lib/identity/passkey-sign-in";
import { getDeps } from "@/lib/next/deps";
import { findTenant } from "@/lib/next/tenant";
import { passkeyFailureResponse, webauthnBinding } from "@/lib/next/webauthn";

export async function POST(_request: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const tenant = await findTenant((await params).tenant);
  if (!tenant) return NextResponse.json({ error: "NOT_FOUND" }, { status: 404 });
  const result = await startPasskeySignIn(getDeps(), tenant, await webauthnBinding());
  if (!result.ok) return passkeyFailureResponse(tenant, result);
  return NextResponse.json(result.options, { headers: { "cache-control": "no-store" } });
}
