import type { TRepositories } from "../db/store";
import { generateToken, hashToken } from "../security/tokens";
import type { TSession } from "./types";
import type { TTenant } from "../tenancy/types";

/**
 * Re-issues the cookie token of a live session after a privilege change (step-up, factor change):
 * the old token stops working, so a copy taken before the change does not carry it.
 */
export async function rotateSessionToken(
  tx: Pick<TRepositories, "sessions">,
  tenant: TTenant,
  session: Pick<TSession, "id" | "tokenHash" | "absoluteExpiresAt">,
): Promise<{ token: string; expires: Date } | null> {
  const token = generateToken();
  if (!(await tx.sessions.rotateToken(tenant.id, session.id, session.tokenHash, hashToken(token)))) return null;
  return { token, expires: session.absoluteExpiresAt };
}
