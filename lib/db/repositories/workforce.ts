// Repositories for the workforce realm: staff accounts, their tenant roles, sessions and set-up
// tokens. Nothing here reads or writes a customer table; staff reach customer data only through
// the tenant-scoped repositories, with a tenant id their role allows.
import { randomUUID } from "node:crypto";
import type {
  StaffInvitation,
  StaffMember,
  StaffPasskey,
  StaffRole,
  StaffSession,
  StaffToken,
  Tenant,
} from "../generated/sqlite/client";
import type { TAuthenticatorTransport } from "../../identity/types";
import type { TTenant } from "../../tenancy/types";
import { mapNullable, parseTransports, toTenant } from "../rows";
import type { TDb } from "../types";

export type TStaffMember = StaffMember;
export type TStaffRoleRow = StaffRole;
export type TStaffSession = StaffSession;
export type TStaffToken = StaffToken;
export type TStaffPasskey = Omit<StaffPasskey, "transports"> & { transports: TAuthenticatorTransport[] };

function toStaffPasskey(row: StaffPasskey): TStaffPasskey {
  return { ...row, transports: parseTransports(row.transports) };
}
export type TStaffInvitation = StaffInvitation;
export type TStaffInvitationStatus = "pending" | "accepted" | "declined" | "withdrawn" | "replaced";
export type TStaffChallengePurpose = "registration" | "authentication";
export type TStaffSessionStage = "factor" | "enrol" | "complete";

export type TNewStaffSession = {
  staffId: string;
  tokenHash: string;
  stage: TStaffSessionStage;
  aal: number;
  at: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  steppedUpAt: Date | null;
  ip: string | null;
  userAgent: string | null;
};

export function workforceRepositories(db: TDb) {
  return {
    staff: {
      create: (input: { email: string; name: string; at: Date }) =>
        db.staffMember.create({
          data: { id: randomUUID(), email: input.email, name: input.name, createdAt: input.at, updatedAt: input.at },
        }),
      findByEmail: (email: string) => db.staffMember.findUnique({ where: { email } }),
      findById: (id: string) => db.staffMember.findUnique({ where: { id } }),
      /** Id and display name of the members among `ids` (who acted, on audit rows); nothing else. */
      listNamesByIds: (ids: readonly string[]) =>
        db.staffMember.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } }),
      setPassword: async (id: string, passwordHash: string, at: Date) => {
        await db.staffMember.update({ where: { id }, data: { passwordHash, updatedAt: at } });
      },
      /** Touches the member's row; inside a transaction it holds the row until commit (serialises factor changes). */
      lockForFactorChange: async (id: string, at: Date) => {
        await db.staffMember.update({ where: { id }, data: { updatedAt: at } });
      },
      setStatus: async (id: string, status: "active" | "disabled", at: Date) => {
        await db.staffMember.update({ where: { id }, data: { status, updatedAt: at } });
      },
      /** Starts (or restarts) the authenticator-app enrolment; only while none is confirmed. */
      savePendingTotp: async (id: string, sealed: string, at: Date) =>
        (
          await db.staffMember.updateMany({
            where: { id, totpConfirmedAt: null },
            data: { totpSecretSealed: sealed, totpLastUsedStep: null, updatedAt: at },
          })
        ).count === 1,
      /** Confirms the pending enrolment with the step of the code that proved it; once. */
      confirmTotp: async (id: string, step: number, at: Date) =>
        (
          await db.staffMember.updateMany({
            where: { id, totpConfirmedAt: null, totpSecretSealed: { not: null } },
            data: { totpConfirmedAt: at, totpLastUsedStep: step, updatedAt: at },
          })
        ).count === 1,
      /** Records a used code; conditional on the step moving forward, so one code works once even in parallel. */
      useTotpStep: async (id: string, step: number, at: Date) =>
        (
          await db.staffMember.updateMany({
            where: {
              id,
              totpConfirmedAt: { not: null },
              OR: [{ totpLastUsedStep: null }, { totpLastUsedStep: { lt: step } }],
            },
            data: { totpLastUsedStep: step, updatedAt: at },
          })
        ).count === 1,
      /** Removes the password and the second factor: the member starts over from a set-up link. */
      resetFactors: async (id: string, at: Date) => {
        await db.staffMember.update({
          where: { id },
          data: {
            passwordHash: null,
            totpSecretSealed: null,
            totpConfirmedAt: null,
            totpLastUsedStep: null,
            updatedAt: at,
          },
        });
      },
    },

    staffRoles: {
      /** Gives `staffId` exactly one role at `tenantId` (replacing any other role there). */
      assign: (staffId: string, tenantId: string, role: string, at: Date) =>
        db.staffRole.upsert({
          where: { staffId_tenantId: { staffId, tenantId } },
          create: { id: randomUUID(), staffId, tenantId, role, createdAt: at },
          update: { role },
        }),
      remove: async (staffId: string, tenantId: string) =>
        (await db.staffRole.deleteMany({ where: { staffId, tenantId } })).count === 1,
      /** The member's roles with the tenants they apply to. */
      listForStaff: async (staffId: string): Promise<Array<TStaffRoleRow & { tenant: TTenant }>> =>
        (
          await db.staffRole.findMany({ where: { staffId }, include: { tenant: true }, orderBy: { createdAt: "asc" } })
        ).map((role) => ({ ...role, tenant: toTenant(role.tenant) })),
      /**
       * The tenant's staff, each with how many passkeys they have (types of factor only, no secrets
       * read out) and how many tenants they hold a role at (more than one: not this tenant's to manage).
       */
      listForTenant: async (
        tenantId: string,
      ): Promise<Array<TStaffRoleRow & { staff: TStaffMember & { _count: { passkeys: number; roles: number } } }>> =>
        db.staffRole.findMany({
          where: { tenantId },
          include: { staff: { include: { _count: { select: { passkeys: true, roles: true } } } } },
          orderBy: { createdAt: "asc" },
        }),
      find: (staffId: string, tenantId: string) =>
        db.staffRole.findUnique({ where: { staffId_tenantId: { staffId, tenantId } } }),
      countOwners: (tenantId: string) => db.staffRole.count({ where: { tenantId, role: "owner" } }),
    },

    staffInvitations: {
      create: (input: {
        tenantId: string;
        staffId: string;
        role: string;
        invitedById: string | null;
        expiresAt: Date;
        at: Date;
      }) =>
        db.staffInvitation.create({
          data: {
            id: randomUUID(),
            tenantId: input.tenantId,
            staffId: input.staffId,
            role: input.role,
            invitedById: input.invitedById,
            status: "pending",
            expiresAt: input.expiresAt,
            createdAt: input.at,
          },
        }),
      /** Open invitations of a tenant with the invited address only: nothing else of that person is read. */
      listOpenForTenant: (tenantId: string, now: Date) =>
        db.staffInvitation.findMany({
          where: { tenantId, status: "pending", expiresAt: { gt: now } },
          select: { id: true, role: true, createdAt: true, expiresAt: true, staff: { select: { email: true } } },
          orderBy: { createdAt: "asc" },
        }),
      /** The member's own open invitations, with the inviting tenant. */
      listOpenForStaff: (staffId: string, now: Date) =>
        db.staffInvitation.findMany({
          where: { staffId, status: "pending", expiresAt: { gt: now } },
          include: { tenant: { select: { id: true, slug: true, name: true } } },
          orderBy: { createdAt: "asc" },
        }),
      /** One open invitation addressed to `staffId` (another member's id finds nothing). */
      findOpenForStaff: async (id: string, staffId: string, now: Date) =>
        mapNullable((invitation: TStaffInvitation & { tenant: Tenant }) => ({
          ...invitation,
          tenant: toTenant(invitation.tenant),
        }))(
          await db.staffInvitation.findFirst({
            where: { id, staffId, status: "pending", expiresAt: { gt: now } },
            include: { tenant: true },
          }),
        ),
      /** Compare-and-set from pending: of two answers to one invitation (or an answer and a withdrawal), one wins. */
      decide: async (id: string, staffId: string, status: "accepted" | "declined", now: Date) =>
        (
          await db.staffInvitation.updateMany({
            where: { id, staffId, status: "pending", expiresAt: { gt: now } },
            data: { status, decidedAt: now },
          })
        ).count === 1,
      /** The tenant takes back an open invitation of its own. */
      withdraw: async (id: string, tenantId: string, now: Date) =>
        (
          await db.staffInvitation.updateMany({
            where: { id, tenantId, status: "pending" },
            data: { status: "withdrawn", decidedAt: now },
          })
        ).count === 1,
      findForTenant: (id: string, tenantId: string) =>
        db.staffInvitation.findFirst({ where: { id, tenantId }, include: { staff: { select: { email: true } } } }),
      /** Retires the open invitations of a member to a tenant (a new one, or a role given otherwise, replaces them). */
      retireOpen: async (staffId: string, tenantId: string, now: Date) =>
        (
          await db.staffInvitation.updateMany({
            where: { staffId, tenantId, status: "pending" },
            data: { status: "replaced", decidedAt: now },
          })
        ).count,
    },

    staffSessions: {
      create: (input: TNewStaffSession) =>
        db.staffSession.create({
          data: {
            id: randomUUID(),
            staffId: input.staffId,
            tokenHash: input.tokenHash,
            stage: input.stage,
            aal: input.aal,
            createdAt: input.at,
            lastSeenAt: input.at,
            idleExpiresAt: input.idleExpiresAt,
            absoluteExpiresAt: input.absoluteExpiresAt,
            steppedUpAt: input.steppedUpAt,
            ip: input.ip,
            userAgent: input.userAgent,
          },
        }),
      findByTokenHash: (tokenHash: string) => db.staffSession.findUnique({ where: { tokenHash } }),
      /** Slides the idle deadline; conditional on the session still being live. */
      touch: async (id: string, at: Date, idleExpiresAt: Date) =>
        (await db.staffSession.updateMany({ where: { id, revokedAt: null }, data: { lastSeenAt: at, idleExpiresAt } }))
          .count === 1,
      markSteppedUp: async (id: string, at: Date) =>
        (
          await db.staffSession.updateMany({
            where: { id, revokedAt: null, stage: "complete" },
            data: { steppedUpAt: at, lastSeenAt: at },
          })
        ).count === 1,
      /** Ends one live session; false when it had already ended (so a token is retired once). */
      revoke: async (id: string, reason: string, at: Date) =>
        (
          await db.staffSession.updateMany({
            where: { id, revokedAt: null },
            data: { revokedAt: at, revokedReason: reason },
          })
        ).count === 1,
      revokeAllForStaff: async (staffId: string, reason: string, at: Date) =>
        (
          await db.staffSession.updateMany({
            where: { staffId, revokedAt: null },
            data: { revokedAt: at, revokedReason: reason },
          })
        ).count,
    },

    staffPasskeys: {
      create: async (input: {
        staffId: string;
        credentialId: string;
        publicKey: string;
        counter: number;
        transports: readonly string[];
        backupEligible: boolean;
        name: string;
        at: Date;
      }) =>
        toStaffPasskey(
          await db.staffPasskey.create({
            data: {
              id: randomUUID(),
              staffId: input.staffId,
              credentialId: input.credentialId,
              publicKey: input.publicKey,
              counter: input.counter,
              transports: JSON.stringify(input.transports),
              backupEligible: input.backupEligible,
              name: input.name,
              createdAt: input.at,
            },
          }),
        ),
      listForStaff: async (staffId: string) =>
        (await db.staffPasskey.findMany({ where: { staffId }, orderBy: { createdAt: "asc" } })).map(toStaffPasskey),
      countForStaff: (staffId: string) => db.staffPasskey.count({ where: { staffId } }),
      /** A credential of this member only: another member's credential id finds nothing. */
      findForStaff: async (staffId: string, credentialId: string) =>
        mapNullable(toStaffPasskey)(await db.staffPasskey.findFirst({ where: { staffId, credentialId } })),
      /** Compare-and-set on the signature counter: of two assertions racing with one counter, one wins. */
      recordUse: async (id: string, expectedCounter: number, newCounter: number, at: Date) =>
        (
          await db.staffPasskey.updateMany({
            where: { id, counter: expectedCounter },
            data: { counter: newCounter, lastUsedAt: at },
          })
        ).count === 1,
      remove: async (staffId: string, id: string) =>
        (await db.staffPasskey.deleteMany({ where: { staffId, id } })).count === 1,
      removeAllForStaff: async (staffId: string) => (await db.staffPasskey.deleteMany({ where: { staffId } })).count,
    },

    staffChallenges: {
      create: (input: {
        sessionId: string;
        purpose: TStaffChallengePurpose;
        challenge: string;
        expiresAt: Date;
        at: Date;
      }) =>
        db.staffWebAuthnChallenge.create({
          data: {
            id: randomUUID(),
            sessionId: input.sessionId,
            purpose: input.purpose,
            challenge: input.challenge,
            expiresAt: input.expiresAt,
            createdAt: input.at,
          },
        }),
      /** Uses a challenge up: this session's, this purpose, unexpired and unused; one conditional UPDATE. */
      consume: async (sessionId: string, purpose: TStaffChallengePurpose, challenge: string, now: Date) =>
        (
          await db.staffWebAuthnChallenge.updateMany({
            where: { sessionId, purpose, challenge, consumedAt: null, expiresAt: { gt: now } },
            data: { consumedAt: now },
          })
        ).count === 1,
    },

    staffTokens: {
      create: (input: { staffId: string; purpose: "setup"; tokenHash: string; expiresAt: Date; at: Date }) =>
        db.staffToken.create({
          data: {
            id: randomUUID(),
            staffId: input.staffId,
            purpose: input.purpose,
            tokenHash: input.tokenHash,
            expiresAt: input.expiresAt,
            createdAt: input.at,
          },
        }),
      findLive: (tokenHash: string, purpose: "setup", at: Date) =>
        db.staffToken.findFirst({ where: { tokenHash, purpose, consumedAt: null, expiresAt: { gt: at } } }),
      /** Consumes a live token; conditional, so two requests with one token cannot both succeed. */
      consume: async (tokenHash: string, purpose: "setup", at: Date) =>
        (
          await db.staffToken.updateMany({
            where: { tokenHash, purpose, consumedAt: null, expiresAt: { gt: at } },
            data: { consumedAt: at },
          })
        ).count === 1,
      /** Retires every unused token of a purpose (a new link replaces the old ones). */
      retireAll: async (staffId: string, purpose: "setup", at: Date) =>
        (await db.staffToken.updateMany({ where: { staffId, purpose, consumedAt: null }, data: { consumedAt: at } }))
          .count,
    },
  };
}
