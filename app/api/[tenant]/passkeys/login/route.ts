import { NextResponse } from "next/server";
import { z } from "zod";
import { finishPasskeySignIn } from "@/lib/identity/passkey-sign-in";
import { getDeps } from "@/lib/next/deps";
import { getSignInMeta } from "@/lib/next/request";
import { getPendingAuth, setSessionCookie } from "@/lib/next/session";
import { findTenant } from "@/lib/next/tenant";
import { passkeyFailureResponse, readWebauthnBinding, ZAssertionSchema } from "@/lib/next/webauthn";
import { safeReturnTo } from "@/lib/security/return-to";
import { notice } from "@/lib/copy/words";

const ZBodySchema = z.object({
  returnTo: z.string().max(600).optional(),
  secondFactor: z.boolean().optional(),
  response: ZAssertionSchema,
});

export async function POST(request: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const tenant = await findTenant((await params).tenant);
  if (!tenant) return NextResponse.json({ error: "NOT_FOUND" }, { status: 404 });
  const body = ZBodySchema.safeParse(await request.json().catch(() => null));
  if (!body.success)
    return NextResponse.json(
      { error: "INVALID_INPUT", message: notice("passkey_response_unreadable") },
      { status: 400 },
    );
  const pending = body.data.secondFactor ? await getPendingAuth(tenant, "second_factor") : null;
  if (body.data.secondFactor && !pending)
    return NextResponse.json({ error: "UNAUTHENTICATED", message: notice("sign_in_again") }, { status: 401 });
  const result = await finishPasskeySignIn(
    getDeps(),
    tenant,
    body.data.response as unknown as Parameters<typeof finishPasskeySignIn>[2],
    await readWebauthnBinding(),
    await getSignInMeta(),
    pending ?? undefined,
  );
  if (!result.ok) return passkeyFailureResponse(tenant, result);
  await setSessionCookie(tenant, result.token, result.session.absoluteExpiresAt);
  const returnTo = safeReturnTo(tenant.slug, body.data.returnTo);
  const redirect =
    result.next === "second_factor"
      ? `/${tenant.slug}/login/second-factor?returnTo=${encodeURIComponent(returnTo)}`
      : returnTo;
  return NextResponse.json({ ok: true, redirect });
}
