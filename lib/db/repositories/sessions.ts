// Repository for customer sessions, complete and pending (a sign-in part-way through its stages).
import { randomUUID } from "node:crypto";
import type { TContextEvent, TSession, TSessionStage } from "../../sessions/types";
import { mapNullable, toSession } from "../rows";
import type { TDb } from "../types";

export type { TSession, TSessionStage } from "../../sessions/types";

/** A new session row: what its creator decides; the rest starts empty. */
export type TNewSession = Pick<
  TSession,
  | "tenantId"
  | "userId"
  | "tokenHash"
  | "createdAt"
  | "idleExpiresAt"
  | "absoluteExpiresAt"
  | "ip"
  | "userAgent"
  | "aal"
  | "amr"
  | "methodTimes"
  | "stage"
  | "authTime"
> &
  Partial<Pick<TSession, "deviceHash" | "ipPrefix" | "uaFamily">>;

export function sessionRepositories(db: TDb) {
  return {
    sessions: {
      create: async (input: TNewSession) =>
        toSession(
          await db.session.create({
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
        ),
      findById: async (tenantId: string, id: string) =>
        mapNullable(toSession)(await db.session.findFirst({ where: { tenantId, id } })),
      /** Replaces the cookie token of a live session (on privilege change); the old token stops working. */
      rotateToken: async (tenantId: string, id: string, fromHash: string, toHash: string) =>
        (
          await db.session.updateMany({
            where: { tenantId, id, tokenHash: fromHash, revokedAt: null },
            data: { tokenHash: toHash },
          })
        ).count === 1,
      /** Records a context re-evaluation: the new context, and optionally a downgrade of earlier proofs. */
      recordContext: async (
        tenantId: string,
        id: string,
        data: {
          ip: string | null;
          userAgent: string | null;
          ipPrefix: string | null;
          uaFamily: string | null;
          contextEvent: TContextEvent;
          downgradedAt?: Date;
        },
      ) =>
        (
          await db.session.updateMany({
            where: { tenantId, id, revokedAt: null },
            data: { ...data, contextEvent: JSON.stringify(data.contextEvent) },
          })
        ).count === 1,
      findByTokenHash: async (tenantId: string, tokenHash: string) =>
        mapNullable(toSession)(await db.session.findFirst({ where: { tenantId, tokenHash } })),
      touch: async (tenantId: string, id: string, lastSeenAt: Date, idleExpiresAt: Date | null) =>
        (await db.session.updateMany({ where: { tenantId, id, revokedAt: null }, data: { lastSeenAt, idleExpiresAt } }))
          .count === 1,
      /** Ends one session of one user; returns false when it was not theirs or already ended. */
      revoke: async (tenantId: string, userId: string, id: string, reason: string, at: Date) =>
        (
          await db.session.updateMany({
            where: { tenantId, userId, id, revokedAt: null },
            data: { revokedAt: at, revokedReason: reason },
          })
        ).count === 1,
      /**
       * Ends a pending sign-in in `stage` — the compare-and-set every stage transition goes through:
       * of concurrent requests for one pending sign-in exactly one sees it live in that stage and
       * ends it (on PostgreSQL the others wait on the row lock, then find it ended).
       */
      endStage: async (tenantId: string, userId: string, id: string, stage: TSessionStage, reason: string, at: Date) =>
        (
          await db.session.updateMany({
            where: { tenantId, userId, id, stage, revokedAt: null },
            data: { revokedAt: at, revokedReason: reason },
          })
        ).count === 1,
      /**
       * Counts one second-factor attempt on a live pending sign-in before the code is checked, and
       * returns the attempts made (null when it has ended or used its `limit`). The UPDATE also
       * takes the row lock, so concurrent submissions for one pending sign-in run one at a time.
       */
      reserveFactorAttempt: async (
        tenantId: string,
        userId: string,
        id: string,
        stage: TSessionStage,
        limit: number,
        now: Date,
      ): Promise<number | null> => {
        const { count } = await db.session.updateMany({
          where: {
            tenantId,
            userId,
            id,
            stage,
            revokedAt: null,
            absoluteExpiresAt: { gt: now },
            factorAttempts: { lt: limit },
          },
          data: { factorAttempts: { increment: 1 } },
        });
        if (count !== 1) return null;
        return (
          (await db.session.findFirst({ where: { tenantId, id }, select: { factorAttempts: true } }))?.factorAttempts ??
          null
        );
      },
      /**
       * Sessions past their absolute or idle timeout that no one has ended yet, of every tenant,
       * oldest first: what the expiry sweep ends (`endExpired`).
       */
      listExpired: (now: Date, limit: number) =>
        db.session.findMany({
          where: { revokedAt: null, OR: [{ absoluteExpiresAt: { lte: now } }, { idleExpiresAt: { lte: now } }] },
          orderBy: { absoluteExpiresAt: "asc" },
          take: limit,
          select: { id: true, tenantId: true, userId: true },
        }),
      /**
       * Ends a session that is past its absolute or idle timeout at `now` — a compare-and-set: of two
       * sweeps ending it together exactly one gets true (on PostgreSQL the other waits on the row
       * lock, then finds it ended); a session touched back to life meanwhile is left alone.
       */
      endExpired: async (tenantId: string, id: string, now: Date) =>
        (
          await db.session.updateMany({
            where: {
              tenantId,
              id,
              revokedAt: null,
              OR: [{ absoluteExpiresAt: { lte: now } }, { idleExpiresAt: { lte: now } }],
            },
            data: { revokedAt: now, revokedReason: "expired" },
          })
        ).count === 1,
      /** Which of `ids` still exist, with what decides whether they are live. */
      listStates: (ids: string[]) =>
        db.session.findMany({
          where: { id: { in: ids } },
          select: { id: true, userId: true, revokedAt: true, absoluteExpiresAt: true, idleExpiresAt: true },
        }),
      revokeAllForUser: async (tenantId: string, userId: string, reason: string, at: Date, exceptId?: string) =>
        (
          await db.session.updateMany({
            where: { tenantId, userId, revokedAt: null, ...(exceptId ? { id: { not: exceptId } } : {}) },
            data: { revokedAt: at, revokedReason: reason },
          })
        ).count,
      listActive: async (tenantId: string, userId: string, now: Date) =>
        (
          await db.session.findMany({
            where: {
              tenantId,
              userId,
              revokedAt: null,
              stage: "complete",
              absoluteExpiresAt: { gt: now },
              OR: [{ idleExpiresAt: null }, { idleExpiresAt: { gt: now } }],
            },
            orderBy: { lastSeenAt: "desc" },
          })
        ).map(toSession),
    },
  };
}
