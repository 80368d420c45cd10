import "server-only";
import { cookies } from "next/headers";
import { NextResponse } from "next/server";
import { z } from "zod";
import type { TTenant } from "../tenancy/types";
import type { TAnyFailure } from "../kernel/outcome";
import type { TValidSession } from "../sessions/validate-session";
import { generateToken } from "../security/tokens";
import { failureMessage } from "./failure-message";
import { getAuth, getPendingAuth } from "./session";
import { findTenant } from "./tenant";

const BINDING_COOKIE = "__Host-portico-webauthn";

/**
 * The browser-binding value for WebAuthn challenges: a random cookie (HttpOnly, SameSite=Strict)
 * whose hash is stored with each challenge, so a challenge is only good in the browser it went to.
 */
export async function webauthnBinding(): Promise<string> {
  const jar = await cookies();
  const existing = jar.get(BINDING_COOKIE)?.value;
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const value = generateToken();
  jar.set(BINDING_COOKIE, value, { httpOnly: true, secure: true, sameSite: "strict", path: "/", maxAge: 15 * 60 });
  return value;
}

export async function readWebauthnBinding(): Promise<string | undefined> {
  return (await cookies()).get(BINDING_COOKIE)?.value;
}

/** The browser's JSON for a WebAuthn assertion (navigator.credentials.get), as sent by @simplewebauthn/browser. */
export const ZAssertionSchema = z.looseObject({
  id: z.string(),
  rawId: z.string(),
  type: z.literal("public-key"),
  response: z.looseObject({ clientDataJSON: z.string(), authenticatorData: z.string(), signature: z.string() }),
});

/** The browser's JSON for a new credential (navigator.credentials.create), as sent by @simplewebauthn/browser. */
export const ZRegistrationSchema = z.looseObject({
  id: z.string(),
  rawId: z.string(),
  type: z.literal("public-key"),
  response: z.looseObject({ clientDataJSON: z.string(), attestationObject: z.string() }),
});

/**
 * The tenant and signed-in user of a JSON passkey route, or the JSON error response to return
 * (404 unknown tenant, 401 not signed in).
 */
export async function resolveJsonAuth(
  params: Promise<{ tenant: string }>,
  /**
   * Passkey registration also takes the half-finished session of a passwordless sign-up (the domain decides what it may
   * do).
   */
  options: { allowEnrolment?: boolean } = {},
): Promise<{ ok: true; tenant: TTenant; auth: TValidSession } | { ok: false; response: NextResponse }> {
  const tenant = await findTenant((await params).tenant);
  if (!tenant) return { ok: false, response: NextResponse.json({ error: "NOT_FOUND" }, { status: 404 }) };
  const auth =
    (await getAuth(tenant)) ?? (options.allowEnrolment ? await getPendingAuth(tenant, "enrol_factor") : null);
  if (!auth)
    return {
      ok: false,
      response: NextResponse.json({ error: "UNAUTHENTICATED", message: "Sign in again." }, { status: 401 }),
    };
  return { ok: true, tenant, auth };
}

/**
 * The JSON error response of a passkey route: the failure's code, its words at this tenant, and
 * the HTTP status its catalogue declares (a worded refusal of the step-up gate answers 403).
 */
export function passkeyFailureResponse(tenant: TTenant, failure: TAnyFailure): NextResponse {
  return NextResponse.json(
    { error: failure.code, message: failureMessage(tenant, failure) },
    { status: "status" in failure ? failure.status : 403 },
  );
}
