import { NextResponse } from "next/server";
import { z } from "zod";
import { getDeps } from "@/lib/next/deps";
import { getRequestMeta } from "@/lib/next/request";
import { setSessionCookie } from "@/lib/next/session";
import { readWebauthnBinding, resolveJsonAuth, ZAssertionSchema } from "@/lib/next/webauthn";
import { isActionName } from "@/lib/step-up/policies";
import { stepUpWithPasskey } from "@/lib/step-up/verify";
import { messageFor } from "@/lib/copy";
import { copyContextOf } from "@/lib/copy/words";
import { notice } from "@/lib/copy/words";

// Step-up with a passkey: the assertion must come from the signed-in user's own passkey.
const ZBodySchema = z.object({ response: ZAssertionSchema, action: z.string().refine(isActionName) });

export async function POST(request: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const resolved = await resolveJsonAuth(params);
  if (!resolved.ok) return resolved.response;
  const { tenant, auth } = resolved;
  const body = ZBodySchema.safeParse(await request.json().catch(() => null));
  if (!body.success)
    return NextResponse.json(
      { error: "INVALID_INPUT", message: notice("passkey_response_unreadable") },
      { status: 400 },
    );
  const result = await stepUpWithPasskey(
    getDeps(),
    tenant,
    auth,
    body.data.action,
    body.data.response as unknown as Parameters<typeof stepUpWithPasskey>[4],
    await readWebauthnBinding(),
    await getRequestMeta(),
  );
  if (!result.ok) {
    const status = "status" in result ? result.status : 400;
    return NextResponse.json({ error: result.code, message: messageFor(result, copyContextOf(tenant)) }, { status });
  }
  await setSessionCookie(tenant, result.token, result.session.absoluteExpiresAt);
  return NextResponse.json({ ok: true });
}
