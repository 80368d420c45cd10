import { NextResponse } from "next/server";
import { startPasskeyRegistration } from "@/lib/identity/passkeys";
import { getDeps } from "@/lib/next/deps";
import { resolveJsonAuth, webauthnBinding } from "@/lib/next/webauthn";
import { copyContextOf, wordsFor } from "@/lib/copy/words";

export async function POST(_request: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const resolved = await resolveJsonAuth(params, { allowEnrolment: true });
  if (!resolved.ok) return resolved.response;
  const { tenant, auth } = resolved;
  const result = await startPasskeyRegistration(getDeps(), tenant, auth, await webauthnBinding());
  if (!result.ok) {
    const status = "status" in result ? result.status : result.code === "REAUTH_REQUIRED" || result.code === "EMAIL_NOT_VERIFIED" || result.code === "SETUP_ENDED" ? 403 : 400;
    return NextResponse.json({ error: result.code, message: wordsFor(result, copyContextOf(tenant)) }, { status });
  }
  return NextResponse.json(result.options, { headers: { "cache-control": "no-store" } });
}
