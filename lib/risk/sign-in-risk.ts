// The risk engine at sign-in: signals from what the database knows about this user's devices,
// networks and failures; a decision; and, once a sign-in completes, remembering the context and
// telling the user about a new device.
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TRepositories, TStore } from "../db/store";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { queueMail, tenantUrl } from "../mail/queue-mail";
import { templates } from "../mail/templates";
import { isRecentlyRecovered } from "./cool-down";
import { describeDevice } from "./context";
import { ipPrefix, looksAutomated, userAgentFamily } from "./context";
import { decideSignIn, type TRiskOutcome, type TSignInSignals } from "./decide";
import { riskPolicyOf } from "./policy";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";

const IP_FAILURE_WINDOW_MS = 60 * 60_000;

function ipFailureKey(tenantId: string, ip: string): string {
  return `risk:ipfail:${tenantId}:${ip}`;
}

/** Counts a failed password from this address (the velocity signal). */
export async function recordIpFailure(
  tx: Pick<TRepositories, "rateLimits">,
  tenantId: string,
  ip: string | null,
  now: Date,
) {
  if (ip) await tx.rateLimits.hit(ipFailureKey(tenantId, ip), now.getTime(), IP_FAILURE_WINDOW_MS, "fixed");
}

/**
 * Forgets the devices and networks an account has signed in from. Used at the first proof of the
 * mailbox of an account nobody had confirmed: whoever signed in before it was not a proven owner,
 * and their browser must not stay "known" (no risk step-up, its own lockout budget).
 */
export async function forgetSignInHistory(
  tx: Pick<TRepositories, "knownDevices" | "knownNetworks">,
  tenantId: string,
  userId: string,
) {
  const devices = await tx.knownDevices.forgetAll(tenantId, userId);
  const networks = await tx.knownNetworks.forgetAll(tenantId, userId);
  return { devices, networks };
}

export function credentialsRecentlyChanged(
  user: Pick<TUser, "credentialsChangedAt">,
  hours: number,
  now: Date,
): boolean {
  return user.credentialsChangedAt !== null && now.getTime() - user.credentialsChangedAt.getTime() < hours * 3_600_000;
}

/**
 * `failures` overrides the account's failure count for a sign-in whose wrong passwords are counted
 * elsewhere: a known device's own budget (the device-cookie exemption). Guessing from other
 * devices then neither locks nor steps up the owner's device; its own recent failures still do.
 */
export async function signInSignals(
  store: Pick<TStore, "knownDevices" | "knownNetworks" | "rateLimits">,
  tenant: TTenant,
  user: TUser,
  meta: TRequestMeta,
  now: Date,
  failures?: number,
): Promise<TSignInSignals> {
  const prefix = ipPrefix(meta.ip);
  const [device, network, ipCounter] = await Promise.all([
    meta.deviceHash ? store.knownDevices.find(tenant.id, user.id, meta.deviceHash) : Promise.resolve(null),
    prefix ? store.knownNetworks.find(tenant.id, user.id, prefix) : Promise.resolve(null),
    meta.ip ? store.rateLimits.get(ipFailureKey(tenant.id, meta.ip), now.getTime()) : Promise.resolve(null),
  ]);
  // A known device or network already shows the account has signed in before; only when both are
  // new do the counts decide whether this is its very first sign-in.
  const firstSeen =
    !device &&
    !network &&
    (
      await Promise.all([store.knownDevices.count(tenant.id, user.id), store.knownNetworks.count(tenant.id, user.id)])
    ).every((n) => n === 0);
  const policy = riskPolicyOf(tenant);
  return {
    newDevice: !device,
    newNetwork: prefix !== null && !network,
    firstSeen,
    accountFailures: failures ?? user.failedLoginCount,
    ipFailures: ipCounter?.count ?? 0,
    automatedUserAgent: looksAutomated(meta.userAgent),
    recentlyRecovered: isRecentlyRecovered(user, tenant, now),
    credentialsRecentlyChanged: credentialsRecentlyChanged(user, policy.credentialsChangedHours, now),
  };
}

export async function assessSignIn(
  store: Pick<TStore, "knownDevices" | "knownNetworks" | "rateLimits">,
  tenant: TTenant,
  user: TUser,
  meta: TRequestMeta,
  now: Date,
  failures?: number,
): Promise<{ signals: TSignInSignals; outcome: TRiskOutcome }> {
  const signals = await signInSignals(store, tenant, user, meta, now, failures);
  return { signals, outcome: decideSignIn(signals, riskPolicyOf(tenant)) };
}

/**
 * Every completed sign-in goes through here, in the transaction that creates its session (`deps`
 * bound to it): the
 * audit event with the risk decision and reasons, the device and network remembered, and a mail
 * when the device is new to an account that has signed in before.
 *
 * A sign-in that was just decided on an assessment made in the same request (password, passkey)
 * hands it over: assessing again would repeat the same five reads for the same answer, on the
 * hottest path of the portal, and the audit row then records the assessment that decided.
 */
export async function completeSignIn(
  deps: TDeps,
  input: {
    tenant: TTenant;
    user: TUser;
    sessionId: string;
    meta: TRequestMeta;
    method: string;
    data?: Record<string, unknown>;
    assessment?: { signals: TSignInSignals; outcome: TRiskOutcome };
  },
) {
  const { tenant, user, meta } = input;
  const now = deps.now();
  const { signals, outcome } = input.assessment ?? (await assessSignIn(deps.store, tenant, user, meta, now));
  await recordAudit(deps.store, {
    tenantId: tenant.id,
    userId: user.id,
    type: AUDIT.userSignedIn,
    meta,
    data: {
      sessionId: input.sessionId,
      method: input.method,
      ...input.data,
      risk: { decision: outcome.decision, reasons: outcome.reasons },
    },
    at: now,
  });
  const family = userAgentFamily(meta.userAgent);
  if (meta.deviceHash)
    await deps.store.knownDevices.remember({
      tenantId: tenant.id,
      userId: user.id,
      deviceHash: meta.deviceHash,
      uaFamily: family,
      at: now,
    });
  const prefix = ipPrefix(meta.ip);
  if (prefix) await deps.store.knownNetworks.remember({ tenantId: tenant.id, userId: user.id, prefix, at: now });
  if (signals.newDevice && !signals.firstSeen && riskPolicyOf(tenant).notifyNewDevice) {
    await queueMail(
      deps,
      tenant,
      user.email,
      templates.newDeviceSignIn(
        tenant,
        { when: now.toUTCString(), device: describeDevice(meta.userAgent), ip: meta.ip },
        tenantUrl(deps, tenant, "account/sessions"),
      ),
    );
  }
  return outcome;
}

/** A sign-in the risk engine refuses is audited (outside any rolled-back transaction). */
export async function recordBlockedSignIn(
  deps: TDeps,
  tenant: TTenant,
  user: TUser,
  meta: TRequestMeta,
  outcome: TRiskOutcome,
  method: string,
) {
  await recordAudit(deps.store, {
    tenantId: tenant.id,
    userId: user.id,
    type: AUDIT.signInRiskAssessed,
    meta,
    data: { method, decision: outcome.decision, reasons: outcome.reasons },
    at: deps.now(),
  });
}
