import { NextResponse } from "next/server";
import { startPasskeyRegistration } from "@/lib/account/passkey-registration";
import { getDeps } from "@/lib/next/deps";
import { passkeyFailureResponse, resolveJsonAuth, webauthnBinding } from "@/lib/next/webauthn";

export async function POST(_request: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const resolved = await resolveJsonAuth(params, { allowEnrolment: true });
  if (!resolved.ok) return resolved.response;
  const { tenant, auth } = resolved;
  const result = await startPasskeyRegistration(getDeps(), tenant, auth, await webauthnBinding());
  if (!result.ok) return passkeyFailureResponse(tenant, result);
  return NextResponse.json(result.options, { headers: { "cache-control": "no-store" } });
}
