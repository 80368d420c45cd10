import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TDeps } from "../kernel/deps";
import { queueMail, tenantUrl } from "../mail/queue-mail";
import { templates } from "../mail/templates";
import { generateToken, hashToken } from "../security/tokens";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "./types";

export const VERIFICATION_TTL_HOURS = 24;
/** How long a password reset link works (also the one a first confirmation issues). */
export const RESET_TTL_MINUTES = 30;

/** Issues a fresh verification link (older ones stop working) and queues the mail, in `tx`. */
export async function issueVerificationToken(deps: TDeps, tenant: TTenant, user: TUser) {
  const now = deps.now();
  await deps.store.tokens.revokeOutstanding(tenant.id, user.id, "email_verification", now);
  const token = generateToken();
  await deps.store.tokens.create({
    tenantId: tenant.id,
    userId: user.id,
    purpose: "email_verification",
    tokenHash: hashToken(token),
    email: user.email,
    expiresAt: new Date(now.getTime() + VERIFICATION_TTL_HOURS * 3_600_000),
    at: now,
  });
  await queueMail(
    deps,
    tenant,
    user.email,
    templates.verifyEmail(tenant, tenantUrl(deps, tenant, "verify-email", { token }), VERIFICATION_TTL_HOURS),
  );
  await recordAudit(deps.store, { tenantId: tenant.id, userId: user.id, type: AUDIT.emailVerificationSent, at: now });
}
