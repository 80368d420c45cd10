import type { TRepositories, TTenant } from "../db/store";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { generateToken, hashToken } from "../security/tokens";
import { sessionLifetimes } from "./lifetimes";

/**
 * Starts a server-side session and returns the cookie token (shown once, never stored). A new
 * token is minted at every sign-in, so a token planted before sign-in (fixation) is worthless.
 */
export async function createSession(
  tx: TRepositories,
  deps: TDeps,
  input: { tenant: TTenant; userId: string; meta: TRequestMeta; aal: number; amr: string[] },
) {
  const now = deps.now();
  const { absoluteMinutes, idleMinutes } = sessionLifetimes(input.tenant, input.aal);
  const token = generateToken();
  const session = await tx.sessions.create({
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
    authTime: now,
  });
  return { token, session };
}
