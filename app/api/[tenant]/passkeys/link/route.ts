import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { cookies } from "next/headers";
import { NextResponse } from "next/server";
import { z } from "zod";
import { notice } from "@/lib/copy/words";
import { completeFederatedLinkWithPasskey } from "@/lib/federation/link-with-passkey";
import { getDeps } from "@/lib/next/deps";
import { linkCookieName, pendingStageUrl } from "@/lib/next/federation";
import { getSignInMeta } from "@/lib/next/request";
import { setSessionCookie } from "@/lib/next/session";
import { findTenant } from "@/lib/next/tenant";
import { passkeyFailureResponse, readWebauthnBinding, ZAssertionSchema } from "@/lib/next/webauthn";

const ZBodySchema = z.object({ response: ZAssertionSchema });

// Completes the pending link in this browser's link cookie with a passkey of that account.
export async function POST(request: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const tenant = await findTenant((await params).tenant);
  if (!tenant) return NextResponse.json({ error: "NOT_FOUND" }, { status: 404 });
  const body = ZBodySchema.safeParse(await request.json().catch(() => null));
  if (!body.success)
    return NextResponse.json(
      { error: "INVALID_INPUT", message: notice("passkey_response_unreadable") },
      { status: 400 },
    );
  const jar = await cookies();
  // The schema checked the assertion's shape; its contents are checked by the assertion machinery.
  const response: AuthenticationResponseJSON = {
    id: body.data.response.id,
    rawId: body.data.response.rawId,
    type: "public-key",
    clientExtensionResults: {},
    response: {
      clientDataJSON: body.data.response.response.clientDataJSON,
      authenticatorData: body.data.response.response.authenticatorData,
      signature: body.data.response.response.signature,
      ...(typeof body.data.response.response.userHandle === "string"
        ? { userHandle: body.data.response.response.userHandle }
        : {}),
    },
  };
  const result = await completeFederatedLinkWithPasskey(
    getDeps(),
    tenant,
    { linkToken: jar.get(linkCookieName(tenant.slug))?.value, browserBinding: await readWebauthnBinding(), response },
    await getSignInMeta(),
  );
  if (!result.ok && result.code === "LINK_PROOF_FAILED") return passkeyFailureResponse(tenant, result);
  jar.delete({ name: linkCookieName(tenant.slug), path: "/", secure: true, httpOnly: true, sameSite: "lax" });
  if (!result.ok) return passkeyFailureResponse(tenant, result);
  if (result.kind !== "signed_in") return NextResponse.json({ error: "LINK_EXPIRED" }, { status: 410 });
  await setSessionCookie(tenant, result.token, result.session.absoluteExpiresAt);
  return NextResponse.json({ ok: true, redirect: pendingStageUrl(tenant, result.next, `/${tenant.slug}/account`) });
}
