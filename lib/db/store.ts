// Repositories: the only code that talks to Prisma. Every call that reads or writes customer data
// takes the tenant id and puts it in the WHERE clause, so a caller holding an id from another
// tenant finds nothing. Each aggregate has its file in ./repositories; this one composes them into
// the store and its transactions.
import { noteDatabaseFailure } from "./availability";
import type { TPrisma } from "./client";
import { abuseRepositories } from "./repositories/abuse";
import { auditRepositories } from "./repositories/audit";
import { emailCodeRepositories } from "./repositories/email-codes";
import { mailRepositories } from "./repositories/mail";
import { oidcRepositories } from "./repositories/oidc";
import { oidcLogoutRepositories } from "./repositories/oidc-logout";
import { organisationRepositories } from "./repositories/organisations";
import { memberActivityRepositories } from "./repositories/member-activity";
import { passkeyRepositories } from "./repositories/passkeys";
import { passwordRepositories } from "./repositories/passwords";
import { profileRepositories } from "./repositories/profile";
import { rateLimitRepositories } from "./repositories/rate-limits";
import { recoveryRepositories } from "./repositories/recovery";
import { recoveryCodeRepositories } from "./repositories/recovery-codes";
import { riskRepositories } from "./repositories/risk";
import { sessionRepositories } from "./repositories/sessions";
import { stepUpRepositories } from "./repositories/step-up";
import { tenantSettingsRepositories } from "./repositories/tenant-settings";
import { tenantRepositories } from "./repositories/tenants";
import { tokenRepositories } from "./repositories/tokens";
import { totpRepositories } from "./repositories/totp";
import { userRepositories } from "./repositories/users";
import { workforceRepositories } from "./repositories/workforce";
import type { TDb } from "./types";

export type { TThreatStatePatch } from "./repositories/abuse";
export type { TAuditEvent, TAuditInput } from "./repositories/audit";
export type { TSignInEmailCode } from "./repositories/email-codes";
export type { TMailInput, TMailMessage } from "./repositories/mail";
export type { TNewOidcClient, TOidcClientChanges } from "./repositories/oidc";
export type { TOidcLogout, TOidcSessionLink } from "./repositories/oidc-logout";
export type { TNewConnection, TNewInvitation } from "./repositories/organisations";
export type { TPasswordCredential } from "./repositories/passwords";
export type { TProfileAttributeInput } from "./repositories/profile";
export type { TCounter } from "./repositories/rate-limits";
export type { TRecoveryRequest } from "./repositories/recovery";
export type { TKnownDevice } from "./repositories/risk";
export type { TNewSession } from "./repositories/sessions";
export type { TStepUpGrant, TStepUpPolicyInput } from "./repositories/step-up";
export type { TTenantLogo, TTenantSettingsPatch } from "./repositories/tenant-settings";
export type { TTenantInput } from "./repositories/tenants";
export type { TOneTimeToken, TTokenPurpose } from "./repositories/tokens";
export type { TUserStatus } from "./repositories/users";
export type {
  TNewStaffSession,
  TStaffChallengePurpose,
  TStaffInvitation,
  TStaffInvitationStatus,
  TStaffMember,
  TStaffPasskey,
  TStaffRoleRow,
  TStaffSession,
  TStaffSessionStage,
  TStaffToken,
} from "./repositories/workforce";
export type { TDb } from "./types";

/** `mailQueued` is told of every message written to the outbox (see `TStore.onMailQueued`). */
function repositories(db: TDb, mailQueued: () => void) {
  return {
    ...tenantRepositories(db),
    ...tenantSettingsRepositories(db),
    ...userRepositories(db),
    ...passwordRepositories(db),
    ...sessionRepositories(db),
    ...totpRepositories(db),
    ...passkeyRepositories(db),
    ...recoveryCodeRepositories(db),
    ...tokenRepositories(db),
    ...emailCodeRepositories(db),
    ...stepUpRepositories(db),
    ...riskRepositories(db),
    ...recoveryRepositories(db),
    ...workforceRepositories(db),
    ...auditRepositories(db),
    ...mailRepositories(db, mailQueued),
    ...rateLimitRepositories(db),
    ...oidcRepositories(db),
    ...oidcLogoutRepositories(db),
    ...organisationRepositories(db),
    ...memberActivityRepositories(db),
    ...abuseRepositories(db),
    ...profileRepositories(db),
  };
}

// Callers see plain promises of plain rows, never Prisma's lazy query types.
type TPlain<T> = {
  [K in keyof T]: {
    [M in keyof T[K]]: T[K][M] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : T[K][M];
  };
};

export type TRepositories = TPlain<ReturnType<typeof repositories>>;

export type TStore = TRepositories & {
  /**
   * Runs `work` in one database transaction: every write inside commits together or not at all.
   * `rollback(value)` ends the work there, undoes its writes and makes the call return `value`:
   * a lost compare-and-set or a rule found broken half-way is a typed result, not an exception.
   */
  transaction<T>(
    work: (tx: TRepositories, rollback: (value: T) => never, afterCommit: TAfterCommit) => Promise<T>,
  ): Promise<T>;
  /**
   * Registers `listener` to hear that mail was queued: at once for a message written outside a
   * transaction, after the commit for one written inside (never for one rolled back). The mail
   * dispatcher listens, so delivery need not wait for its next poll. Returns the unsubscribe.
   */
  onMailQueued(listener: () => void): () => void;
  /** Cheap round trip for health checks. */
  ping(): Promise<void>;
  disconnect(): Promise<void>;
};

/**
 * Registers `fn` to run once the transaction has committed (never when it rolls back or fails), in
 * the order registered; registering one function twice runs it once. For work that must not see
 * uncommitted rows: telling the mail dispatcher of queued mail is one.
 */
export type TAfterCommit = (fn: () => void) => void;

/** The signal of `rollback(value)` inside `TStore.transaction`: Prisma rolls back on any throw. */
class RolledBack<T> extends Error {
  value: T | undefined;
  constructor() {
    super("transaction rolled back on purpose");
  }
}

export function createStore(prisma: TPrisma): TStore {
  const listeners = new Set<() => void>();
  const mailQueued = () => {
    for (const listener of listeners) listener();
  };
  return {
    ...repositories(prisma, mailQueued),
    // A transaction that cannot even start (no connection) fails here, outside any query.
    transaction: async <T>(
      work: (tx: TRepositories, rollback: (value: T) => never, afterCommit: TAfterCommit) => Promise<T>,
    ): Promise<T> => {
      const committed = new Set<() => void>();
      const afterCommit: TAfterCommit = (fn) => {
        committed.add(fn);
      };
      // Thrown only by this call's `rollback`, so a rollback can never be mistaken for another's.
      const rolledBack = new RolledBack<T>();
      const rollback = (value: T): never => {
        rolledBack.value = value;
        throw rolledBack;
      };
      let result: T;
      try {
        result = await prisma.$transaction(
          (tx) =>
            work(
              repositories(tx, () => afterCommit(mailQueued)),
              rollback,
              afterCommit,
            ),
          { maxWait: 10_000, timeout: 20_000 },
        );
      } catch (error: unknown) {
        if (error === rolledBack) return rolledBack.value as T;
        noteDatabaseFailure(error);
        throw error;
      }
      // Outside the try: the work has committed, whatever these do.
      for (const fn of committed) fn();
      return result;
    },
    onMailQueued: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ping: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
    disconnect: () => prisma.$disconnect(),
  };
}
