import { NextResponse } from "next/server";
import { z } from "zod";
import { reauthenticateWithPasskey } from "@/lib/identity/passkeys";
import { getDeps } from "@/lib/next/deps";
import { getRequestMeta } from "@/lib/next/request";
import { getAuth } from "@/lib/next/session";
import { findTenant } from "@/lib/next/tenant";
import { readWebauthnBinding } from "@/lib/next/webauthn";

const ZBodySchema = z.object({
  response: z.looseObject({ id: z.string(), rawId: z.string(), type: z.literal("public-key"), response: z.looseObject({ clientDataJSON: z.string(), authenticatorData: z.string(), signature: z.string() }) }),
});

export async function POST(request: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const tenant = await findTenant((await params).tenant);
  if (!tenant) return NextResponse.json({ error: "NOT_FOUND" }, { status: 404 });
  const auth = await getAuth(tenant);
  if (!auth) return NextResponse.json({ error: "UNAUTHENTICATED", message: "Sign in again." }, { status: 401 });
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
