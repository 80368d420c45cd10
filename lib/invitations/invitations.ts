// Invitations to a tenant, the inviter's side: invite an address (to the tenant, or to one of its
// organisations in a role), resend, revoke, list. The mail carries a single-use link
// (`/{tenant}/invitation?token=…`, 7 days); only the token's SHA-256 is stored. A resend mints a
// new token, so the old link stops working.
//
// Enumeration: the inviter gets the same answer whether or not the address already has an account
// here. Only the mail differs ("set up your account" or "sign in to accept"), and it goes to the
// address's owner. Re-inviting an address with an open invitation replaces it instead of adding a
// second one: the same organisation and role resend it; another organisation or role revokes it
// ("replaced") and sends the new one, so an address has at most one open invitation per tenant.
// An address outside the organisation's domains may be invited (partners' people often use their
// own domains); the listing says so, and only enterprise sign-in enforces the domains.
import { AUDIT } from "../audit/catalog";
import { ZEmailSchema } from "../identity/email";
import type { TDeps } from "../kernel/deps";
import { fail, type TFailure } from "../kernel/outcome";
import { withTransaction, type TTxDeps } from "../kernel/transaction";
import { queueMail } from "../mail/queue-mail";
import { templates } from "../mail/templates";
import {
  mayActOn,
  openActor,
  recordActorAudit,
  type TActorRefusal,
  type TOpenedActor,
  type TOrgActor,
} from "../organisations/actor";
import { domainOfEmail, findOrganisation } from "../organisations/organisations";
import type { ORGANISATION } from "../organisations/outcomes";
import {
  invitationState,
  ORG_ROLES,
  type TInvitation,
  type TInvitationState,
  type TOrganisation,
  type TOrgRole,
} from "../organisations/types";
import { generateToken, hashToken } from "../security/tokens";
import type { TTenant } from "../tenancy/types";
import { INVITATION } from "./outcomes";

export const INVITATION_DAYS = 7;
const LIST_LIMIT = 200;

/** An invitation as consoles and the delegated page show it (never its token or link). */
export type TInvitationView = {
  id: string;
  email: string;
  organisation: { id: string; slug: string; name: string; domains: string[] } | null;
  /** The address is not at one of the organisation's domains (allowed; shown so the inviter sees it). */
  outsideDomains: boolean;
  role: TOrgRole;
  state: TInvitationState;
  invitedBy: string;
  createdAt: Date;
  sentAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
};

type TInviteFailure =
  | TFailure<typeof INVITATION, "INVALID_INPUT" | "NOT_FOUND" | "NOT_ALLOWED">
  | TFailure<typeof ORGANISATION, "NOT_ALLOWED">
  | TActorRefusal;

/**
 * `link` only for the operator (the command line prints it); a console or an org_admin never sees
 * it: the link is the invitee's, and reaches them by mail.
 */
export type TInviteResult = { ok: true; invitation: TInvitationView; link?: string } | TInviteFailure;

export function invitationLink(deps: Pick<TDeps, "baseUrl">, tenant: TTenant, token: string): string {
  const url = new URL(`/${tenant.slug}/invitation`, deps.baseUrl);
  url.searchParams.set("token", token);
  return url.toString();
}

function viewOf(invitation: TInvitation, organisation: TOrganisation | null, now: Date): TInvitationView {
  const domain = domainOfEmail(invitation.email);
  return {
    id: invitation.id,
    email: invitation.email,
    organisation: organisation
      ? { id: organisation.id, slug: organisation.slug, name: organisation.name, domains: organisation.domains }
      : null,
    outsideDomains:
      organisation !== null && organisation.domains.length > 0 && !organisation.domains.includes(domain ?? ""),
    role: invitation.role,
    state: invitationState(invitation, now),
    invitedBy: invitation.invitedBy,
    createdAt: invitation.createdAt,
    sentAt: invitation.sentAt,
    expiresAt: invitation.expiresAt,
    acceptedAt: invitation.acceptedAt,
  };
}

/** The organisation an invitation names, by slug (or id); null for a tenant-only invitation. */
async function organisationNamed(deps: TDeps, tenant: TTenant, value: string | null | undefined) {
  const key = value?.trim() ?? "";
  if (!key) return { ok: true as const, organisation: null };
  const organisation =
    (await findOrganisation(deps, tenant, { slug: key })) ?? (await findOrganisation(deps, tenant, { id: key }));
  return organisation
    ? { ok: true as const, organisation }
    : fail(INVITATION, "NOT_FOUND", { subject: "organisation" });
}

/** Writes the mail of an invitation with a fresh token, inside the caller's transaction. */
async function mailInvitation(
  txDeps: TTxDeps,
  tenant: TTenant,
  invitation: Pick<TInvitation, "email" | "role">,
  organisation: TOrganisation | null,
  token: string,
) {
  // Looked up for every invitation: the mail says how to accept; the inviter's answer does not change.
  const existing = await txDeps.store.users.findByEmail(tenant.id, invitation.email);
  await queueMail(
    txDeps,
    tenant,
    invitation.email,
    templates.tenantInvitation(tenant, {
      organisation: organisation?.name ?? null,
      orgAdmin: organisation !== null && invitation.role === "org_admin",
      url: invitationLink(txDeps, tenant, token),
      days: INVITATION_DAYS,
      existingAccount: existing !== null,
    }),
  );
}

function newToken(now: Date) {
  const token = generateToken();
  return { token, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000) };
}

/**
 * Invites `email` to the actor's tenant, and with `organisation` (a slug) to that organisation in
 * `role` (default "member"; "org_admin" needs an organisation). An org_admin invites to their own
 * organisation only.
 */
export async function inviteToTenant(
  deps: TDeps,
  by: TOrgActor,
  input: { email: string; organisation?: string | null; role?: string | null },
): Promise<TInviteResult> {
  const opened = await openActor(deps, by);
  if (!opened.ok) return opened;
  const actor = opened.actor;
  const tenant = actor.tenant;
  const email = ZEmailSchema.safeParse(input.email);
  if (!email.success) {
    const code = email.error.issues[0]?.code;
    return fail(INVITATION, "INVALID_INPUT", {
      field: "email",
      problem:
        code === "too_big"
          ? "too_long"
          : typeof input.email !== "string" || !input.email.trim()
            ? "missing"
            : "invalid",
    });
  }
  const role = ORG_ROLES.find((r) => r === (input.role?.trim() || "member"));
  if (!role) return fail(INVITATION, "INVALID_INPUT", { field: "role", problem: "invalid" });
  const named = await organisationNamed(deps, tenant, input.organisation);
  if (!named.ok) return named;
  const organisation = named.organisation;
  if (!organisation && role !== "member")
    return fail(INVITATION, "INVALID_INPUT", { field: "role", problem: "needs_organisation" });
  if (!mayActOn(actor, organisation?.id ?? null)) return fail(INVITATION, "NOT_ALLOWED");
  const now = deps.now();
  const { token, tokenHash, expiresAt } = newToken(now);
  const invitation = await withTransaction(deps, async (txDeps) => {
    const open = await txDeps.store.invitations.listOpenForEmail(tenant.id, email.data);
    const same = open.find((i) => i.organisationId === (organisation?.id ?? null) && i.role === role) ?? null;
    for (const other of open) {
      // An org_admin replaces only their own organisation's invitations, never another's.
      if (other.id === same?.id || !mayActOn(actor, other.organisationId)) continue;
      await retire(txDeps, actor, other, "replaced", now);
    }
    let stored: TInvitation;
    if (same && (await txDeps.store.invitations.replaceToken(tenant.id, same.id, tokenHash, now, expiresAt))) {
      stored = { ...same, tokenHash, sentAt: now, expiresAt };
      await recordActorAudit(txDeps.store, actor, {
        type: AUDIT.invitationResent,
        data: auditData(stored, actor),
        at: now,
      });
    } else {
      stored = await txDeps.store.invitations.create({
        tenantId: tenant.id,
        organisationId: organisation?.id ?? null,
        email: email.data,
        role,
        tokenHash,
        invitedBy: actor.by,
        at: now,
        expiresAt,
      });
      await recordActorAudit(txDeps.store, actor, {
        type: AUDIT.invitationSent,
        data: auditData(stored, actor),
        at: now,
      });
    }
    await mailInvitation(txDeps, tenant, stored, organisation, token);
    return stored;
  });
  return {
    ok: true,
    invitation: viewOf(invitation, organisation, now),
    ...(by.kind === "operator" ? { link: invitationLink(deps, tenant, token) } : {}),
  };
}

function auditData(invitation: TInvitation, actor: TOpenedActor) {
  return {
    invitation: invitation.id,
    email: invitation.email,
    organisation: invitation.organisationId,
    role: invitation.role,
    by: actor.by,
  };
}

async function retire(
  txDeps: TTxDeps,
  actor: TOpenedActor,
  invitation: TInvitation,
  cause: "revoked" | "replaced",
  now: Date,
) {
  const done = await txDeps.store.invitations.revoke(actor.tenant.id, invitation.id, now);
  if (!done) return false;
  await recordActorAudit(txDeps.store, actor, {
    type: AUDIT.invitationRevoked,
    data: {
      invitation: invitation.id,
      email: invitation.email,
      organisation: invitation.organisationId,
      cause,
      by: actor.by,
    },
    at: now,
  });
  return true;
}

/** The open invitation the actor may act on (an org_admin: of their organisation only). */
async function openInvitationFor(deps: TDeps, actor: TOpenedActor, invitationId: string) {
  if (typeof invitationId !== "string" || invitationId.length === 0 || invitationId.length > 64) return null;
  const invitation = await deps.store.invitations.findById(actor.tenant.id, invitationId);
  if (!invitation || !mayActOn(actor, invitation.organisationId)) return null;
  return invitation;
}

/** Sends the invitation again with a new token (7 more days); the link in the earlier mail stops working. */
export async function resendInvitation(
  deps: TDeps,
  by: TOrgActor,
  input: { invitationId: string },
): Promise<TInviteResult> {
  const opened = await openActor(deps, by);
  if (!opened.ok) return opened;
  const actor = opened.actor;
  const tenant = actor.tenant;
  const invitation = await openInvitationFor(deps, actor, input.invitationId);
  if (!invitation) return fail(INVITATION, "NOT_FOUND", { subject: "invitation" });
  const now = deps.now();
  const state = invitationState(invitation, now);
  if (state === "accepted" || state === "revoked") return fail(INVITATION, "NOT_FOUND", { subject: "closed" });
  const organisation = invitation.organisationId
    ? await findOrganisation(deps, tenant, { id: invitation.organisationId })
    : null;
  const { token, tokenHash, expiresAt } = newToken(now);
  const resent = await withTransaction(deps, async (txDeps) => {
    if (!(await txDeps.store.invitations.replaceToken(tenant.id, invitation.id, tokenHash, now, expiresAt)))
      return null;
    const stored = { ...invitation, tokenHash, sentAt: now, expiresAt };
    await recordActorAudit(txDeps.store, actor, {
      type: AUDIT.invitationResent,
      data: auditData(stored, actor),
      at: now,
    });
    await mailInvitation(txDeps, tenant, stored, organisation, token);
    return stored;
  });
  if (!resent) return fail(INVITATION, "NOT_FOUND", { subject: "closed" });
  return {
    ok: true,
    invitation: viewOf(resent, organisation, now),
    ...(by.kind === "operator" ? { link: invitationLink(deps, tenant, token) } : {}),
  };
}

/** Revokes an open invitation: its link stops working at once. */
export async function revokeInvitation(
  deps: TDeps,
  by: TOrgActor,
  input: { invitationId: string },
): Promise<{ ok: true } | TInviteFailure> {
  const opened = await openActor(deps, by);
  if (!opened.ok) return opened;
  const actor = opened.actor;
  const invitation = await openInvitationFor(deps, actor, input.invitationId);
  if (!invitation) return fail(INVITATION, "NOT_FOUND", { subject: "invitation" });
  const now = deps.now();
  const done = await withTransaction(deps, (txDeps) => retire(txDeps, actor, invitation, "revoked", now));
  return done ? { ok: true } : fail(INVITATION, "NOT_FOUND", { subject: "closed" });
}

async function viewsOf(deps: TDeps, tenant: TTenant, invitations: TInvitation[]): Promise<TInvitationView[]> {
  const now = deps.now();
  const organisations = new Map<string, TOrganisation | null>();
  for (const id of new Set(invitations.flatMap((i) => (i.organisationId ? [i.organisationId] : []))))
    organisations.set(id, await findOrganisation(deps, tenant, { id }));
  return invitations.map((i) =>
    viewOf(i, i.organisationId ? (organisations.get(i.organisationId) ?? null) : null, now),
  );
}

/** The tenant's open invitations (pending or expired, not accepted or revoked), newest first. */
export async function listOpenInvitations(deps: TDeps, tenant: TTenant): Promise<TInvitationView[]> {
  return viewsOf(deps, tenant, await deps.store.invitations.listOpenForTenant(tenant.id, LIST_LIMIT));
}

/** An organisation's invitations, every state, newest first. */
export async function listOrganisationInvitations(
  deps: TDeps,
  tenant: TTenant,
  organisationId: string,
): Promise<TInvitationView[]> {
  return viewsOf(deps, tenant, await deps.store.invitations.list(tenant.id, organisationId, LIST_LIMIT));
}
