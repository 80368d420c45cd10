import { NextResponse } from "next/server";
import { z } from "zod";
import { reauthenticateWithPasskey } from "@/lib/identity/passkeys";
import { getDeps } from "@/lib/next/deps";
import { getRequestMeta } from "@/lib/next/request";
import { readWebauthnBinding, resolveJsonAuth, ZAssertionSchema } from "@/lib/next/webauthn";

const ZBodySchema = z.object({ response: ZAssertionSchema });

export async function POST(request: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const resolved = await resolveJsonAuth(params);
  if (!resolved.ok) return resolved.response;
  const { tenant, auth } = resolved;
  const body = ZBodySchema.safeParse(await request.json().catch(() => null));
  if (!body.success) return NextResponse.json({ error: "INVALID_INPUT", message: "The passkey response was not understood." }, { status: 400 });
  const result = await reauthenticateWithPasskey(
    getDeps(),
    tenant,
    auth,
    body.data.response as unknown as Parameters<typeof reauthenticateWithPasskey>[3],
    await readWebauthnBinding(),
    await getRequestMeta(),
  );
  if (!result.ok) return NextResponse.json({ error: result.code, message: result.message }, { status: 400 });
  return NextResponse.json({ ok: true });
}
