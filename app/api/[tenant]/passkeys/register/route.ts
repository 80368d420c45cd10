import { NextResponse } from "next/server";
import { z } from "zod";
import { finishPasskeyRegistration } from "@/lib/account/passkey-registration";
import { getDeps } from "@/lib/next/deps";
import { getRequestMeta } from "@/lib/next/request";
import { setSessionCookie } from "@/lib/next/session";
import { passkeyFailureResponse, readWebauthnBinding, resolveJsonAuth, ZRegistrationSchema } from "@/lib/next/webauthn";
import { notice } from "@/lib/copy/words";
import { safeReturnTo } from "@/lib/security/return-to";

const ZBodySchema = z.object({
  name: z.string().max(200),
  endOtherSessions: z.boolean().optional(),
  /** Where a sign-in finished by this passkey (a required enrolment) continues; checked by safeReturnTo. */
  returnTo: z.string().max(2048).optional(),
  response: ZRegistrationSchema,
});

export async function POST(request: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const resolved = await resolveJsonAuth(params, { allowEnrolment: true });
  if (!resolved.ok) return resolved.response;
  const { tenant, auth } = resolved;
  const body = ZBodySchema.safeParse(await request.json().catch(() => null));
  if (!body.success)
    return NextResponse.json(
      { error: "INVALID_INPUT", message: notice("passkey_response_unreadable") },
      { status: 400 },
    );
  const result = await finishPasskeyRegistration(
    getDeps(),
    tenant,
    auth,
    {
      name: body.data.name,
      endOtherSessions: body.data.endOtherSessions ?? false,
      response: body.data.response as unknown as Parameters<typeof finishPasskeyRegistration>[3]["response"],
    },
    await readWebauthnBinding(),
    await getRequestMeta(),
  );
  if (!result.ok) return passkeyFailureResponse(tenant, result);
  if (result.signedIn) {
    await setSessionCookie(tenant, result.signedIn.token, result.signedIn.session.absoluteExpiresAt);
    const redirect = body.data.returnTo ? safeReturnTo(tenant.slug, body.data.returnTo) : `/${tenant.slug}/account`;
    return NextResponse.json({ ok: true, endedSessions: 0, redirect });
  }
  if (result.rotated) await setSessionCookie(tenant, result.rotated.token, result.rotated.expires);
  return NextResponse.json({ ok: true, endedSessions: result.endedSessions });
}
