// Repositories for customer passkeys and the WebAuthn challenges their ceremonies consume.
import { randomUUID } from "node:crypto";
import { mapNullable, toPasskey } from "../rows";
import type { TDb } from "../types";

export type { TPasskey } from "../../identity/types";

export function passkeyRepositories(db: TDb) {
  return {
    passkeys: {
      listForUser: async (tenantId: string, userId: string) =>
        (await db.passkeyCredential.findMany({ where: { tenantId, userId }, orderBy: { createdAt: "asc" } })).map(
          toPasskey,
        ),
      countForUser: (tenantId: string, userId: string) => db.passkeyCredential.count({ where: { tenantId, userId } }),
      findByCredentialId: async (tenantId: string, credentialId: string) =>
        mapNullable(toPasskey)(await db.passkeyCredential.findFirst({ where: { tenantId, credentialId } })),
      create: async (input: {
        tenantId: string;
        userId: string;
        credentialId: string;
        publicKey: string;
        counter: number;
        transports: readonly string[];
        backupEligible: boolean;
        backedUp: boolean;
        aaguid: string | null;
        name: string;
        at: Date;
        attestationFormat?: string | null;
        attestationRoot?: string | null;
      }) =>
        toPasskey(
          await db.passkeyCredential.create({
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
        ),
      /**
       * Records a use: compare-and-set on the signature counter, so of two concurrent uses that both
       * passed verification against the same stored counter only one is accepted.
       */
      recordUse: async (
        tenantId: string,
        id: string,
        expectedCounter: number,
        newCounter: number,
        backedUp: boolean,
        at: Date,
      ) =>
        (
          await db.passkeyCredential.updateMany({
            where: { tenantId, id, counter: expectedCounter },
            data: { counter: newCounter, backedUp, lastUsedAt: at },
          })
        ).count === 1,
      rename: async (tenantId: string, userId: string, id: string, name: string) =>
        (await db.passkeyCredential.updateMany({ where: { tenantId, userId, id }, data: { name } })).count === 1,
      remove: async (tenantId: string, userId: string, id: string) =>
        (await db.passkeyCredential.deleteMany({ where: { tenantId, userId, id } })).count === 1,
    },

    webauthnChallenges: {
      create: (input: {
        tenantId: string;
        purpose: "registration" | "authentication";
        challenge: string;
        bindingHash: string;
        userId: string | null;
        expiresAt: Date;
        at: Date;
      }) =>
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
      consume: async (
        tenantId: string,
        purpose: "registration" | "authentication",
        challenge: string,
        bindingHash: string,
        now: Date,
      ) => {
        const { count } = await db.webAuthnChallenge.updateMany({
          where: { tenantId, purpose, challenge, bindingHash, consumedAt: null, expiresAt: { gt: now } },
          data: { consumedAt: now },
        });
        if (count !== 1) return null;
        return db.webAuthnChallenge.findFirst({ where: { tenantId, challenge } });
      },
      deleteExpired: async (before: Date) =>
        (await db.webAuthnChallenge.deleteMany({ where: { expiresAt: { lt: before } } })).count,
    },
  };
}
