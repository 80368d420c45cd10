// Repositories: the only code that talks to Prisma. Every call that reads or writes customer data
// takes the tenant id and puts it in the WHERE clause, so a caller holding an id from another
// tenant finds nothing.
import { randomUUID } from "node:crypto";
import { noteDatabaseFailure } from "./availability";
import type { TPrisma } from "./client";
import { emailCodeRepositories } from "./store-email-codes";
import { recoveryRepositories } from "./store-recovery";
import { riskRepositories } from "./store-risk";
import { stepUpRepositories } from "./store-step-up";
import { tenantSettingsRepositories } from "./store-tenant-settings";
import { workforceRepositories } from "./store-workforce";
import type {
  AuditEvent,
  MailMessage,
  OneTimeToken,
  PasswordCredential,
  Session,
  Tenant,
  User,
} from "./generated/sqlite/client";

export type TTenant = Tenant;
export type TUser = User;
export type TSession = Session;
export type TOneTimeToken = OneTimeToken;
export type TAuditEvent = AuditEvent;
export type TMailMessage = MailMessage;
export type TPasswordCredential = PasswordCredential;

export type TUserStatus = "active" | "locked" | "disabled";
export type TTokenPurpose = "email_verification" | "password_reset" | "email_change" | "email_change_undo";

/** brandTextColor is optional: a tenant created without one gets black or white text automatically. */
export type TTenantInput = Omit<Tenant, "id" | "createdAt" | "updatedAt" | "brandTextColor"> & { brandTextColor?: string | null };

export type TNewSession = {
  tenantId: string;
  userId: string;
  tokenHash: string;
  createdAt: Date;
  idleExpiresAt: Date | null;
  absoluteExpiresAt: Date;
  ip: string | null;
  userAgent: string | null;
  aal: number;
  amr: string[];
  methodTimes: Record<string, string>;
  stage: TSessionStage;
  authTime: Date;
  deviceHash?: string | null;
  ipPrefix?: string | null;
  uaFamily?: string | null;
};

/**
 * "second_factor": password proven, second factor pending. "enrol_factor": the tenant requires a second factor the user has not set up.
 * "email_code": password proven by a user without a second factor, but the risk engine asked for more: a code mailed to them is pending.
 */
export type TSessionStage = "complete" | "second_factor" | "enrol_factor" | "email_code";

export type TAuditInput = {
  tenantId: string | null;
  userId?: string | null;
  type: string;
  ip?: string | null;
  userAgent?: string | null;
  data?: Record<string, unknown>;
  /** The staff member who acted, for workforce actions. */
  staffId?: string | null;
  /** The staff member's written justification, where one is required. */
  reason?: string | null;
  at: Date;
};

export type TMailInput = {
  tenantId: string | null;
  to: string;
  subject: string;
  text: string;
  html: string;
  status: "pending" | "outbox";
  at: Date;
};

export type TCounter = { count: number; windowStartMs: number; windowEndMs: number };

type TPrismaTx = Parameters<Parameters<TPrisma["$transaction"]>[0]>[0];
export type TDb = TPrisma | TPrismaTx;

function rowToCounter(row: { count: number | bigint; windowStartMs: number | bigint; windowEndMs: number | bigint }): TCounter {
  return { count: Number(row.count), windowStartMs: Number(row.windowStartMs), windowEndMs: Number(row.windowEndMs) };
}

/** `mailQueued` is told of every message written to the outbox (see `TStore.onMailQueued`). */
function repositories(db: TDb, mailQueued: () => void) {
  return {
    ...stepUpRepositories(db),
    ...riskRepositories(db),
    ...recoveryRepositories(db),
    ...workforceRepositories(db),
    ...tenantSettingsRepositories(db),
    ...emailCodeRepositories(db),
    tenants: {
      findBySlug: (slug: string) => db.tenant.findUnique({ where: { slug } }),
      findById: (id: string) => db.tenant.findUnique({ where: { id } }),
      list: () => db.tenant.findMany({ orderBy: { slug: "asc" } }),
      /** Creates the tenant when missing; an existing tenant keeps its settings. */
      ensure: async (input: TTenantInput): Promise<TTenant> => {
        const found = await db.tenant.findUnique({ where: { slug: input.slug } });
        if (found) return found;
        return db.tenant.create({ data: { id: randomUUID(), ...input } });
      },
      create: (input: TTenantInput) => db.tenant.create({ data: { id: randomUUID(), ...input } }),
    },

    users: {
      findByEmail: (tenantId: string, email: string) =>
        db.user.findUnique({ where: { tenantId_email: { tenantId, email } } }),
      findById: (tenantId: string, id: string) => db.user.findFirst({ where: { tenantId, id } }),
      /** Id and address of the tenant's accounts among `ids` (labels for audit rows). */
      listEmailsByIds: (tenantId: string, ids: readonly string[]) =>
        db.user.findMany({ where: { tenantId, id: { in: [...ids] } }, select: { id: true, email: true } }),
      /** Accounts whose address contains `query` (already lower-cased), newest first. */
      search: (tenantId: string, query: string, take: number) =>
        db.user.findMany({ where: { tenantId, ...(query ? { email: { contains: query } } : {}) }, orderBy: { createdAt: "desc" }, take }),
      /** Accounts locked for good (no end time), or for a while that has not ended yet. */
      listLocked: (tenantId: string, now: Date, take: number) =>
        db.user.findMany({ where: { tenantId, OR: [{ status: "locked", lockedUntil: null }, { lockedUntil: { gt: now } }] }, orderBy: { lockedAt: "desc" }, take }),
      create: (input: { tenantId: string; email: string; displayName: string | null; at: Date; signupDeviceHash?: string | null }) =>
        db.user.create({
          data: {
            id: randomUUID(),
            tenantId: input.tenantId,
            email: input.email,
            displayName: input.displayName,
            signupDeviceHash: input.signupDeviceHash ?? null,
            createdAt: input.at,
          },
        }),
      updateProfile: async (tenantId: string, id: string, data: { displayName: string | null }) =>
        (await db.user.updateMany({ where: { tenantId, id }, data })).count === 1,
      /** Marks the address verified only if it is still the user's address. */
      markEmailVerified: async (tenantId: string, id: string, email: string, at: Date) =>
        (await db.user.updateMany({ where: { tenantId, id, email }, data: { emailVerifiedAt: at } })).count === 1,
      setLockState: async (
        tenantId: string,
        id: string,
        data: {
          status: TUserStatus;
          lockReason: string | null;
          lockedAt: Date | null;
          lockedUntil: Date | null;
          failedLoginCount?: number;
          lastFailedAt?: Date | null;
          secondFactorFailures?: number;
        },
      ) => (await db.user.updateMany({ where: { tenantId, id }, data })).count === 1,
      /**
       * Adds one to the account's consecutive password failures (an atomic UPDATE … + 1) and returns
       * the new count. Unlike the throttling counters it never expires: only a success or a
       * recovery resets it, so the permanent lock holds however slowly the guesses come.
       */
      dismissPasskeyOffer: async (tenantId: string, id: string, at: Date) =>
        (await db.user.updateMany({ where: { tenantId, id }, data: { passkeyOfferDismissedAt: at } })).count === 1,
      /** Moves the account to a new address (already confirmed by link); false if it is taken in the tenant. */
      changeEmail: async (tenantId: string, id: string, fromEmail: string, toEmail: string, at: Date) =>
        (await db.user.updateMany({ where: { tenantId, id, email: fromEmail }, data: { email: toEmail, emailVerifiedAt: at } })).count === 1,
      markRecovered: async (tenantId: string, id: string, at: Date) =>
        (await db.user.updateMany({ where: { tenantId, id }, data: { recoveredAt: at, credentialsChangedAt: at } })).count === 1,
      setPayout: async (tenantId: string, id: string, data: { payoutHolder: string; payoutIban: string; payoutChangedAt: Date }) =>
        (await db.user.updateMany({ where: { tenantId, id }, data })).count === 1,
      markCredentialsChanged: async (tenantId: string, id: string, at: Date) =>
        (await db.user.updateMany({ where: { tenantId, id }, data: { credentialsChangedAt: at } })).count === 1,
      resetFailures: async (tenantId: string, id: string) =>
        (await db.user.updateMany({ where: { tenantId, id }, data: { failedLoginCount: 0 } })).count === 1,
      /** Adds one to the account's consecutive second-factor failures (from unknown devices) and returns the new count. */
      recordSecondFactorFailure: async (tenantId: string, id: string): Promise<number | null> => {
        const { count } = await db.user.updateMany({ where: { tenantId, id }, data: { secondFactorFailures: { increment: 1 } } });
        if (count !== 1) return null;
        return (await db.user.findFirst({ where: { tenantId, id }, select: { secondFactorFailures: true } }))?.secondFactorFailures ?? null;
      },
      resetSecondFactorFailures: async (tenantId: string, id: string) =>
        (await db.user.updateMany({ where: { tenantId, id }, data: { secondFactorFailures: 0 } })).count === 1,
      recordFailure: async (tenantId: string, id: string, at: Date): Promise<number | null> => {
        const { count } = await db.user.updateMany({ where: { tenantId, id }, data: { failedLoginCount: { increment: 1 }, lastFailedAt: at } });
        // Read back even when no row matched (an unknown address): both paths make the same two calls.
        const row = await db.user.findFirst({ where: { tenantId, id }, select: { failedLoginCount: true } });
        return count === 1 ? (row?.failedLoginCount ?? null) : null;
      },
    },

    passwords: {
      findByUserId: (tenantId: string, userId: string) =>
        db.passwordCredential.findFirst({ where: { tenantId, userId } }),
      set: (tenantId: string, userId: string, hash: string, at: Date) =>
        db.passwordCredential.upsert({
          where: { userId },
          create: { id: randomUUID(), tenantId, userId, hash, createdAt: at, updatedAt: at },
          update: { hash, updatedAt: at },
        }),
    },

    sessions: {
      create: (input: TNewSession) =>
        db.session.create({
          data: {
            id: randomUUID(),
            tenantId: input.tenantId,
            userId: input.userId,
            tokenHash: input.tokenHash,
            createdAt: input.createdAt,
            lastSeenAt: input.createdAt,
            idleExpiresAt: input.idleExpiresAt,
            absoluteExpiresAt: input.absoluteExpiresAt,
            ip: input.ip,
            userAgent: input.userAgent,
            aal: input.aal,
            amr: JSON.stringify(input.amr),
            methodTimes: JSON.stringify(input.methodTimes),
            stage: input.stage,
            authTime: input.authTime,
            deviceHash: input.deviceHash ?? null,
            ipPrefix: input.ipPrefix ?? null,
            uaFamily: input.uaFamily ?? null,
          },
        }),
      findById: (tenantId: string, id: string) => db.session.findFirst({ where: { tenantId, id } }),
      /** Replaces the cookie token of a live session (on privilege change); the old token stops working. */
      rotateToken: async (tenantId: string, id: string, fromHash: string, toHash: string) =>
        (await db.session.updateMany({ where: { tenantId, id, tokenHash: fromHash, revokedAt: null }, data: { tokenHash: toHash } })).count === 1,
      /** Records a context re-evaluation: the new context, and optionally a downgrade of earlier proofs. */
      recordContext: async (
        tenantId: string,
        id: string,
        data: { ip: string | null; userAgent: string | null; ipPrefix: string | null; uaFamily: string | null; contextEvent: string; downgradedAt?: Date },
      ) => (await db.session.updateMany({ where: { tenantId, id, revokedAt: null }, data })).count === 1,
      findByTokenHash: (tenantId: string, tokenHash: string) =>
        db.session.findFirst({ where: { tenantId, tokenHash } }),
      touch: async (tenantId: string, id: string, lastSeenAt: Date, idleExpiresAt: Date | null) =>
        (await db.session.updateMany({ where: { tenantId, id, revokedAt: null }, data: { lastSeenAt, idleExpiresAt } }))
          .count === 1,
      /** Ends one session of one user; returns false when it was not theirs or already ended. */
      revoke: async (tenantId: string, userId: string, id: string, reason: string, at: Date) =>
        (await db.session.updateMany({
          where: { tenantId, userId, id, revokedAt: null },
          data: { revokedAt: at, revokedReason: reason },
        })).count === 1,
      /**
       * Ends a pending sign-in in `stage` — the compare-and-set every stage transition goes through:
       * of concurrent requests for one pending sign-in exactly one sees it live in that stage and
       * ends it (on PostgreSQL the others wait on the row lock, then find it ended).
       */
      endStage: async (tenantId: string, userId: string, id: string, stage: TSessionStage, reason: string, at: Date) =>
        (await db.session.updateMany({ where: { tenantId, userId, id, stage, revokedAt: null }, data: { revokedAt: at, revokedReason: reason } })).count === 1,
      /**
       * Counts one second-factor attempt on a live pending sign-in before the code is checked, and
       * returns the attempts made (null when it has ended or used its `limit`). The UPDATE also
       * takes the row lock, so concurrent submissions for one pending sign-in run one at a time.
       */
      reserveFactorAttempt: async (tenantId: string, userId: string, id: string, stage: TSessionStage, limit: number, now: Date): Promise<number | null> => {
        const { count } = await db.session.updateMany({
          where: { tenantId, userId, id, stage, revokedAt: null, absoluteExpiresAt: { gt: now }, factorAttempts: { lt: limit } },
          data: { factorAttempts: { increment: 1 } },
        });
        if (count !== 1) return null;
        return (await db.session.findFirst({ where: { tenantId, id }, select: { factorAttempts: true } }))?.factorAttempts ?? null;
      },
      revokeAllForUser: async (tenantId: string, userId: string, reason: string, at: Date, exceptId?: string) =>
        (
          await db.session.updateMany({
            where: { tenantId, userId, revokedAt: null, ...(exceptId ? { id: { not: exceptId } } : {}) },
            data: { revokedAt: at, revokedReason: reason },
          })
        ).count,
      listActive: (tenantId: string, userId: string, now: Date) =>
        db.session.findMany({
          where: {
            tenantId,
            userId,
            revokedAt: null,
            stage: "complete",
            absoluteExpiresAt: { gt: now },
            OR: [{ idleExpiresAt: null }, { idleExpiresAt: { gt: now } }],
          },
          orderBy: { lastSeenAt: "desc" },
        }),
    },

    totp: {
      findByUserId: (tenantId: string, userId: string) => db.totpFactor.findFirst({ where: { tenantId, userId } }),
      /** Starts (or restarts) an enrolment; a confirmed factor is never overwritten here. */
      savePending: async (tenantId: string, userId: string, secretSealed: string, at: Date) => {
        await db.totpFactor.deleteMany({ where: { tenantId, userId, confirmedAt: null } });
        return db.totpFactor.create({ data: { id: randomUUID(), tenantId, userId, secretSealed, createdAt: at } });
      },
      confirm: async (tenantId: string, userId: string, step: number, at: Date) =>
        (await db.totpFactor.updateMany({ where: { tenantId, userId, confirmedAt: null }, data: { confirmedAt: at, lastUsedStep: step } })).count === 1,
      /**
       * Records that the code of `step` was used. Conditional on the stored step being older, so of
       * two concurrent uses of one code exactly one changes the row.
       */
      useStep: async (tenantId: string, userId: string, step: number) =>
        (
          await db.totpFactor.updateMany({
            where: { tenantId, userId, confirmedAt: { not: null }, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }] },
            data: { lastUsedStep: step },
          })
        ).count === 1,
      remove: async (tenantId: string, userId: string) => (await db.totpFactor.deleteMany({ where: { tenantId, userId } })).count,
    },

    passkeys: {
      listForUser: (tenantId: string, userId: string) => db.passkeyCredential.findMany({ where: { tenantId, userId }, orderBy: { createdAt: "asc" } }),
      countForUser: (tenantId: string, userId: string) => db.passkeyCredential.count({ where: { tenantId, userId } }),
      findByCredentialId: (tenantId: string, credentialId: string) => db.passkeyCredential.findFirst({ where: { tenantId, credentialId } }),
      create: (input: {
        tenantId: string;
        userId: string;
        credentialId: string;
        publicKey: string;
        counter: number;
        transports: string[];
        backupEligible: boolean;
        backedUp: boolean;
        aaguid: string | null;
        name: string;
        at: Date;
        attestationFormat?: string | null;
        attestationRoot?: string | null;
      }) =>
        db.passkeyCredential.create({
          data: {
            id: randomUUID(),
            tenantId: input.tenantId,
            userId: input.userId,
            credentialId: input.credentialId,
            publicKey: input.publicKey,
            counter: input.counter,
            transports: JSON.stringify(input.transports),
            backupEligible: input.backupEligible,
            backedUp: input.backedUp,
            aaguid: input.aaguid,
            name: input.name,
            createdAt: input.at,
            attestationFormat: input.attestationFormat ?? null,
            attestationRoot: input.attestationRoot ?? null,
          },
        }),
      /**
       * Records a use: compare-and-set on the signature counter, so of two concurrent uses that both
       * passed verification against the same stored counter only one is accepted.
       */
      recordUse: async (tenantId: string, id: string, expectedCounter: number, newCounter: number, backedUp: boolean, at: Date) =>
        (await db.passkeyCredential.updateMany({ where: { tenantId, id, counter: expectedCounter }, data: { counter: newCounter, backedUp, lastUsedAt: at } }))
          .count === 1,
      rename: async (tenantId: string, userId: string, id: string, name: string) =>
        (await db.passkeyCredential.updateMany({ where: { tenantId, userId, id }, data: { name } })).count === 1,
      remove: async (tenantId: string, userId: string, id: string) => (await db.passkeyCredential.deleteMany({ where: { tenantId, userId, id } })).count === 1,
    },

    webauthnChallenges: {
      create: (input: { tenantId: string; purpose: "registration" | "authentication"; challenge: string; bindingHash: string; userId: string | null; expiresAt: Date; at: Date }) =>
        db.webAuthnChallenge.create({
          data: {
            id: randomUUID(),
            tenantId: input.tenantId,
            purpose: input.purpose,
            challenge: input.challenge,
            bindingHash: input.bindingHash,
            userId: input.userId,
            expiresAt: input.expiresAt,
            createdAt: input.at,
          },
        }),
      /**
       * Uses a challenge up: it must belong to this tenant, purpose and browser (binding), be unexpired
       * and unused. One conditional UPDATE, so a challenge is consumed at most once on any node.
       */
      consume: async (tenantId: string, purpose: "registration" | "authentication", challenge: string, bindingHash: string, now: Date) => {
        const { count } = await db.webAuthnChallenge.updateMany({
          where: { tenantId, purpose, challenge, bindingHash, consumedAt: null, expiresAt: { gt: now } },
          data: { consumedAt: now },
        });
        if (count !== 1) return null;
        return db.webAuthnChallenge.findFirst({ where: { tenantId, challenge } });
      },
      deleteExpired: async (before: Date) => (await db.webAuthnChallenge.deleteMany({ where: { expiresAt: { lt: before } } })).count,
    },

    recoveryCodes: {
      /** Replaces the whole set: the old codes stop working in the same transaction. */
      replaceAll: async (tenantId: string, userId: string, codeHashes: string[], at: Date) => {
        await db.recoveryCode.deleteMany({ where: { tenantId, userId } });
        for (const codeHash of codeHashes) {
          await db.recoveryCode.create({ data: { id: randomUUID(), tenantId, userId, codeHash, createdAt: at } });
        }
      },
      /** Uses a code up; a conditional UPDATE, so a code works once even under concurrency. */
      consume: async (tenantId: string, userId: string, codeHash: string, at: Date) =>
        (await db.recoveryCode.updateMany({ where: { tenantId, userId, codeHash, usedAt: null }, data: { usedAt: at } })).count === 1,
      countRemaining: (tenantId: string, userId: string) => db.recoveryCode.count({ where: { tenantId, userId, usedAt: null } }),
      removeAll: async (tenantId: string, userId: string) => (await db.recoveryCode.deleteMany({ where: { tenantId, userId } })).count,
    },

    tokens: {
      create: (input: {
        tenantId: string;
        userId: string;
        purpose: TTokenPurpose;
        tokenHash: string;
        email: string;
        expiresAt: Date;
        at: Date;
      }) =>
        db.oneTimeToken.create({
          data: {
            id: randomUUID(),
            tenantId: input.tenantId,
            userId: input.userId,
            purpose: input.purpose,
            tokenHash: input.tokenHash,
            email: input.email,
            expiresAt: input.expiresAt,
            createdAt: input.at,
          },
        }),
      /** Looks a token up without using it (to show the right page before the form is sent). */
      findUsable: (tenantId: string, purpose: TTokenPurpose, tokenHash: string, now: Date) =>
        db.oneTimeToken.findFirst({ where: { tenantId, purpose, tokenHash, consumedAt: null, expiresAt: { gt: now } } }),
      /**
       * Uses a token up. The conditional UPDATE is the single point of truth: of two concurrent
       * redemptions, only one sees `consumedAt IS NULL` and changes a row.
       */
      consume: async (tenantId: string, purpose: TTokenPurpose, tokenHash: string, now: Date) => {
        const { count } = await db.oneTimeToken.updateMany({
          where: { tenantId, purpose, tokenHash, consumedAt: null, expiresAt: { gt: now } },
          data: { consumedAt: now },
        });
        if (count !== 1) return null;
        return db.oneTimeToken.findFirst({ where: { tenantId, purpose, tokenHash } });
      },
      /** Invalidates every outstanding token of a purpose (a new link replaces the old ones). */
      revokeOutstanding: async (tenantId: string, userId: string, purpose: TTokenPurpose, now: Date) =>
        (await db.oneTimeToken.updateMany({ where: { tenantId, userId, purpose, consumedAt: null }, data: { consumedAt: now } }))
          .count,
      countIssuedSince: (tenantId: string, userId: string, purpose: TTokenPurpose, since: Date) =>
        db.oneTimeToken.count({ where: { tenantId, userId, purpose, createdAt: { gte: since } } }),
      latestIssued: (tenantId: string, userId: string, purpose: TTokenPurpose) =>
        db.oneTimeToken.findFirst({ where: { tenantId, userId, purpose }, orderBy: { createdAt: "desc" } }),
    },

    audit: {
      record: (input: TAuditInput) =>
        db.auditEvent.create({
          data: {
            id: randomUUID(),
            tenantId: input.tenantId,
            userId: input.userId ?? null,
            type: input.type,
            ip: input.ip ?? null,
            userAgent: input.userAgent ?? null,
            data: JSON.stringify(input.data ?? {}),
            staffId: input.staffId ?? null,
            reason: input.reason ?? null,
            createdAt: input.at,
          },
        }),
      list: (tenantId: string, filter: { userId?: string; type?: string; since?: Date; limit?: number } = {}) =>
        db.auditEvent.findMany({
          where: {
            tenantId,
            ...(filter.userId ? { userId: filter.userId } : {}),
            ...(filter.type ? { type: filter.type } : {}),
            ...(filter.since ? { createdAt: { gte: filter.since } } : {}),
          },
          orderBy: { createdAt: "desc" },
          take: filter.limit ?? 100,
        }),
      /**
       * One page of a tenant's audit log, newest first, for the admin console and its CSV export.
       * `before` is the (createdAt, id) of the last row already shown: ordering by both makes the
       * cursor exact even when many events share a timestamp. `to` is exclusive.
       */
      page: (
        tenantId: string,
        filter: { userId?: string; type?: string; from?: Date; to?: Date; before?: { createdAt: Date; id: string }; limit: number },
      ) =>
        db.auditEvent.findMany({
          where: {
            AND: [
              { tenantId },
              filter.userId ? { userId: filter.userId } : {},
              filter.type ? { type: filter.type } : {},
              filter.from ? { createdAt: { gte: filter.from } } : {},
              filter.to ? { createdAt: { lt: filter.to } } : {},
              filter.before
                ? { OR: [{ createdAt: { lt: filter.before.createdAt } }, { createdAt: filter.before.createdAt, id: { lt: filter.before.id } }] }
                : {},
            ],
          },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: filter.limit,
        }),
      /**
       * A tenant's event counts of `types` in each half-open range [start, end): what the dashboard
       * charts. Counted in the database on the (tenantId, type, createdAt) index, one grouped
       * query per range, so memory stays flat however many events a spike brings.
       */
      countByTypeInRanges: (tenantId: string, types: readonly string[], ranges: ReadonlyArray<{ start: Date; end: Date }>) =>
        Promise.all(
          ranges.map(async ({ start, end }) =>
            (
              await db.auditEvent.groupBy({ by: ["type"], where: { tenantId, type: { in: [...types] }, createdAt: { gte: start, lt: end } }, _count: { _all: true } })
            ).map((row) => ({ type: row.type, count: row._count._all })),
          ),
        ),
    },

    staffAudit: {
      /** What one staff member did (and what was done to their account), newest first. */
      listForStaff: (staffId: string, limit = 100) => db.auditEvent.findMany({ where: { staffId }, orderBy: { createdAt: "desc" }, take: limit }),
    },

    mail: {
      enqueue: async (input: TMailInput) => {
        const message = await db.mailMessage.create({
          data: {
            id: randomUUID(),
            tenantId: input.tenantId,
            to: input.to,
            subject: input.subject,
            text: input.text,
            html: input.html,
            status: input.status,
            createdAt: input.at,
            nextTryAt: input.at,
          },
        });
        mailQueued();
        return message;
      },
      /**
       * Claims up to `limit` due messages for this node. The status flip is conditional, so two
       * nodes polling together never send one message twice.
       */
      claimDue: async (now: Date, limit: number): Promise<TMailMessage[]> => {
        const due = await db.mailMessage.findMany({
          where: { status: "pending", nextTryAt: { lte: now } },
          orderBy: { createdAt: "asc" },
          take: limit,
          select: { id: true },
        });
        const claimed: TMailMessage[] = [];
        for (const { id } of due) {
          const { count } = await db.mailMessage.updateMany({
            where: { id, status: "pending" },
            data: { status: "sending", attempts: { increment: 1 } },
          });
          if (count === 1) {
            const message = await db.mailMessage.findUnique({ where: { id } });
            if (message) claimed.push(message);
          }
        }
        return claimed;
      },
      markSent: (id: string, at: Date) =>
        db.mailMessage.update({ where: { id }, data: { status: "sent", sentAt: at, text: null, html: null, lastError: null } }),
      markFailed: (id: string, error: string, nextTryAt: Date, final: boolean) =>
        db.mailMessage.update({
          where: { id },
          data: { status: final ? "failed" : "pending", lastError: error.slice(0, 500), nextTryAt },
        }),
      /** Requeues messages left in "sending" by a node that died mid-send. */
      requeueStale: async (olderThan: Date) =>
        (await db.mailMessage.updateMany({ where: { status: "sending", nextTryAt: { lt: olderThan } }, data: { status: "pending" } }))
          .count,
      listOutbox: (limit: number) =>
        db.mailMessage.findMany({ where: { status: "outbox" }, orderBy: { createdAt: "desc" }, take: limit }),
      findOutboxMessage: (id: string) => db.mailMessage.findFirst({ where: { id, status: "outbox" } }),
    },

    rateLimits: {
      /**
       * Counts one hit against `key` atomically (one INSERT … ON CONFLICT statement, valid on SQLite
       * and PostgreSQL) and returns the counter after the hit. A fixed window restarts when it has
       * ended; a sliding one moves its end to now + window on every hit.
       */
      hit: async (key: string, nowMs: number, windowMs: number, mode: "fixed" | "sliding" = "fixed"): Promise<TCounter> => {
        const now = BigInt(nowMs);
        const end = BigInt(nowMs + windowMs);
        const rows =
          mode === "fixed"
            ? await db.$queryRaw<TCounter[]>`
              INSERT INTO "RateLimitCounter" ("key", "count", "windowStartMs", "windowEndMs") VALUES (${key}, 1, ${now}, ${end})
              ON CONFLICT ("key") DO UPDATE SET
                "count" = CASE WHEN "RateLimitCounter"."windowEndMs" <= ${now} THEN 1 ELSE "RateLimitCounter"."count" + 1 END,
                "windowStartMs" = CASE WHEN "RateLimitCounter"."windowEndMs" <= ${now} THEN ${now} ELSE "RateLimitCounter"."windowStartMs" END,
                "windowEndMs" = CASE WHEN "RateLimitCounter"."windowEndMs" <= ${now} THEN ${end} ELSE "RateLimitCounter"."windowEndMs" END
              RETURNING "count", "windowStartMs", "windowEndMs"`
            : await db.$queryRaw<TCounter[]>`
              INSERT INTO "RateLimitCounter" ("key", "count", "windowStartMs", "windowEndMs") VALUES (${key}, 1, ${now}, ${end})
              ON CONFLICT ("key") DO UPDATE SET
                "count" = CASE WHEN "RateLimitCounter"."windowEndMs" <= ${now} THEN 1 ELSE "RateLimitCounter"."count" + 1 END,
                "windowStartMs" = ${now},
                "windowEndMs" = ${end}
              RETURNING "count", "windowStartMs", "windowEndMs"`;
        const row = rows[0];
        if (!row) throw new Error("rate limit counter returned no row");
        return rowToCounter(row);
      },
      /** The live counter for `key`, or null when there is none or its window has ended. */
      get: async (key: string, nowMs: number): Promise<TCounter | null> => {
        const row = await db.rateLimitCounter.findUnique({ where: { key } });
        if (!row || Number(row.windowEndMs) <= nowMs) return null;
        return rowToCounter(row);
      },
      reset: async (key: string) => {
        await db.rateLimitCounter.deleteMany({ where: { key } });
      },
    },
  };
}

// Callers see plain promises of plain rows, never Prisma's lazy query types.
type TPlain<T> = {
  [K in keyof T]: { [M in keyof T[K]]: T[K][M] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : T[K][M] };
};

export type TRepositories = TPlain<ReturnType<typeof repositories>>;

export type TStore = TRepositories & {
  /**
   * Runs `work` in one database transaction: every write inside commits together or not at all.
   * `rollback(value)` ends the work there, undoes its writes and makes the call return `value`:
   * a lost compare-and-set or a rule found broken half-way is a typed result, not an exception.
   */
  transaction<T>(work: (tx: TRepositories, rollback: (value: T) => never) => Promise<T>): Promise<T>;
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
    transaction: async <T>(work: (tx: TRepositories, rollback: (value: T) => never) => Promise<T>): Promise<T> => {
      let queued = false;
      // Thrown only by this call's `rollback`, so a rollback can never be mistaken for another's.
      const rolledBack = new RolledBack<T>();
      const rollback = (value: T): never => {
        rolledBack.value = value;
        throw rolledBack;
      };
      try {
        const result = await prisma.$transaction(
          (tx) =>
            work(
              repositories(tx, () => {
                queued = true;
              }),
              rollback,
            ),
          { maxWait: 10_000, timeout: 20_000 },
        );
        if (queued) mailQueued();
        return result;
      } catch (error: unknown) {
        if (error === rolledBack) return rolledBack.value as T;
        noteDatabaseFailure(error);
        throw error;
      }
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
