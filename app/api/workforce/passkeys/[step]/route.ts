import { NextResponse } from "next/server";
import { z } from "zod";
import { messageFor } from "@/lib/copy";
import { getDeps } from "@/lib/next/deps";
import { getRequestMeta } from "@/lib/next/request";
import { ZAssertionSchema, ZRegistrationSchema } from "@/lib/next/webauthn";
import { clearStaffCookie, getStaffAuthIn, safeConsoleReturnTo, setStaffCookie } from "@/lib/next/workforce";
import type { TConsole } from "@/lib/workforce/roles";
import {
  finishStaffPasskeyAssertion,
  finishStaffPasskeyRegistration,
  startStaffPasskeyAssertion,
  startStaffPasskeyRegistration,
  type TStaffPasskeyFailure,
  type TStaffSessionIssued,
} from "@/lib/workforce/staff-passkeys";

// The staff realm's passkey ceremonies, as JSON for @simplewebauthn/browser:
//   register-options, register   a new passkey (first sign-in, or signed in after step-up)
//   options, verify              the second sign-in step ("sign-in") or console step-up ("step-up")
// Only the workforce cookie counts here; the proxy has already refused cross-origin posts.
const ZConsole = z.enum(["admin", "support"]);
const ZPurpose = z.enum(["sign-in", "step-up"]);
const ZTarget = { console: ZConsole, returnTo: z.string().max(600).optional() };
const ZRegisterBody = z.object({ response: ZRegistrationSchema, name: z.string().max(200), ...ZTarget });
const ZOptionsBody = z.object({ purpose: ZPurpose, console: ZConsole.optional() });
const ZVerifyBody = z.object({ response: ZAssertionSchema, purpose: ZPurpose, ...ZTarget });
const STEPS = ["register-options", "register", "options", "verify"] as const;
type TStep = (typeof STEPS)[number];

const json = (body: unknown, status = 200) =>
  NextResponse.json(body, { status, headers: { "cache-control": "no-store" } });

function isStep(step: string): step is TStep {
  return (STEPS as readonly string[]).includes(step);
}

const INVALID = () => json({ error: "INVALID_INPUT", message: "The passkey request was not understood." }, 400);

async function signedIn(stages: Parameters<typeof getStaffAuthIn>[0], console: TConsole | undefined) {
  return getStaffAuthIn(stages).then(
    (auth) =>
      auth ??
      json(
        {
          error: "UNAUTHENTICATED",
          message: "Sign in again.",
          redirect: `/${console ?? "admin"}/login?notice=session-ended`,
        },
        401,
      ),
  );
}

/** A failed ceremony: a session that must start over loses its cookie and is sent to the sign-in page. */
async function failure(result: TStaffPasskeyFailure, console: TConsole | null) {
  const message = messageFor(result);
  if (result.code === "WRONG_STAGE" || result.code === "RATE_LIMITED") {
    await clearStaffCookie();
    const notice = result.code === "RATE_LIMITED" ? "too-many-codes" : "session-ended";
    return json(
      { error: result.code, message, redirect: `/${console ?? "admin"}/login?notice=${notice}` },
      result.status,
    );
  }
  return json({ error: result.code, message }, result.status);
}

async function issued(result: TStaffSessionIssued, console: TConsole, returnTo: string | undefined) {
  await setStaffCookie(result.token, result.expiresAt);
  return json({ ok: true, redirect: safeConsoleReturnTo(console, returnTo) });
}

export async function POST(request: Request, { params }: { params: Promise<{ step: string }> }) {
  const { step } = await params;
  if (!isStep(step)) return json({ error: "NOT_FOUND" }, 404);
  const raw: unknown = await request.json().catch(() => null);
  const deps = getDeps();

  if (step === "register-options") {
    const auth = await signedIn(["enrol", "complete"], undefined);
    if (auth instanceof Response) return auth;
    const result = await startStaffPasskeyRegistration(deps, auth);
    return result.ok ? json(result.options) : failure(result, null);
  }
  if (step === "register") {
    const body = ZRegisterBody.safeParse(raw);
    if (!body.success) return INVALID();
    const auth = await signedIn(["enrol", "complete"], body.data.console);
    if (auth instanceof Response) return auth;
    // Schema-checked above; the library's own type is structural JSON of the same shape.
    const response = body.data.response as unknown as Parameters<typeof finishStaffPasskeyRegistration>[2]["response"];
    const result = await finishStaffPasskeyRegistration(
      deps,
      auth,
      { response, name: body.data.name },
      await getRequestMeta(),
    );
    return result.ok ? issued(result, body.data.console, body.data.returnTo) : failure(result, body.data.console);
  }
  if (step === "options") {
    const body = ZOptionsBody.safeParse(raw);
    if (!body.success) return INVALID();
    const auth = await signedIn(body.data.purpose === "sign-in" ? ["factor"] : ["complete"], body.data.console);
    if (auth instanceof Response) return auth;
    const result = await startStaffPasskeyAssertion(deps, auth, body.data.purpose);
    return result.ok ? json(result.options) : failure(result, body.data.console ?? null);
  }
  const body = ZVerifyBody.safeParse(raw);
  if (!body.success) return INVALID();
  const auth = await signedIn(body.data.purpose === "sign-in" ? ["factor"] : ["complete"], body.data.console);
  if (auth instanceof Response) return auth;
  const response = body.data.response as unknown as Parameters<typeof finishStaffPasskeyAssertion>[2];
  const result = await finishStaffPasskeyAssertion(deps, auth, response, body.data.purpose, await getRequestMeta());
  return result.ok ? issued(result, body.data.console, body.data.returnTo) : failure(result, body.data.console);
}
