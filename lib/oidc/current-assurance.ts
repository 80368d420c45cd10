// What a Portico session proves right now, for an app: its own sign-in, raised by the level-bound
// elevations (step-ups) of this session that are still valid. A step-up an app asked for (or any
// other recent one) never changes the session itself (lib/step-up/step-up.ts); the provider reads
// it here instead, so an ID token claims the level for as long as the elevation lasts and no longer.
import type { TStepUpGrant, TStore } from "../db/store";
import { ANY_ACTION } from "../step-up/types";
import type { TSession } from "../sessions/types";
import { acrOf, assuranceOf, type TAssurance } from "./assurance";

export type TCurrentAssurance = TAssurance & { aal: number };

type TElevation = Pick<TStepUpGrant, "action" | "aal" | "method" | "createdAt" | "expiresAt" | "consumedAt">;

function amrOfElevation(elevation: TElevation): string[] {
  switch (elevation.method) {
    case "password":
      return ["pwd"];
    case "totp":
    case "recovery_code":
      return ["otp"];
    case "passkey":
      return elevation.aal >= 3 ? ["hwk", "user"] : ["swk"];
    default:
      return [];
  }
}

/**
 * The level is the highest of the session's and its valid elevations'; `amr` lists every method
 * behind them (with `mfa` from AAL2 up); `auth_time` is the latest proof that reaches the level
 * reported — a fresh password does not make an AAL2 session look freshly signed in at AAL2.
 */
export function assuranceWithElevations(
  session: Pick<TSession, "aal" | "amr" | "methodTimes" | "authTime" | "downgradedAt">,
  elevations: TElevation[],
  now: Date,
): TCurrentAssurance {
  const base = assuranceOf(session);
  const valid = elevations.filter(
    (e) =>
      e.action === ANY_ACTION &&
      e.consumedAt === null &&
      e.expiresAt > now &&
      e.createdAt <= now &&
      (session.downgradedAt === null || e.createdAt > session.downgradedAt),
  );
  const aal = Math.min(3, Math.max(session.aal, ...valid.map((e) => e.aal)));
  const amr = [...new Set([...base.amr, ...valid.flatMap(amrOfElevation)])].filter((m) => m !== "mfa");
  if (aal >= 2) amr.push("mfa");
  const times = valid.filter((e) => e.aal >= aal).map((e) => Math.floor(e.createdAt.getTime() / 1000));
  if (session.aal >= aal) times.push(base.authTime);
  return { aal, acr: acrOf(aal), amr, authTime: Math.max(...times) };
}

/** The current assurance of a session, its elevations read from the store. */
export async function currentAssurance(
  store: Pick<TStore, "stepUpGrants">,
  tenantId: string,
  auth: { session: TSession; user: { id: string } },
  now: Date,
): Promise<TCurrentAssurance> {
  const elevations = await store.stepUpGrants.listUsable(tenantId, auth.user.id, auth.session.id, ANY_ACTION, now);
  return assuranceWithElevations(auth.session, elevations, now);
}
