// A right password whose second factor is still pending, from a browser or network the account has
// not used, is news to the owner either way (ASVS 5.0 V6.3.5): if it was not them, their password
// is known. One mail per device per day keeps a person who retries from being flooded, and a cap
// per account stops someone rotating device cookies from turning it into a mail bomb.
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { queueMail, tenantUrl } from "../mail/queue-mail";
import { templates } from "../mail/templates";
import { ipPrefix } from "../risk/context";
import type { TSignInSignals } from "../risk/decide";
import { consumeRateLimit } from "../risk/rate-limit";
import { describeDevice } from "../risk/context";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "./types";

export const PARTIAL_SIGN_IN_NOTICE = {
  perDevice: { limit: 1, windowSeconds: 24 * 60 * 60 },
  perAccount: { limit: 5, windowSeconds: 24 * 60 * 60 },
} as const;

/**
 * Queues the notice in the transaction that creates the pending sign-in, when the device or the
 * network is new and the limits allow. Returns whether a mail was queued.
 */
export async function notifyPartialSignIn(
  deps: TDeps,
  input: {
    tenant: TTenant;
    user: TUser;
    sessionId: string;
    meta: TRequestMeta;
    signals: Pick<TSignInSignals, "newDevice" | "newNetwork">;
  },
): Promise<boolean> {
  const { tenant, user, meta, signals } = input;
  if (!signals.newDevice && !signals.newNetwork) return false;
  const now = deps.now();
  const network = ipPrefix(meta.ip);
  // Keyed by the device cookie; a browser without one (never on the sign-in form) falls back to its network.
  const device = meta.deviceHash ?? `net:${network ?? "unknown"}`;
  const perDevice = await consumeRateLimit(
    deps.store,
    `partial-signin:notice:${tenant.id}:${user.id}:${device}`,
    PARTIAL_SIGN_IN_NOTICE.perDevice.limit,
    PARTIAL_SIGN_IN_NOTICE.perDevice.windowSeconds,
    now,
  );
  if (!perDevice.allowed) return false;
  const perAccount = await consumeRateLimit(
    deps.store,
    `partial-signin:notice:${tenant.id}:${user.id}`,
    PARTIAL_SIGN_IN_NOTICE.perAccount.limit,
    PARTIAL_SIGN_IN_NOTICE.perAccount.windowSeconds,
    now,
  );
  if (!perAccount.allowed) return false;
  await queueMail(
    deps,
    tenant,
    user.email,
    templates.partialSignIn(
      tenant,
      { when: now.toUTCString(), device: describeDevice(meta.userAgent), network: network ?? "unknown" },
      tenantUrl(deps, tenant, "forgot-password"),
    ),
  );
  await recordAudit(deps.store, {
    tenantId: tenant.id,
    userId: user.id,
    type: AUDIT.partialSignInNotified,
    meta,
    data: { sessionId: input.sessionId, newDevice: signals.newDevice, newNetwork: signals.newNetwork },
    at: now,
  });
  return true;
}
