import { NextResponse } from "next/server";
import { z } from "zod";
import { getDeps } from "@/lib/next/deps";
import { getRequestMeta } from "@/lib/next/request";
import { clearSessionCookie } from "@/lib/next/session";
import { findTenant } from "@/lib/next/tenant";
import { passkeyFailureResponse, readWebauthnBinding, ZAssertionSchema } from "@/lib/next/webauthn";
import { resetPassword, type TResetFactor } from "@/lib/recovery/reset-password";
import { notice } from "@/lib/copy/words";

const ZBodySchema = z.object({
  token: z.string().max(100),
  password: z.string().max(1025),
  confirmPassword: z.string().max(1025),
  response: ZAssertionSchema,
});

/**
 * A password reset proven with a passkey of the link's user (the challenge comes from login-options: this tenant, this
 * browser, once).
 */
export async function POST(request: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const tenant = await findTenant((await params).tenant);
  if (!tenant) return NextResponse.json({ error: "NOT_FOUND" }, { status: 404 });
  const body = ZBodySchema.safeParse(await request.json().catch(() => null));
  if (!body.success)
    return NextResponse.json({ error: "INVALID_INPUT", message: notice("request_unreadable") }, { status: 400 });
  const factor: TResetFactor = {
    kind: "passkey",
    response: body.data.response as unknown as Extract<TResetFactor, { kind: "passkey" }>["response"],
    binding: await readWebauthnBinding(),
  };
  const result = await resetPassword(
    getDeps(),
    tenant,
    { token: body.data.token, password: body.data.password, confirmPassword: body.data.confirmPassword, factor },
    await getRequestMeta(),
  );
  if (!result.ok) return passkeyFailureResponse(tenant, result);
  await clearSessionCookie(tenant);
  return NextResponse.json({
    ok: true,
    redirect: `/${tenant.slug}/login?notice=${result.recovery === "delayed" ? "account-recovered" : "password-reset"}`,
  });
}
