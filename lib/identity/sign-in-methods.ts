// The passkey set-up session of a user who has no way to sign in yet (what can sign a user in is
// `signInMethods` in authenticators.ts).
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { createSession } from "../sessions/create-session";
import { isAt } from "../sessions/sign-in-stage";
import type { TSession } from "../sessions/types";
import type { TTenant } from "../tenancy/types";

/**
 * The `amr` marker of a session opened by an email link for a user who has no way to sign in yet
 * (sign-up on a passwordless tenant). It is not an authenticator: the session is AAL0, stays in
 * the `enrol_factor` stage (which `validateSession` never accepts as signed in), proves nothing
 * for factor changes (no method times, so every "recent proof" check refuses it) and can do one
 * thing only: register the user's first passkey, which turns it into a complete session.
 */
export const PASSKEY_SETUP_AMR = "email_link";

export function isPasskeySetupSession(session: Pick<TSession, "stage" | "amr" | "aal">): boolean {
  if (!isAt(session, "enrol_factor") || session.aal !== 0) return false;
  return session.amr.length === 1 && session.amr[0] === PASSKEY_SETUP_AMR;
}

export function startPasskeySetupSession(deps: TDeps, tenant: TTenant, userId: string, meta: TRequestMeta) {
  return createSession(deps, {
    tenant,
    userId,
    meta,
    aal: 0,
    amr: [PASSKEY_SETUP_AMR],
    methodTimes: {},
    stage: "enrol_factor",
  });
}
