import type { TAmr, TSessionStage } from "./types";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { ipPrefix, userAgentFamily } from "../risk/context";
import { generateToken, hashToken } from "../security/tokens";
import { sessionLifetimes } from "./lifetimes";
import { tenantForUser } from "../organisations/policy";
import { isSignedInStage } from "./sign-in-stage";
import type { TTenant } from "../tenancy/types";

export const PENDING_SESSION_MINUTES = 10;

/**
 * Starts a server-side session and returns the cookie token (shown once, never stored). A new
 * token is minted at every sign-in, so a token planted before sign-in (fixation) is worthless.
 * Inside a transaction, `deps` is the one bound to it (`withTransaction`).
 */
export async function createSession(
  deps: TDeps,
  input: {
    tenant: TTenant;
    userId: string;
    meta: TRequestMeta;
    aal: number;
    amr: TAmr[];
    /** Methods proven, with when; defaults to every `amr` method proven now. */
    methodTimes?: Record<string, string>;
    stage?: TSessionStage;
    /** For a rotated session: the original sign-in time. */
    authTime?: Date;
    /** The user's organisation when the caller has the user (else it is looked up). */
    organisationId?: string | null;
  },
) {
  const now = deps.now();
  const stage = input.stage ?? "complete";
  // A member of an organisation gets its (never longer) lifetimes: lib/organisations/policy.ts.
  const organisationId =
    input.organisationId !== undefined
      ? input.organisationId
      : ((await deps.store.users.findById(input.tenant.id, input.userId))?.organisationId ?? null);
  const lifetimes = sessionLifetimes(await tenantForUser(deps, input.tenant, { organisationId }), input.aal);
  // A half-finished sign-in (second factor or enrolment pending) is good for a few minutes only.
  const { absoluteMinutes, idleMinutes } = isSignedInStage(stage)
    ? lifetimes
    : { absoluteMinutes: PENDING_SESSION_MINUTES, idleMinutes: lifetimes.idleMinutes };
  const token = generateToken();
  const session = await deps.store.sessions.create({
    tenantId: input.tenant.id,
    userId: input.userId,
    tokenHash: hashToken(token),
    createdAt: now,
    idleExpiresAt: idleMinutes === null ? null : new Date(now.getTime() + idleMinutes * 60_000),
    absoluteExpiresAt: new Date(now.getTime() + absoluteMinutes * 60_000),
    ip: input.meta.ip,
    userAgent: input.meta.userAgent?.slice(0, 512) ?? null,
    aal: input.aal,
    amr: input.amr,
    methodTimes: input.methodTimes ?? Object.fromEntries(input.amr.map((m) => [m, now.toISOString()])),
    stage,
    authTime: input.authTime ?? now,
    deviceHash: input.meta.deviceHash ?? null,
    ipPrefix: ipPrefix(input.meta.ip),
    uaFamily: userAgentFamily(input.meta.userAgent),
  });
  return { token, session };
}
