// Repositories of the B2B half: organisations and their email domains, memberships, invitations,
// enterprise connections, federated identities and pending account links. Every query names the
// tenant. Accepting an invitation and using a link request are conditional updates: of two
// concurrent attempts, one wins.
import { randomUUID } from "node:crypto";
import type { TUser } from "../../identity/types";
import type {
  TClaimMapping,
  TEnterpriseConnection,
  TFederatedIdentity,
  TFederatedLinkRequest,
  TInvitation,
  TOrganisation,
  TOrgPolicy,
  TOrgRole,
} from "../../organisations/types";
import {
  mapNullable,
  toConnection,
  toFederatedIdentity,
  toFederatedLinkRequest,
  toInvitation,
  toOrganisation,
  toUser,
} from "../rows";
import type { TDb } from "../types";

const withDomains = { domains: { select: { domain: true } } } as const;
const toOrganisationOrNull = mapNullable(toOrganisation);
const toInvitationOrNull = mapNullable(toInvitation);
const toConnectionOrNull = mapNullable(toConnection);

export type TNewInvitation = {
  tenantId: string;
  organisationId: string | null;
  email: string;
  role: TOrgRole;
  tokenHash: string;
  invitedBy: string;
  at: Date;
  expiresAt: Date;
};

export type TNewConnection = {
  /** Chosen by the caller when the secret is sealed under the id before the row exists. */
  id?: string;
  tenantId: string;
  organisationId: string;
  issuer: string;
  clientId: string;
  clientSecretSealed: string;
  scopes: readonly string[];
  claimMapping: TClaimMapping;
  jitProvisioning: boolean;
  trustIdpAssurance: boolean;
};

export function organisationRepositories(db: TDb) {
  return {
    organisations: {
      /** Creates the organisation with its domains; a taken slug or domain fails on the unique index. */
      create: async (input: {
        tenantId: string;
        slug: string;
        name: string;
        domains: readonly string[];
        policy: TOrgPolicy;
        at: Date;
      }): Promise<TOrganisation> => {
        const id = randomUUID();
        return toOrganisation(
          await db.organisation.create({
            data: {
              id,
              tenantId: input.tenantId,
              slug: input.slug,
              name: input.name,
              policy: JSON.stringify(input.policy),
              createdAt: input.at,
              domains: { create: input.domains.map((domain) => ({ domain, tenantId: input.tenantId })) },
            },
            include: withDomains,
          }),
        );
      },
      findById: async (tenantId: string, id: string): Promise<TOrganisation | null> =>
        toOrganisationOrNull(await db.organisation.findFirst({ where: { tenantId, id }, include: withDomains })),
      findBySlug: async (tenantId: string, slug: string): Promise<TOrganisation | null> =>
        toOrganisationOrNull(
          await db.organisation.findUnique({ where: { tenantId_slug: { tenantId, slug } }, include: withDomains }),
        ),
      /** The organisation that owns `domain` (lower-case) in this tenant, if one does. */
      findByDomain: async (tenantId: string, domain: string): Promise<TOrganisation | null> => {
        const row = await db.organisationDomain.findUnique({
          where: { tenantId_domain: { tenantId, domain } },
          select: { organisation: { include: withDomains } },
        });
        return row && row.organisation.tenantId === tenantId ? toOrganisation(row.organisation) : null;
      },
      list: async (tenantId: string): Promise<TOrganisation[]> =>
        (await db.organisation.findMany({ where: { tenantId }, orderBy: { name: "asc" }, include: withDomains })).map(
          toOrganisation,
        ),
      /** Whether the tenant has at least one organisation (it then gets the identifier-first sign-in page). */
      exists: async (tenantId: string): Promise<boolean> =>
        (await db.organisation.findFirst({ where: { tenantId }, select: { id: true } })) !== null,
      rename: async (tenantId: string, id: string, name: string) =>
        (await db.organisation.updateMany({ where: { tenantId, id }, data: { name } })).count === 1,
      setPolicy: async (tenantId: string, id: string, policy: TOrgPolicy) =>
        (await db.organisation.updateMany({ where: { tenantId, id }, data: { policy: JSON.stringify(policy) } }))
          .count === 1,
      /** Replaces the organisation's domains; call inside a transaction (delete, then create). */
      replaceDomains: async (tenantId: string, id: string, domains: readonly string[], at: Date) => {
        await db.organisationDomain.deleteMany({ where: { tenantId, organisationId: id } });
        await db.organisationDomain.createMany({
          data: domains.map((domain) => ({ domain, tenantId, organisationId: id, createdAt: at })),
        });
      },
      remove: async (tenantId: string, id: string) =>
        (await db.organisation.deleteMany({ where: { tenantId, id } })).count === 1,
    },
    memberships: {
      /** Makes the user a member of the organisation in `role` (a user has at most one per tenant). */
      set: async (tenantId: string, userId: string, organisationId: string, role: TOrgRole) =>
        (
          await db.user.updateMany({
            where: { tenantId, id: userId },
            data: { organisationId, organisationRole: role },
          })
        ).count === 1,
      /** Removes the user from `organisationId`; false if they are not (or no longer) its member. */
      remove: async (tenantId: string, userId: string, organisationId: string) =>
        (
          await db.user.updateMany({
            where: { tenantId, id: userId, organisationId },
            data: { organisationId: null, organisationRole: null },
          })
        ).count === 1,
      list: async (tenantId: string, organisationId: string, take: number): Promise<TUser[]> =>
        (
          await db.user.findMany({
            where: { tenantId, organisationId },
            orderBy: { email: "asc" },
            take,
          })
        ).map(toUser),
      count: (tenantId: string, organisationId: string) => db.user.count({ where: { tenantId, organisationId } }),
      /** Members per organisation of the tenant (organisations without members are absent). */
      countsByOrganisation: async (tenantId: string): Promise<Map<string, number>> => {
        const rows = await db.user.groupBy({
          by: ["organisationId"],
          where: { tenantId, organisationId: { not: null } },
          _count: { _all: true },
        });
        return new Map(rows.flatMap((r) => (r.organisationId ? [[r.organisationId, r._count._all] as const] : [])));
      },
    },
    invitations: {
      create: async (input: TNewInvitation): Promise<TInvitation> =>
        toInvitation(
          await db.invitation.create({
            data: {
              id: randomUUID(),
              tenantId: input.tenantId,
              organisationId: input.organisationId,
              email: input.email,
              role: input.role,
              tokenHash: input.tokenHash,
              invitedBy: input.invitedBy,
              createdAt: input.at,
              sentAt: input.at,
              expiresAt: input.expiresAt,
            },
          }),
        ),
      findById: async (tenantId: string, id: string): Promise<TInvitation | null> =>
        toInvitationOrNull(await db.invitation.findFirst({ where: { tenantId, id } })),
      findByTokenHash: async (tenantId: string, tokenHash: string): Promise<TInvitation | null> =>
        toInvitationOrNull(await db.invitation.findFirst({ where: { tenantId, tokenHash } })),
      /** Invitations still open (not accepted, not revoked) for this address, newest first. */
      listOpenForEmail: async (tenantId: string, email: string): Promise<TInvitation[]> =>
        (
          await db.invitation.findMany({
            where: { tenantId, email, acceptedAt: null, revokedAt: null },
            orderBy: { createdAt: "desc" },
          })
        ).map(toInvitation),
      /** The organisation's invitations (null: the tenant's without an organisation), newest first. */
      list: async (tenantId: string, organisationId: string | null, take: number): Promise<TInvitation[]> =>
        (
          await db.invitation.findMany({
            where: { tenantId, organisationId },
            orderBy: { createdAt: "desc" },
            take,
          })
        ).map(toInvitation),
      /** The tenant's invitations still open (not accepted, not revoked; expired included), newest first. */
      listOpenForTenant: async (tenantId: string, take: number): Promise<TInvitation[]> =>
        (
          await db.invitation.findMany({
            where: { tenantId, acceptedAt: null, revokedAt: null },
            orderBy: { createdAt: "desc" },
            take,
          })
        ).map(toInvitation),
      /** A resend: a new token and expiry for an invitation still open; false if it was not. */
      replaceToken: async (tenantId: string, id: string, tokenHash: string, at: Date, expiresAt: Date) =>
        (
          await db.invitation.updateMany({
            where: { tenantId, id, acceptedAt: null, revokedAt: null },
            data: { tokenHash, sentAt: at, expiresAt },
          })
        ).count === 1,
      /** Accepts an open, unexpired invitation once: false for the loser of a race, or a spent link. */
      accept: async (tenantId: string, id: string, userId: string, at: Date) =>
        (
          await db.invitation.updateMany({
            where: { tenantId, id, acceptedAt: null, revokedAt: null, expiresAt: { gt: at } },
            data: { acceptedAt: at, acceptedUserId: userId },
          })
        ).count === 1,
      revoke: async (tenantId: string, id: string, at: Date) =>
        (
          await db.invitation.updateMany({
            where: { tenantId, id, acceptedAt: null, revokedAt: null },
            data: { revokedAt: at },
          })
        ).count === 1,
    },
    enterpriseConnections: {
      create: async (input: TNewConnection): Promise<TEnterpriseConnection> =>
        toConnection(
          await db.enterpriseConnection.create({
            data: {
              id: input.id ?? randomUUID(),
              tenantId: input.tenantId,
              organisationId: input.organisationId,
              issuer: input.issuer,
              clientId: input.clientId,
              clientSecretSealed: input.clientSecretSealed,
              scopes: input.scopes.join(" "),
              claimMapping: JSON.stringify(input.claimMapping),
              jitProvisioning: input.jitProvisioning,
              trustIdpAssurance: input.trustIdpAssurance,
            },
          }),
        ),
      findById: async (tenantId: string, id: string): Promise<TEnterpriseConnection | null> =>
        toConnectionOrNull(await db.enterpriseConnection.findFirst({ where: { tenantId, id } })),
      findByOrganisation: async (tenantId: string, organisationId: string): Promise<TEnterpriseConnection | null> =>
        toConnectionOrNull(await db.enterpriseConnection.findFirst({ where: { tenantId, organisationId } })),
      list: async (tenantId: string): Promise<TEnterpriseConnection[]> =>
        (await db.enterpriseConnection.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" } })).map(
          toConnection,
        ),
      update: async (
        tenantId: string,
        id: string,
        changes: Partial<Omit<TNewConnection, "id" | "tenantId" | "organisationId">>,
      ) => {
        const { scopes, claimMapping, ...rest } = changes;
        return (
          (
            await db.enterpriseConnection.updateMany({
              where: { tenantId, id },
              data: {
                ...rest,
                ...(scopes ? { scopes: scopes.join(" ") } : {}),
                ...(claimMapping ? { claimMapping: JSON.stringify(claimMapping) } : {}),
              },
            })
          ).count === 1
        );
      },
      remove: async (tenantId: string, id: string) =>
        (await db.enterpriseConnection.deleteMany({ where: { tenantId, id } })).count === 1,
    },
    federatedIdentities: {
      find: async (tenantId: string, connectionId: string, subject: string): Promise<TFederatedIdentity | null> => {
        const row = await db.federatedIdentity.findFirst({ where: { tenantId, connectionId, subject } });
        return row ? toFederatedIdentity(row) : null;
      },
      listForUser: async (tenantId: string, userId: string): Promise<TFederatedIdentity[]> =>
        (await db.federatedIdentity.findMany({ where: { tenantId, userId }, orderBy: { linkedAt: "asc" } })).map(
          toFederatedIdentity,
        ),
      create: async (input: {
        tenantId: string;
        userId: string;
        connectionId: string;
        subject: string;
        email: string;
        at: Date;
      }): Promise<TFederatedIdentity> =>
        toFederatedIdentity(
          await db.federatedIdentity.create({
            data: {
              id: randomUUID(),
              tenantId: input.tenantId,
              userId: input.userId,
              connectionId: input.connectionId,
              subject: input.subject,
              email: input.email,
              linkedAt: input.at,
              lastSignInAt: input.at,
            },
          }),
        ),
      touch: async (tenantId: string, id: string, at: Date) =>
        (await db.federatedIdentity.updateMany({ where: { tenantId, id }, data: { lastSignInAt: at } })).count === 1,
      remove: async (tenantId: string, id: string) =>
        (await db.federatedIdentity.deleteMany({ where: { tenantId, id } })).count === 1,
      /** Unlinks the account's identities at the connections of one organisation; how many. */
      removeForUserAtOrganisation: async (tenantId: string, userId: string, organisationId: string) =>
        (
          await db.federatedIdentity.deleteMany({
            where: { tenantId, userId, connection: { tenantId, organisationId } },
          })
        ).count,
      /** Unlinks every identity of one connection; how many. */
      removeForConnection: async (tenantId: string, connectionId: string) =>
        (await db.federatedIdentity.deleteMany({ where: { tenantId, connectionId } })).count,
    },
    federatedLinkRequests: {
      /** Deletes the open requests (and pre-approvals) of one connection; how many. */
      removeOpenForConnection: async (tenantId: string, connectionId: string, at: Date) =>
        (
          await db.federatedLinkRequest.deleteMany({
            where: { tenantId, connectionId, usedAt: null, expiresAt: { gt: at } },
          })
        ).count,
      create: async (input: {
        tenantId: string;
        userId: string;
        connectionId: string;
        subject: string;
        email: string;
        tokenHash: string;
        at: Date;
        expiresAt: Date;
      }): Promise<TFederatedLinkRequest> =>
        toFederatedLinkRequest(
          await db.federatedLinkRequest.create({
            data: {
              id: randomUUID(),
              tenantId: input.tenantId,
              userId: input.userId,
              connectionId: input.connectionId,
              subject: input.subject,
              email: input.email,
              tokenHash: input.tokenHash,
              createdAt: input.at,
              expiresAt: input.expiresAt,
            },
          }),
        ),
      findByTokenHash: async (tenantId: string, tokenHash: string): Promise<TFederatedLinkRequest | null> => {
        const row = await db.federatedLinkRequest.findFirst({ where: { tenantId, tokenHash } });
        return row ? toFederatedLinkRequest(row) : null;
      },
      /** Uses an unexpired request once: false for the loser of a race, or a spent or expired one. */
      use: async (tenantId: string, id: string, at: Date) =>
        (
          await db.federatedLinkRequest.updateMany({
            where: { tenantId, id, usedAt: null, expiresAt: { gt: at } },
            data: { usedAt: at },
          })
        ).count === 1,
      /**
       * The open requests of one account with `subject` (an administrator's pre-approval has the
       * empty subject), newest first, optionally for one connection.
       */
      listOpenForUser: async (
        tenantId: string,
        userId: string,
        subject: string,
        at: Date,
        connectionId?: string,
      ): Promise<TFederatedLinkRequest[]> =>
        (
          await db.federatedLinkRequest.findMany({
            where: {
              tenantId,
              userId,
              subject,
              usedAt: null,
              expiresAt: { gt: at },
              ...(connectionId ? { connectionId } : {}),
            },
            orderBy: { createdAt: "desc" },
          })
        ).map(toFederatedLinkRequest),
      /** Spends an open request of one account (a revocation): false when it was not open. */
      revokeForUser: async (tenantId: string, userId: string, id: string, at: Date) =>
        (
          await db.federatedLinkRequest.updateMany({
            where: { tenantId, userId, id, usedAt: null, expiresAt: { gt: at } },
            data: { usedAt: at },
          })
        ).count === 1,
    },
  };
}
