// The tenant's abuse threat level: calm → elevated → attack, from the sign-in counters every node
// writes (AbuseStat), compared with the tenant's own baseline; back down by itself one level per
// quiet period. A tenant admin may hold a level by hand ("under attack") and lower it again.
//
// Whichever node asks first after `EVALUATE_EVERY_MS` re-evaluates, guarded by a compare-and-set
// on `evaluatedAt`, so exactly one records (and audits) each change. With the tenant's adaptive
// defences off (riskPolicy.adaptiveChallenges) the level is always calm.
import { AUDIT } from "../audit/catalog";
import { recordAudit, recordStaffAudit } from "../audit/events";
import type { TConsoleAuthority } from "../kernel/authority";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import type { TTenant } from "../tenancy/types";
import type { TAbuseStatKind, TThreatLevel, TThreatState } from "./types";

/** The sliding window the level is judged over. */
export const THREAT_WINDOW_MS = 5 * 60_000;
/** How stale an evaluation may be before the next request re-evaluates. */
export const EVALUATE_EVERY_MS = 5_000;
/** After the last hot evaluation, how long until the level steps down one notch. */
export const QUIET_PERIOD_MS = 10 * 60_000;
/** A level held by hand lasts this long unless the admin lowers it sooner. */
export const MANUAL_HOLD_MS = 24 * 60 * 60_000;

/** The thresholds over one window: failures seen, and their share against the tenant's baseline. */
export const THREAT_THRESHOLDS = {
  elevated: { minFailures: 20, minRatio: 0.4, baselineFactor: 2 },
  attack: { minFailures: 100, minRatio: 0.6, baselineFactor: 3 },
  /** So many failures in one window is an attack whatever the ratio (a flood drowning real traffic). */
  floodFailures: 1000,
  /** The baseline moves only in calm windows with this many attempts, and stays in these bounds. */
  baselineMinAttempts: 20,
  baselineBounds: { min: 0.05, max: 0.5 },
  baselineWeight: 0.02,
} as const;

const RANK: Record<TThreatLevel, number> = { calm: 0, elevated: 1, attack: 2 };
const BY_RANK: readonly TThreatLevel[] = ["calm", "elevated", "attack"];

export const higherLevel = (a: TThreatLevel, b: TThreatLevel): TThreatLevel => (RANK[a] >= RANK[b] ? a : b);
export const levelAtLeast = (level: TThreatLevel, floor: TThreatLevel) => RANK[level] >= RANK[floor];

/** The level one window's counters give on their own. */
export function levelOfWindow(
  counts: Pick<Record<TAbuseStatKind, number>, "sign_in_attempt" | "sign_in_failure">,
  baseline: number,
): TThreatLevel {
  const failures = counts.sign_in_failure;
  const attempts = Math.max(counts.sign_in_attempt, failures);
  if (failures >= THREAT_THRESHOLDS.floodFailures) return "attack";
  const ratio = attempts === 0 ? 0 : failures / attempts;
  const { attack, elevated } = THREAT_THRESHOLDS;
  if (failures >= attack.minFailures && ratio >= Math.max(attack.minRatio, baseline * attack.baselineFactor))
    return "attack";
  if (failures >= elevated.minFailures && ratio >= Math.max(elevated.minRatio, baseline * elevated.baselineFactor))
    return "elevated";
  return "calm";
}

/**
 * The next automatic state from the previous one and this window's counters: up at once, down one
 * level once a quiet period has passed since the last hot window. Pure.
 */
export function nextAutoState(
  state: Pick<TThreatState, "autoLevel" | "lastHotAt" | "baselineFailureRatio" | "baselineSamples">,
  counts: Pick<Record<TAbuseStatKind, number>, "sign_in_attempt" | "sign_in_failure">,
  now: Date,
): Pick<TThreatState, "autoLevel" | "lastHotAt" | "baselineFailureRatio" | "baselineSamples"> {
  const observed = levelOfWindow(counts, state.baselineFailureRatio);
  let autoLevel = state.autoLevel;
  let lastHotAt = state.lastHotAt;
  if (RANK[observed] >= RANK[state.autoLevel] && observed !== "calm") {
    autoLevel = observed;
    lastHotAt = now;
  } else if (RANK[observed] < RANK[state.autoLevel]) {
    const quietSince = lastHotAt?.getTime() ?? 0;
    if (now.getTime() - quietSince >= QUIET_PERIOD_MS) {
      autoLevel = BY_RANK[Math.max(RANK[observed], RANK[state.autoLevel] - 1)]!;
      // The next step down waits a whole quiet period again.
      lastHotAt = autoLevel === "calm" ? lastHotAt : now;
    }
  }
  let { baselineFailureRatio, baselineSamples } = state;
  const { baselineMinAttempts, baselineBounds, baselineWeight } = THREAT_THRESHOLDS;
  if (observed === "calm" && autoLevel === "calm" && counts.sign_in_attempt >= baselineMinAttempts) {
    const ratio = counts.sign_in_failure / counts.sign_in_attempt;
    const weight = Math.max(baselineWeight, 1 / (baselineSamples + 1));
    baselineFailureRatio = Math.min(
      baselineBounds.max,
      Math.max(baselineBounds.min, baselineFailureRatio * (1 - weight) + ratio * weight),
    );
    baselineSamples += 1;
  }
  return { autoLevel, lastHotAt, baselineFailureRatio, baselineSamples };
}

/** The level in force: the automatic one, or a higher one held by hand. */
export function effectiveLevel(state: TThreatState, now: Date): TThreatLevel {
  const manual = state.manualLevel && state.manualUntil && state.manualUntil > now ? state.manualLevel : null;
  return manual ? higherLevel(state.autoLevel, manual) : state.autoLevel;
}

export type TThreatReading = { level: TThreatLevel; state: TThreatState | null };

/**
 * The tenant's level now, re-evaluating when the last evaluation is stale. Level changes are
 * audited by the node whose compare-and-set won.
 */
export async function currentThreatLevel(deps: TDeps, tenant: TTenant): Promise<TThreatReading> {
  if (!tenant.riskPolicy.adaptiveChallenges) return { level: "calm", state: null };
  const now = deps.now();
  let state = (await deps.store.threatStates.get(tenant.id)) ?? (await deps.store.threatStates.ensure(tenant.id, now));
  if (now.getTime() - state.evaluatedAt.getTime() >= EVALUATE_EVERY_MS) {
    const counts = await deps.store.abuseStats.sum(tenant.id, new Date(now.getTime() - THREAT_WINDOW_MS));
    const next = nextAutoState(state, counts, now);
    const before = effectiveLevel(state, now);
    const after = effectiveLevel({ ...state, ...next }, now);
    const patch = { ...next, evaluatedAt: now, ...(after !== before ? { levelSince: now } : {}) };
    const won = await deps.store.threatStates.compareAndSet(tenant.id, state.evaluatedAt, patch);
    if (won) {
      state = { ...state, ...patch };
      if (after !== before)
        await recordAudit(deps.store, {
          tenantId: tenant.id,
          type: AUDIT.threatLevelChanged,
          data: {
            from: before,
            to: after,
            cause: "signals",
            failures: counts.sign_in_failure,
            attempts: counts.sign_in_attempt,
          },
          at: now,
        });
    }
  }
  return { level: effectiveLevel(state, now), state };
}

/**
 * A tenant admin raises the level by hand (held for a day unless lowered), or lowers it: "calm"
 * drops the held level and resets the automatic one, which rises again only if the signals do.
 */
export async function setThreatLevelByHand(
  deps: TDeps,
  input: { authority: TConsoleAuthority; tenant: TTenant; level: TThreatLevel; meta: TRequestMeta },
): Promise<{ from: TThreatLevel; to: TThreatLevel }> {
  const now = deps.now();
  return withTransaction(deps, async (txDeps) => {
    const state = await txDeps.store.threatStates.ensure(input.tenant.id, now);
    const from = effectiveLevel(state, now);
    const patch =
      input.level === "calm"
        ? { manualLevel: null, manualSetAt: now, manualUntil: null, autoLevel: "calm" as const, lastHotAt: null }
        : { manualLevel: input.level, manualSetAt: now, manualUntil: new Date(now.getTime() + MANUAL_HOLD_MS) };
    const to = effectiveLevel({ ...state, ...patch }, now);
    await txDeps.store.threatStates.update(input.tenant.id, { ...patch, ...(to !== from ? { levelSince: now } : {}) });
    await recordStaffAudit(txDeps.store, {
      staffId: input.authority.staffId,
      tenantId: input.tenant.id,
      type: AUDIT.threatLevelChanged,
      meta: input.meta,
      data: { from, to, cause: "admin", held: input.level === "calm" ? null : input.level },
      at: now,
    });
    return { from, to };
  });
}
