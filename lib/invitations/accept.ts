// Invitations, the invitee's side: what a link shows, and accepting it — with a new account (a
// password, or a passkey created right after) or while signed in to the account the invitation
// was sent to. Accepting is a compare-and-set on the invitation (single use: of two concurrent
// accepts, one wins and the other's writes roll back). A new account's address counts as verified:
// the link reached that mailbox. The session it opens is a normal sign-in's: a tenant (or an
// organisation) requiring a second factor sends the new member to enrol one first.
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import { isUniqueViolation } from "../db/errors";
import { PASSWORD } from "../identity/account-outcomes";
import { checkNewPassword } from "../identity/check-new-password";
import { hashPassword } from "../identity/password-hasher";
import { startSignInSession } from "../identity/sign-in-session";
import { startPasskeySetupSession } from "../identity/sign-in-methods";
import type { TUser } from "../identity/types";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { fail, type TFailure } from "../kernel/outcome";
import { withTransaction } from "../kernel/transaction";
import { findOrganisation } from "../organisations/organisations";
import { effectivePolicy, type TEffectivePolicy } from "../organisations/policy";
import { invitationState, type TInvitation, type TOrganisation, type TOrgRole } from "../organisations/types";
import { hashToken, isWellFormedToken } from "../security/tokens";
import { isSignedIn } from "../sessions/sign-in-stage";
import type { TSession, TSessionStage } from "../sessions/types";
import type { TTenant } from "../tenancy/types";
import { INVITATION } from "./outcomes";

const INVALID = fail(INVITATION, "INVALID_LINK");
const MAX_DISPLAY_NAME = 100;

/** What the invitation page may show. A token that matches nothing here is `invalid`, whatever it is. */
export type TInvitationLookup =
  | { state: "invalid" }
  | { state: "expired" | "revoked" | "accepted" }
  | {
      state: "pending";
      invitationId: string;
      email: string;
      organisation: { id: string; slug: string; name: string } | null;
      role: TOrgRole;
      expiresAt: Date;
      /** The address has an account here: the invitee signs in to accept (they hold the link: it is their mailbox). */
      accountExists: boolean;
      /** The organisation signs its people in with its own identity provider (an enterprise connection). */
      enterpriseSignIn: boolean;
      /** The ways a new account may be set up at this tenant. */
      methods: { password: boolean; passkey: boolean };
    };

async function invitationByToken(deps: Pick<TDeps, "store">, tenant: TTenant, token: unknown) {
  if (!isWellFormedToken(token)) return null;
  return deps.store.invitations.findByTokenHash(tenant.id, hashToken(token));
}

/** The pending invitation of `token` with its organisation, or null (unknown, closed, expired). */
async function pendingInvitation(deps: TDeps, tenant: TTenant, token: unknown) {
  const invitation = await invitationByToken(deps, tenant, token);
  if (!invitation || invitationState(invitation, deps.now()) !== "pending") return null;
  const organisation = invitation.organisationId
    ? await findOrganisation(deps, tenant, { id: invitation.organisationId })
    : null;
  // An invitation to an organisation removed since is no longer one.
  if (invitation.organisationId && !organisation) return null;
  return { invitation, organisation };
}

/**
 * The effective policy of the invited organisation's members (lib/organisations/policy.ts): the
 * tenant's, tightened. A stored policy that no longer parses fails closed (a second factor is
 * required), as at sign-in.
 */
function invitedPolicy(tenant: TTenant, organisation: TOrganisation | null): TEffectivePolicy {
  if (!organisation) return effectivePolicy(tenant, null);
  const policy = organisation.policyUnreadable ? { mfaRequired: true } : organisation.policy;
  return effectivePolicy(tenant, { ...organisation, policy });
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1);
}

/** Reads the link for the invitation page; uses nothing up. */
export async function lookupInvitation(deps: TDeps, tenant: TTenant, token: unknown): Promise<TInvitationLookup> {
  const invitation = await invitationByToken(deps, tenant, token);
  if (!invitation) return { state: "invalid" };
  const state = invitationState(invitation, deps.now());
  if (state !== "pending") return { state };
  const found = await pendingInvitation(deps, tenant, token);
  if (!found) return { state: "revoked" };
  const { organisation } = found;
  const member = invitedPolicy(tenant, organisation);
  const [account, connection] = await Promise.all([
    deps.store.users.findByEmail(tenant.id, invitation.email),
    organisation ? deps.store.enterpriseConnections.findByOrganisation(tenant.id, organisation.id) : null,
  ]);
  return {
    state: "pending",
    invitationId: invitation.id,
    email: invitation.email,
    organisation: organisation ? { id: organisation.id, slug: organisation.slug, name: organisation.name } : null,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
    accountExists: account !== null,
    enterpriseSignIn: connection !== null,
    methods: { password: member.tenant.allowPassword, passkey: member.tenant.allowPasskey },
  };
}

/**
 * Whether a new member must enrol a second factor before the session opens: the effective policy
 * requires one, or a level of 2 or more.
 */
export function secondFactorRequired(member: Pick<TEffectivePolicy, "tenant" | "minAal">): boolean {
  return member.tenant.mfaPolicy === "required" || member.minAal >= 2;
}

export type TAcceptNewResult =
  | { ok: true; token: string; session: TSession; user: TUser; next: TSessionStage; method: "password" | "passkey" }
  | TFailure<
      typeof INVITATION,
      "INVALID_LINK" | "SIGN_IN_TO_ACCEPT" | "METHOD_NOT_ALLOWED" | "INVALID_INPUT" | "ENTERPRISE_SIGN_IN"
    >
  | TFailure<typeof PASSWORD, "INVALID_PASSWORD" | "PASSWORD_MISMATCH">;

/**
 * Accepts the invitation with a new account for the invited address: with a password (checked
 * against the tenant's policy), or with `method: "passkey"` no password and a passkey set-up
 * session (the one a passwordless sign-up's link opens), in which the invitee creates the passkey
 * next. The address counts as verified; the membership and role are set; the invitation is used up.
 */
export async function acceptInvitationAsNewAccount(
  deps: TDeps,
  tenant: TTenant,
  token: unknown,
  input: { method: "password" | "passkey"; displayName?: string | null; password?: string; confirmPassword?: string },
  meta: TRequestMeta,
): Promise<TAcceptNewResult> {
  const found = await pendingInvitation(deps, tenant, token);
  if (!found) return INVALID;
  const { invitation, organisation } = found;
  if (await deps.store.users.findByEmail(tenant.id, invitation.email)) return fail(INVITATION, "SIGN_IN_TO_ACCEPT");
  // The people of an organisation with an enterprise connection, at its domains, sign in through
  // their IdP (which provisions them with this invitation): no local account is made for them.
  if (organisation && organisation.domains.includes(domainOf(invitation.email))) {
    const connection = await deps.store.enterpriseConnections.findByOrganisation(tenant.id, organisation.id);
    if (connection) return fail(INVITATION, "ENTERPRISE_SIGN_IN");
  }
  // The organisation's allowed methods and level, not only the tenant's (lib/organisations/policy.ts).
  const member = invitedPolicy(tenant, organisation);
  const methodRefused = (method: "password" | "passkey") =>
    fail(INVITATION, "METHOD_NOT_ALLOWED", {
      method,
      ...(organisation && (method === "password" ? tenant.allowPassword : tenant.allowPasskey)
        ? { organisation: organisation.name }
        : {}),
    });
  const displayName = input.displayName?.normalize("NFC").trim().replace(/\s+/g, " ") || null;
  if (displayName && displayName.length > MAX_DISPLAY_NAME)
    return fail(INVITATION, "INVALID_INPUT", { field: "display_name", problem: "too_long" });
  let passwordHash: string | null = null;
  if (input.method === "password") {
    if (!member.tenant.allowPassword) return methodRefused("password");
    const password = input.password ?? "";
    const problem = await checkNewPassword(deps, {
      password,
      policy: { minLength: tenant.minPasswordLength },
      context: { email: invitation.email, name: displayName, tenantSlug: tenant.slug, tenantName: tenant.name },
      subject: { tenantId: tenant.id, userId: null },
      flow: "sign_up",
      meta,
    });
    if (problem) return fail(PASSWORD, "INVALID_PASSWORD", problem);
    if (password.normalize("NFC") !== (input.confirmPassword ?? "").normalize("NFC"))
      return fail(PASSWORD, "PASSWORD_MISMATCH", { changing: false });
    passwordHash = await hashPassword(password);
  } else if (input.method === "passkey") {
    if (!member.tenant.allowPasskey) return methodRefused("passkey");
  } else {
    return fail(INVITATION, "INVALID_INPUT", { field: "method", problem: "invalid" });
  }
  const now = deps.now();
  const stage: TSessionStage = secondFactorRequired(member) ? "enrol_factor" : "complete";
  try {
    return await withTransaction<TAcceptNewResult>(deps, async (txDeps, rollback) => {
      const created = await txDeps.store.users.create({
        tenantId: tenant.id,
        email: invitation.email,
        displayName,
        at: now,
        signupDeviceHash: meta.deviceHash ?? null,
      });
      // Single use: the loser of two concurrent accepts (or a link revoked or resent meanwhile) rolls back here.
      if (!(await txDeps.store.invitations.accept(tenant.id, invitation.id, created.id, now))) rollback(INVALID);
      await txDeps.store.users.markEmailVerified(tenant.id, created.id, invitation.email, now);
      if (passwordHash !== null) await txDeps.store.passwords.set(tenant.id, created.id, passwordHash, now);
      if (organisation) await txDeps.store.memberships.set(tenant.id, created.id, organisation.id, invitation.role);
      const user: TUser = {
        ...created,
        emailVerifiedAt: now,
        organisationId: organisation?.id ?? null,
        organisationRole: organisation ? invitation.role : null,
      };
      await recordAudit(txDeps.store, {
        tenantId: tenant.id,
        userId: user.id,
        type: AUDIT.userSignedUp,
        meta,
        at: now,
      });
      await recordAudit(txDeps.store, {
        tenantId: tenant.id,
        userId: user.id,
        type: AUDIT.invitationAccepted,
        meta,
        data: acceptedData(invitation, input.method === "password" ? "new_password" : "new_passkey"),
        at: now,
      });
      if (input.method === "passkey") {
        const setup = await startPasskeySetupSession(txDeps, tenant, user.id, meta);
        return { ok: true, ...setup, user, next: "enrol_factor", method: "passkey" };
      }
      const session = await startSignInSession(
        txDeps,
        user,
        { tenant: member.tenant, meta, aal: 1, amr: ["pwd"], stage },
        { method: "invitation" },
      );
      return { ok: true, ...session, user, next: stage, method: "password" };
    });
  } catch (error) {
    // The address got an account meanwhile (a concurrent accept of the same invitation won).
    if (isUniqueViolation(error)) return INVALID;
    throw error;
  }
}

function acceptedData(invitation: TInvitation, how: "new_password" | "new_passkey" | "signed_in") {
  return {
    invitation: invitation.id,
    organisation: invitation.organisationId,
    role: invitation.organisationId ? invitation.role : "member",
    how,
  };
}

export type TAcceptSignedInResult =
  | { ok: true; organisation: { slug: string; name: string } | null }
  | TFailure<typeof INVITATION, "INVALID_LINK" | "WRONG_ACCOUNT" | "OTHER_ORGANISATION" | "DISABLED">;

/**
 * Accepts the invitation for the signed-in account: only when its address is the one invited. A
 * member of another organisation of this tenant is refused (one organisation per tenant).
 */
export async function acceptInvitationSignedIn(
  deps: TDeps,
  tenant: TTenant,
  token: unknown,
  auth: { session: TSession; user: TUser },
  meta: TRequestMeta,
): Promise<TAcceptSignedInResult> {
  const found = await pendingInvitation(deps, tenant, token);
  if (!found) return INVALID;
  const { invitation, organisation } = found;
  if (auth.session.tenantId !== tenant.id || auth.user.tenantId !== tenant.id || !isSignedIn(auth.session))
    return fail(INVITATION, "WRONG_ACCOUNT");
  if (auth.user.email !== invitation.email) return fail(INVITATION, "WRONG_ACCOUNT");
  if (auth.user.status === "disabled") return fail(INVITATION, "DISABLED");
  if (organisation && auth.user.organisationId !== null && auth.user.organisationId !== organisation.id)
    return fail(INVITATION, "OTHER_ORGANISATION");
  const now = deps.now();
  return withTransaction<TAcceptSignedInResult>(deps, async (txDeps, rollback) => {
    if (!(await txDeps.store.invitations.accept(tenant.id, invitation.id, auth.user.id, now))) rollback(INVALID);
    if (organisation) {
      // Read again inside the transaction: a membership set meanwhile elsewhere is not overwritten.
      const current = await txDeps.store.users.findById(tenant.id, auth.user.id);
      if (!current) rollback(INVALID);
      if (current && current.organisationId !== null && current.organisationId !== organisation.id)
        rollback(fail(INVITATION, "OTHER_ORGANISATION"));
      await txDeps.store.memberships.set(tenant.id, auth.user.id, organisation.id, invitation.role);
    }
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: auth.user.id,
      type: AUDIT.invitationAccepted,
      meta,
      data: acceptedData(invitation, "signed_in"),
      at: now,
    });
    return { ok: true, organisation: organisation ? { slug: organisation.slug, name: organisation.name } : null };
  });
}

/**
 * Where an invitee of an organisation with an enterprise connection continues: the tenant's
 * sign-in page with the invited address, which sends an address at a federated domain to its
 * identity provider (home-realm discovery).
 */
export function enterpriseSignInPath(tenant: Pick<TTenant, "slug">, email: string): string {
  return `/${tenant.slug}/login?${new URLSearchParams({ email, login_hint: email }).toString()}`;
}
