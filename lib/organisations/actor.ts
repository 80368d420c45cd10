// Who changes a tenant's organisations and invitations: a staff member through the admin console
// (the console gate's authority, with a fresh step-up), the platform operator at the command line,
// or an organisation's own org_admin (delegated administration, for their organisation only; the
// caller has already checked the org_admin's session and step-up). Each use case opens its actor
// here once, and records its audit rows through `recordActorAudit`.
import { recordAudit, recordStaffAudit, type TAuditDataField } from "../audit/events";
import type { TAuditType } from "../audit/catalog";
import type { TRepositories } from "../db/store";
import { isFreshAuthority, STALE_STEP_UP, type TConsoleAuthority } from "../kernel/authority";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { fail, type TFailure } from "../kernel/outcome";
import type { STEP_UP } from "../step-up/outcomes";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";
import { ORGANISATION } from "./outcomes";

export type TOrgActor =
  | { kind: "console"; authority: TConsoleAuthority; meta: TRequestMeta }
  | { kind: "operator"; tenant: TTenant; meta: TRequestMeta }
  /** An org_admin of `organisationId` acting in the customer portal; `userId` is theirs. */
  | {
      kind: "org_admin";
      tenant: TTenant;
      userId: string;
      meta: TRequestMeta;
      /** The administrator's written reason, kept in the audit rows of the change (lib/org-admin). */
      reason?: string;
    };

/** An actor checked: the tenant it acts at, and how audit rows name it (`by`). */
export type TOpenedActor = {
  tenant: TTenant;
  /** "staff:<id>" | "user:<id>" | "operator": also Invitation.invitedBy. */
  by: string;
  staffId: string | null;
  userId: string | null;
  /** For an org_admin: the only organisation they may act on. */
  organisationId: string | null;
  meta: TRequestMeta;
  /** The reason an org_admin gave for the change, when they gave one (recorded with its audit rows). */
  reason: string | null;
};

export type TActorRefusal = TFailure<typeof STEP_UP, "STAFF_REQUIRED"> | TFailure<typeof ORGANISATION, "NOT_ALLOWED">;

/**
 * Checks the actor: a console authority minted by the gate, of the admin console, stepped up within
 * the window; an org_admin who still is one (active account, role org_admin). The operator is
 * trusted (they run the server).
 */
export async function openActor(
  deps: Pick<TDeps, "store" | "now">,
  actor: TOrgActor,
): Promise<{ ok: true; actor: TOpenedActor } | TActorRefusal> {
  switch (actor.kind) {
    case "console": {
      if (!isFreshAuthority(actor.authority, deps.now())) return STALE_STEP_UP;
      // The support workbench works the queue; organisations are the admin console's.
      if (actor.authority.console !== "admin") return fail(ORGANISATION, "NOT_ALLOWED");
      return {
        ok: true,
        actor: {
          tenant: actor.authority.tenant,
          by: `staff:${actor.authority.staffId}`,
          staffId: actor.authority.staffId,
          userId: null,
          organisationId: null,
          meta: actor.meta,
          reason: null,
        },
      };
    }
    case "operator":
      return {
        ok: true,
        actor: {
          tenant: actor.tenant,
          by: "operator",
          staffId: null,
          userId: null,
          organisationId: null,
          meta: actor.meta,
          reason: null,
        },
      };
    case "org_admin": {
      const user: TUser | null = await deps.store.users.findById(actor.tenant.id, actor.userId);
      if (!user || user.status === "disabled" || user.organisationRole !== "org_admin" || !user.organisationId)
        return fail(ORGANISATION, "NOT_ALLOWED");
      return {
        ok: true,
        actor: {
          tenant: actor.tenant,
          by: `user:${user.id}`,
          staffId: null,
          userId: user.id,
          organisationId: user.organisationId,
          meta: actor.meta,
          reason: actor.reason ?? null,
        },
      };
    }
  }
}

/** Whether the opened actor may act on `organisationId` (an org_admin only on their own). */
export function mayActOn(actor: TOpenedActor, organisationId: string | null): boolean {
  return actor.organisationId === null || actor.organisationId === organisationId;
}

/** The audit row of an actor's change: a staff row for staff and the operator, a customer row for an org_admin. */
export function recordActorAudit<T extends TAuditType>(
  tx: TRepositories,
  actor: TOpenedActor,
  event: { userId?: string | null; at: Date } & TAuditDataField<T>,
) {
  if (actor.userId !== null)
    return recordAudit<T>(tx, {
      tenantId: actor.tenant.id,
      meta: actor.meta,
      reason: actor.reason,
      ...event,
      userId: event.userId ?? actor.userId,
    } as Parameters<typeof recordAudit<T>>[1]);
  return recordStaffAudit<T>(tx, {
    staffId: actor.staffId,
    tenantId: actor.tenant.id,
    meta: actor.meta,
    ...event,
  } as Parameters<typeof recordStaffAudit<T>>[1]);
}
