// Repositories of the tenants' OpenID Providers: registered apps, signing keys, and the provider's
// own state (interactions, sessions, grants, codes, tokens). Every query names the tenant, and the
// state key starts with it, so one tenant's provider never finds another's values. Consuming a
// code or a refresh token is one conditional update: of two concurrent requests on two nodes, one
// wins.
import { randomUUID } from "node:crypto";
import {
  OIDC_SCOPES,
  ZStatePayload,
  type TOidcClient,
  type TOidcClientType,
  type TOidcConsent,
  type TOidcScope,
  type TOidcSigningAlg,
  type TOidcSigningKey,
  type TOidcStateRow,
} from "../../oidc/types";
import type { OidcClient, OidcConsent, OidcSigningKey, OidcState } from "../generated/sqlite/client";
import type { TDb } from "../types";

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function stringsOf(text: string): string[] {
  const value = parseJson(text);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function clientOf(row: OidcClient): TOidcClient {
  return {
    ...row,
    type: row.type === "public" ? "public" : "confidential",
    redirectUris: stringsOf(row.redirectUris),
    postLogoutRedirectUris: stringsOf(row.postLogoutRedirectUris),
    scopes: row.scopes
      .split(" ")
      .filter((scope): scope is TOidcScope => (OIDC_SCOPES as readonly string[]).includes(scope)),
  };
}

function keyOf(row: OidcSigningKey): TOidcSigningKey {
  return { ...row, alg: row.alg === "ES256" ? "ES256" : "RS256" };
}

function stateOf(row: OidcState): TOidcStateRow | null {
  const payload = ZStatePayload.safeParse(parseJson(row.payload));
  if (!payload.success) return null;
  const id = row.key.slice(row.tenantId.length + row.model.length + 2);
  return { model: row.model, id, payload: payload.data, consumedAt: row.consumedAt, expiresAt: row.expiresAt };
}

function consentOf(row: OidcConsent): TOidcConsent {
  return {
    clientId: row.clientId,
    userId: row.userId,
    scopes: row.scopes.split(" ").filter(Boolean),
    claims: row.claims.split(" ").filter(Boolean),
    grantedAt: row.grantedAt,
    updatedAt: row.updatedAt,
  };
}

const stateKey = (tenantId: string, model: string, id: string) => `${tenantId}:${model}:${id}`;

/** A row past its expiry is as good as gone, even before the sweep removes it. */
const live = (now: Date) => ({ OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] });

export type TNewOidcClient = {
  tenantId: string;
  clientId: string;
  name: string;
  type: TOidcClientType;
  secretHash: string | null;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  scopes: TOidcScope[];
  firstParty: boolean;
  minAal: number;
  accessTokenTtlSeconds?: number;
  at: Date;
};

/** What the admin console may change of a registration (its id, type and secret are changed otherwise). */
export type TOidcClientChanges = Pick<
  TNewOidcClient,
  "name" | "redirectUris" | "postLogoutRedirectUris" | "backchannelLogoutUri" | "scopes" | "firstParty" | "minAal"
> & { accessTokenTtlSeconds: number };

export function oidcRepositories(db: TDb) {
  return {
    oidcClients: {
      create: async ({ at, redirectUris, postLogoutRedirectUris, scopes, ...input }: TNewOidcClient) =>
        clientOf(
          await db.oidcClient.create({
            data: {
              id: randomUUID(),
              ...input,
              redirectUris: JSON.stringify(redirectUris),
              postLogoutRedirectUris: JSON.stringify(postLogoutRedirectUris),
              scopes: scopes.join(" "),
              createdAt: at,
              updatedAt: at,
            },
          }),
        ),
      find: async (tenantId: string, clientId: string) => {
        const row = await db.oidcClient.findFirst({ where: { tenantId, clientId } });
        return row ? clientOf(row) : null;
      },
      /** Whether any tenant holds this client id (for the demo seed only: every other lookup names its tenant). */
      existsAnywhere: async (clientId: string) => (await db.oidcClient.count({ where: { clientId } })) > 0,
      list: async (tenantId: string) =>
        (await db.oidcClient.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" } })).map(clientOf),
      /** Changes one of the tenant's registrations; false when the tenant has no such client. */
      update: async (
        tenantId: string,
        clientId: string,
        { redirectUris, postLogoutRedirectUris, scopes, ...changes }: TOidcClientChanges,
        at: Date,
      ) =>
        (
          await db.oidcClient.updateMany({
            where: { tenantId, clientId },
            data: {
              ...changes,
              redirectUris: JSON.stringify(redirectUris),
              postLogoutRedirectUris: JSON.stringify(postLogoutRedirectUris),
              scopes: scopes.join(" "),
              updatedAt: at,
            },
          })
        ).count === 1,
      /** Replaces a confidential client's secret hash; false when the tenant has no such confidential client. */
      replaceSecretHash: async (tenantId: string, clientId: string, secretHash: string, at: Date) =>
        (
          await db.oidcClient.updateMany({
            where: { tenantId, clientId, type: "confidential" },
            data: { secretHash, updatedAt: at },
          })
        ).count === 1,
      /** Removes one of the tenant's registrations; false when there is none. */
      remove: async (tenantId: string, clientId: string) =>
        (await db.oidcClient.deleteMany({ where: { tenantId, clientId } })).count === 1,
    },
    oidcSigningKeys: {
      create: async (input: { tenantId: string; kid: string; alg: TOidcSigningAlg; sealedJwk: string; at: Date }) => {
        const { at, ...rest } = input;
        return keyOf(await db.oidcSigningKey.create({ data: { id: randomUUID(), ...rest, createdAt: at } }));
      },
      /** Every key still published: the signing ones first (newest first), then the retired ones. */
      list: async (tenantId: string) =>
        (
          await db.oidcSigningKey.findMany({
            where: { tenantId },
            orderBy: [{ createdAt: "desc" }, { kid: "asc" }],
          })
        ).map(keyOf),
      /** Marks every signing key of the tenant retired at `at`; returns their kids. */
      retireSigning: async (tenantId: string, at: Date) => {
        const signing = await db.oidcSigningKey.findMany({
          where: { tenantId, retiredAt: null },
          select: { kid: true },
        });
        await db.oidcSigningKey.updateMany({
          where: { tenantId, kid: { in: signing.map((key) => key.kid) }, retiredAt: null },
          data: { retiredAt: at },
        });
        return signing.map((key) => key.kid);
      },
      /** Deletes the named keys of the tenant (retired keys past their window). */
      remove: async (tenantId: string, kids: string[]) => {
        await db.oidcSigningKey.deleteMany({ where: { tenantId, kid: { in: kids }, retiredAt: { not: null } } });
      },
    },
    oidcState: {
      upsert: async (
        tenantId: string,
        model: string,
        id: string,
        input: {
          payload: Record<string, unknown>;
          grantId: string | null;
          uid: string | null;
          /** Absent for rows that belong to no account or app (interactions, replay detection). */
          accountId?: string | null;
          clientId?: string | null;
          userCode: string | null;
          expiresAt: Date | null;
        },
      ) => {
        const data = { ...input, payload: JSON.stringify(input.payload) };
        await db.oidcState.upsert({
          where: { key: stateKey(tenantId, model, id) },
          create: { key: stateKey(tenantId, model, id), tenantId, model, ...data },
          update: data,
        });
      },
      find: async (tenantId: string, model: string, id: string, now: Date) => {
        const row = await db.oidcState.findFirst({
          where: { key: stateKey(tenantId, model, id), tenantId, ...live(now) },
        });
        return row ? stateOf(row) : null;
      },
      findByUid: async (tenantId: string, model: string, uid: string, now: Date) => {
        const row = await db.oidcState.findFirst({ where: { tenantId, model, uid, ...live(now) } });
        return row ? stateOf(row) : null;
      },
      findByUserCode: async (tenantId: string, model: string, userCode: string, now: Date) => {
        const row = await db.oidcState.findFirst({ where: { tenantId, model, userCode, ...live(now) } });
        return row ? stateOf(row) : null;
      },
      /** Marks the value consumed; true for the one caller that did, false when it already was (or is gone). */
      consume: async (tenantId: string, model: string, id: string, now: Date) =>
        (
          await db.oidcState.updateMany({
            where: { key: stateKey(tenantId, model, id), tenantId, consumedAt: null },
            data: { consumedAt: now },
          })
        ).count === 1,
      destroy: async (tenantId: string, model: string, id: string) => {
        await db.oidcState.deleteMany({ where: { key: stateKey(tenantId, model, id), tenantId } });
      },
      /** Every value of one model (codes, access tokens, refresh tokens, …) that belongs to one grant. */
      revokeByGrantId: async (tenantId: string, model: string, grantId: string) => {
        await db.oidcState.deleteMany({ where: { tenantId, model, grantId } });
      },
      /**
       * Every value of the `models` (a grant and what was issued under it) that belongs to one account
       * and one app of the tenant; returns how many rows went.
       */
      revokeForAccountAndClient: async (tenantId: string, accountId: string, clientId: string, models: string[]) =>
        (await db.oidcState.deleteMany({ where: { tenantId, accountId, clientId, model: { in: models } } })).count,
      /** Removes the rows past their expiry, of every tenant; returns how many. */
      sweepExpired: async (now: Date) => (await db.oidcState.deleteMany({ where: { expiresAt: { lte: now } } })).count,
    },
    oidcConsents: {
      find: async (tenantId: string, userId: string, clientId: string) => {
        const row = await db.oidcConsent.findFirst({ where: { tenantId, userId, clientId } });
        return row ? consentOf(row) : null;
      },
      /** Every app the person consented to at this tenant, the most recent first. */
      listForUser: async (tenantId: string, userId: string) =>
        (await db.oidcConsent.findMany({ where: { tenantId, userId }, orderBy: { updatedAt: "desc" } })).map(consentOf),
      /** Records the person's consent to the app: the scopes and claims it now holds in all. */
      save: async (
        input: { tenantId: string; userId: string; clientId: string; scopes: string[]; claims: string[] },
        at: Date,
      ) => {
        const { tenantId, userId, clientId } = input;
        const data = { scopes: input.scopes.join(" "), claims: input.claims.join(" "), updatedAt: at };
        return consentOf(
          await db.oidcConsent.upsert({
            where: { tenantId_userId_clientId: { tenantId, userId, clientId } },
            create: { id: randomUUID(), tenantId, userId, clientId, ...data, grantedAt: at },
            update: data,
          }),
        );
      },
      /** Removes the person's consent to the app; false when they had none (another person's is never found). */
      remove: async (tenantId: string, userId: string, clientId: string) =>
        (await db.oidcConsent.deleteMany({ where: { tenantId, userId, clientId } })).count === 1,
    },
  };
}
