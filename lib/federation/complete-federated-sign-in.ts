// The Portico side of an enterprise sign-in. next-auth (lib/next/federation.ts) does the OpenID
// Connect handshake — state, PKCE, nonce, the ID token's signature, issuer and audience are checked
// by oauth4webapi underneath it — and hands the verified claims here. Portico then decides who this
// is and makes its own session; next-auth never holds one.
//
// Linking is never silent: an IdP identity whose address matches an existing local account only
// becomes a pending link request, which the person completes by proving that local account once
// (completeFederatedLink). An address the IdP does not say is verified, or outside the
// organisation's domains, is refused.
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import { isUniqueViolation } from "../db/errors";
import { normalizeEmail } from "../identity/email";
import { verifyAgainstDummy, verifyPassword } from "../identity/password-hasher";
import { startSignInSession } from "../identity/sign-in-session";
import type { TUser } from "../identity/types";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { fail, type TFailure } from "../kernel/outcome";
import { withTransaction } from "../kernel/transaction";
import { invitationState, type TEnterpriseConnection, type TOrganisation } from "../organisations/types";
import { recordPasswordFailure } from "../identity/record-password-failure";
import { lockRefuses } from "../risk/lockout";
import { clearPasswordFailures, reservePasswordAttempt } from "../risk/login-throttle";
import { consumeRateLimit } from "../risk/rate-limit";
import { assessSignIn, recordBlockedSignIn } from "../risk/sign-in-risk";
import { generateToken, hashToken, isWellFormedToken } from "../security/tokens";
import type { TSession, TAmr, TSessionStage } from "../sessions/types";
import { loadAuthenticators, passkeyUsable, totpUsable } from "../identity/authenticators";
import { policyForUser } from "../organisations/policy";
import type { TTenant } from "../tenancy/types";
import { aalFromIdp } from "./assurance";
import { FEDERATION } from "./outcomes";

/** How long a pending link of an IdP identity to a local account waits for its proof. */
export const LINK_REQUEST_MINUTES = 10;
/** How long an administrator's pre-approval of a link waits for the next enterprise sign-in. */
export const LINK_APPROVAL_DAYS = 7;
/** The subject of a pre-approval row: no IdP subject is empty (an empty `sub` is refused). */
export const LINK_APPROVAL_SUBJECT = "";
/** Wrong proofs a link request takes before it is spent. */
export const LINK_PROOF_ATTEMPTS = 5;

/** The claims of a verified ID token, as next-auth hands them over. */
export type TIdpProfile = Record<string, unknown> & { iss?: unknown; sub?: unknown };

export type TFederatedResult =
  /** `next`: "complete", or the pending stage the member's organisation policy asks for first. */
  | { ok: true; kind: "signed_in"; token: string; session: TSession; user: TUser; next: TSessionStage }
  | { ok: true; kind: "link"; linkToken: string; expiresAt: Date }
  | TFailure<
      typeof FEDERATION,
      | "EMAIL_NOT_VERIFIED"
      | "FOREIGN_DOMAIN"
      | "NOT_PROVISIONED"
      | "DISABLED"
      | "OTHER_ORGANISATION"
      | "UNKNOWN_CONNECTION"
      | "RISK_BLOCKED"
      | "ACCOUNT_NOT_CONFIRMED"
      | "NOT_A_MEMBER"
      | "ALREADY_LINKED"
    >;

type TRefusal = Exclude<TFederatedResult, { ok: true }>;

function claim(profile: TIdpProfile, name: string | undefined, fallback: string): unknown {
  return profile[name ?? fallback];
}

async function refuse(
  deps: TDeps,
  tenant: TTenant,
  connectionId: string,
  meta: TRequestMeta,
  failure: TRefusal,
): Promise<TRefusal> {
  await withTransaction(deps, (txDeps) =>
    recordAudit(txDeps.store, {
      tenantId: tenant.id,
      type: AUDIT.federatedRefused,
      meta,
      data: { connectionId, reason: failure.code.toLowerCase() },
      at: deps.now(),
    }),
  );
  return failure;
}

/** Audits a handshake next-auth refused (a wrong issuer, audience, nonce or state) for this connection. */
export async function recordFederatedHandshakeFailure(
  deps: TDeps,
  tenant: TTenant,
  connectionId: string,
  meta: TRequestMeta,
  reason: string,
) {
  await withTransaction(deps, (txDeps) =>
    recordAudit(txDeps.store, {
      tenantId: tenant.id,
      type: AUDIT.federatedRefused,
      meta,
      data: { connectionId, reason: `handshake:${reason}`.slice(0, 64) },
      at: deps.now(),
    }),
  );
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1);
}

export async function completeFederatedSignIn(
  deps: TDeps,
  tenant: TTenant,
  input: { connectionId: string; profile: TIdpProfile },
  meta: TRequestMeta,
): Promise<TFederatedResult> {
  const { profile } = input;
  const connection = await deps.store.enterpriseConnections.findById(tenant.id, input.connectionId);
  const organisation = connection
    ? await deps.store.organisations.findById(tenant.id, connection.organisationId)
    : null;
  if (!connection || !organisation || typeof profile.sub !== "string" || !profile.sub)
    return refuse(deps, tenant, input.connectionId, meta, fail(FEDERATION, "UNKNOWN_CONNECTION"));
  const mapping = connection.claimMapping;
  const rawEmail = claim(profile, mapping.email, "email");
  const verified = claim(profile, mapping.email_verified, "email_verified");
  const name = claim(profile, mapping.name, "name");
  // Only a literal `true` counts: a missing claim, "true" as a string or false are all refusals.
  if (verified !== true || typeof rawEmail !== "string")
    return refuse(deps, tenant, connection.id, meta, fail(FEDERATION, "EMAIL_NOT_VERIFIED"));
  const email = normalizeEmail(rawEmail);
  if (!email.includes("@") || !organisation.domains.includes(domainOf(email)))
    return refuse(deps, tenant, connection.id, meta, fail(FEDERATION, "FOREIGN_DOMAIN"));
  const subject = profile.sub;
  const aal = aalFromIdp(connection.trustIdpAssurance, profile.acr, profile.amr);
  const displayName = typeof name === "string" && name.trim() ? name.trim().slice(0, 100) : null;

  const identity = await deps.store.federatedIdentities.find(tenant.id, connection.id, subject);
  if (identity) {
    const user = await deps.store.users.findById(tenant.id, identity.userId);
    if (!user) return refuse(deps, tenant, connection.id, meta, fail(FEDERATION, "NOT_PROVISIONED"));
    // A linked identity signs in only a member of the connection's organisation: once removed from
    // it, the person's IdP account no longer opens their Portico account.
    if (user.organisationId !== connection.organisationId)
      return refuse(deps, tenant, connection.id, meta, fail(FEDERATION, "NOT_A_MEMBER"));
    return signIn(
      deps,
      tenant,
      { user, connection, aal, amr: ["fed"], identityId: identity.id, provisioned: false },
      meta,
    );
  }

  const existing = await deps.store.users.findByEmail(tenant.id, email);
  if (existing) {
    if (existing.organisationId && existing.organisationId !== organisation.id)
      return refuse(deps, tenant, connection.id, meta, fail(FEDERATION, "OTHER_ORGANISATION"));
    // An address never confirmed may belong to someone who signed up with the employee's address
    // before them: such an account is never linked (not by a proof, not by a pre-approval). Confirming
    // the address first (which clears what the sign-up set up) makes it linkable.
    if (!existing.emailVerifiedAt)
      return refuse(deps, tenant, connection.id, meta, fail(FEDERATION, "ACCOUNT_NOT_CONFIRMED"));
    const now = deps.now();
    // An administrator's pre-approval for this account and this connection links once without the proof.
    const [approval] = await deps.store.federatedLinkRequests.listOpenForUser(
      tenant.id,
      existing.id,
      LINK_APPROVAL_SUBJECT,
      now,
      connection.id,
    );
    if (approval && approval.email === email && existing.email === email) {
      const linked = await linkToAccount(deps, tenant, {
        requestId: approval.id,
        user: existing,
        connection,
        subject,
        email,
        proof: "admin",
        meta,
      });
      if (linked.ok) {
        const fresh = (await deps.store.users.findById(tenant.id, existing.id)) ?? existing;
        return signIn(
          deps,
          tenant,
          { user: fresh, connection, aal, amr: ["fed"], identityId: linked.id, provisioned: false },
          meta,
        );
      }
      if (linked.code !== "LINK_EXPIRED") return refuse(deps, tenant, connection.id, meta, linked);
    }
    // Never silent: the owner of the local account proves it once before the identity is linked.
    const linkToken = generateToken();
    const expiresAt = new Date(now.getTime() + LINK_REQUEST_MINUTES * 60_000);
    await deps.store.federatedLinkRequests.create({
      tenantId: tenant.id,
      userId: existing.id,
      connectionId: connection.id,
      subject,
      email,
      tokenHash: hashToken(linkToken),
      at: now,
      expiresAt,
    });
    return { ok: true, kind: "link", linkToken, expiresAt };
  }

  // An open invitation to this organisation counts as provisioning, whether or not JIT is on.
  const now = deps.now();
  const invitation = (await deps.store.invitations.listOpenForEmail(tenant.id, email)).find(
    (open) => open.organisationId === organisation.id && invitationState(open, now) === "pending",
  );
  if (!invitation && !connection.jitProvisioning)
    return refuse(deps, tenant, connection.id, meta, fail(FEDERATION, "NOT_PROVISIONED"));
  return provisionAndSignIn(
    deps,
    tenant,
    { connection, organisation, subject, email, displayName, aal, invitation: invitation ?? null },
    meta,
  );
}

async function provisionAndSignIn(
  deps: TDeps,
  tenant: TTenant,
  input: {
    connection: TEnterpriseConnection;
    organisation: TOrganisation;
    subject: string;
    email: string;
    displayName: string | null;
    aal: 1 | 2;
    invitation: { id: string; role: "member" | "org_admin" } | null;
  },
  meta: TRequestMeta,
): Promise<TFederatedResult> {
  const now = deps.now();
  const made = await withTransaction<{ user: TUser | null; identityId: string } | null>(
    deps,
    async (txDeps, rollback) => {
      const created = await txDeps.store.users.create({
        tenantId: tenant.id,
        email: input.email,
        displayName: input.displayName,
        at: now,
      });
      await txDeps.store.users.markEmailVerified(tenant.id, created.id, input.email, now);
      await txDeps.store.memberships.set(
        tenant.id,
        created.id,
        input.organisation.id,
        input.invitation?.role ?? "member",
      );
      if (input.invitation && !(await txDeps.store.invitations.accept(tenant.id, input.invitation.id, created.id, now)))
        return rollback(null);
      const identity = await txDeps.store.federatedIdentities.create({
        tenantId: tenant.id,
        userId: created.id,
        connectionId: input.connection.id,
        subject: input.subject,
        email: input.email,
        at: now,
      });
      await recordAudit(txDeps.store, {
        tenantId: tenant.id,
        userId: created.id,
        type: AUDIT.userProvisioned,
        meta,
        data: {
          connectionId: input.connection.id,
          organisationId: input.organisation.id,
          ...(input.invitation ? { invitationId: input.invitation.id } : {}),
        },
        at: now,
      });
      await recordAudit(txDeps.store, {
        tenantId: tenant.id,
        userId: created.id,
        type: AUDIT.federatedIdentityLinked,
        meta,
        data: { connectionId: input.connection.id, proof: input.invitation ? "invitation" : "provisioned" },
        at: now,
      });
      return { user: await txDeps.store.users.findById(tenant.id, created.id), identityId: identity.id };
    },
  );
  if (!made?.user) return refuse(deps, tenant, input.connection.id, meta, fail(FEDERATION, "NOT_PROVISIONED"));
  return signIn(
    deps,
    tenant,
    {
      user: made.user,
      connection: input.connection,
      aal: input.aal,
      amr: ["fed"],
      identityId: made.identityId,
      provisioned: true,
    },
    meta,
  );
}

/** Portico's own session after an enterprise sign-in (or a completed link), with its risk check and audit row. */
export async function signIn(
  deps: TDeps,
  tenant: TTenant,
  input: {
    user: TUser;
    connection: TEnterpriseConnection;
    aal: 1 | 2;
    amr: TAmr[];
    identityId: string;
    provisioned: boolean;
  },
  meta: TRequestMeta,
): Promise<TFederatedResult> {
  const { user, connection } = input;
  if (user.status === "disabled") return refuse(deps, tenant, connection.id, meta, fail(FEDERATION, "DISABLED"));
  const now = deps.now();
  const risk = await assessSignIn(deps.store, tenant, user, meta, now);
  if (risk.outcome.decision === "block") {
    await recordBlockedSignIn(deps, tenant, user, meta, risk.outcome, "federated");
    return refuse(deps, tenant, connection.id, meta, fail(FEDERATION, "RISK_BLOCKED"));
  }
  const next = await stageAfterFederated(deps, tenant, user, input.aal, risk.outcome.decision === "step_up");
  const { token, session } = await withTransaction(deps, async (txDeps) => {
    await txDeps.store.federatedIdentities.touch(tenant.id, input.identityId, now);
    const created = await startSignInSession(
      txDeps,
      user,
      { tenant: next.tenant, meta, aal: input.aal, amr: input.amr, stage: next.stage },
      { method: "federated", assessment: risk, data: { aal: input.aal } },
    );
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: user.id,
      type: AUDIT.federatedSignedIn,
      meta,
      data: {
        connectionId: connection.id,
        sessionId: created.session.id,
        aal: input.aal,
        provisioned: input.provisioned,
      },
      at: now,
    });
    return created;
  });
  return { ok: true, kind: "signed_in", token, session, user, next: next.stage };
}

/**
 * Where an enterprise sign-in goes next. The member is held to their organisation's effective
 * policy (lib/organisations/policy.ts) as at password sign-in: a session below its level (minAal,
 * or 2 when a second factor is required) waits at the second factor when the member has one their
 * organisation allows, and at enrolment when they have none. A risk "step_up" asks an AAL1 session
 * for the second factor the member has (one without waits for nothing more: the IdP authenticated them).
 */
async function stageAfterFederated(
  deps: TDeps,
  tenant: TTenant,
  user: TUser,
  aal: 1 | 2,
  riskStepUp: boolean,
): Promise<{ tenant: TTenant; stage: TSessionStage }> {
  const member = await policyForUser(deps, tenant, user);
  const memberTenant = member.tenant;
  const required = member.minAal >= 2 || memberTenant.mfaPolicy === "required" ? 2 : member.minAal;
  if (aal >= required && !(riskStepUp && aal < 2)) return { tenant: memberTenant, stage: "complete" };
  const authenticators = await loadAuthenticators(deps.store, memberTenant, user.id);
  const secondFactor = passkeyUsable(authenticators) || totpUsable(authenticators);
  if (secondFactor) return { tenant: memberTenant, stage: "second_factor" };
  return { tenant: memberTenant, stage: aal >= required ? "complete" : "enrol_factor" };
}

export type TLinkResult =
  { ok: true; id: string } | TFailure<typeof FEDERATION, "LINK_EXPIRED" | "ACCOUNT_NOT_CONFIRMED" | "ALREADY_LINKED">;

/**
 * Spends the link request (or pre-approval) and links the IdP identity to the local account, in one
 * transaction with its audit row. LINK_EXPIRED when the request was spent meanwhile. When two
 * completions race for one subject the unique (connection, subject) decides: the loser's answer is
 * the winner's identity when it is this same account's, ALREADY_LINKED when it is another's.
 * ACCOUNT_NOT_CONFIRMED for an account whose address was never confirmed, which is never linked.
 */
export async function linkToAccount(
  deps: TDeps,
  tenant: TTenant,
  input: {
    requestId: string;
    user: TUser;
    connection: TEnterpriseConnection;
    subject: string;
    email: string;
    proof: "password" | "passkey" | "admin";
    meta: TRequestMeta;
  },
): Promise<TLinkResult> {
  const { user, connection } = input;
  const now = deps.now();
  const alreadyLinked = async (): Promise<TLinkResult> => {
    const winner = await deps.store.federatedIdentities.find(tenant.id, connection.id, input.subject);
    if (winner && winner.userId === user.id) return { ok: true, id: winner.id };
    return fail(FEDERATION, winner ? "ALREADY_LINKED" : "LINK_EXPIRED");
  };
  try {
    return await withTransaction<TLinkResult>(deps, async (txDeps, rollback) => {
      const current = await txDeps.store.users.findById(tenant.id, user.id);
      if (!current?.emailVerifiedAt || current.email !== input.email)
        return rollback(fail(FEDERATION, current?.emailVerifiedAt ? "LINK_EXPIRED" : "ACCOUNT_NOT_CONFIRMED"));
      if (!(await txDeps.store.federatedLinkRequests.use(tenant.id, input.requestId, now)))
        return rollback(fail(FEDERATION, "LINK_EXPIRED"));
      // Linked meanwhile (another completion for this subject won): the request stays spent, and the
      // answer is that identity when it is this same account's.
      const taken = await txDeps.store.federatedIdentities.find(tenant.id, connection.id, input.subject);
      if (taken) return taken.userId === user.id ? { ok: true, id: taken.id } : fail(FEDERATION, "ALREADY_LINKED");
      const identity = await txDeps.store.federatedIdentities.create({
        tenantId: tenant.id,
        userId: user.id,
        connectionId: connection.id,
        subject: input.subject,
        email: input.email,
        at: now,
      });
      if (!current.organisationId)
        await txDeps.store.memberships.set(tenant.id, user.id, connection.organisationId, "member");
      await recordAudit(txDeps.store, {
        tenantId: tenant.id,
        userId: user.id,
        type: AUDIT.federatedIdentityLinked,
        meta: input.meta,
        data: { connectionId: connection.id, proof: input.proof },
        at: now,
      });
      return { ok: true, id: identity.id };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // The other completion linked the subject between our check and our write: this request is spent too.
    await deps.store.federatedLinkRequests.use(tenant.id, input.requestId, now);
    return alreadyLinked();
  }
}

/** The pending link a link-account page shows (the address and organisation), or null when it is spent. */
export async function pendingFederatedLink(
  deps: TDeps,
  tenant: TTenant,
  linkToken: string | undefined,
): Promise<{ email: string; organisationName: string; hasPassword: boolean; hasPasskey: boolean } | null> {
  if (!isWellFormedToken(linkToken)) return null;
  const request = await deps.store.federatedLinkRequests.findByTokenHash(tenant.id, hashToken(linkToken));
  if (!request || request.usedAt || request.expiresAt.getTime() <= deps.now().getTime()) return null;
  const connection = await deps.store.enterpriseConnections.findById(tenant.id, request.connectionId);
  const organisation = connection
    ? await deps.store.organisations.findById(tenant.id, connection.organisationId)
    : null;
  if (!organisation) return null;
  const [password, passkeys] = await Promise.all([
    deps.store.passwords.findByUserId(tenant.id, request.userId),
    tenant.allowPasskey ? deps.store.passkeys.listForUser(tenant.id, request.userId) : Promise.resolve([]),
  ]);
  return {
    email: request.email,
    organisationName: organisation.name,
    hasPassword: password !== null,
    hasPasskey: passkeys.length > 0,
  };
}

/**
 * Completes a pending link with the local account's password: the identity is linked to that
 * account (and the account joins the organisation if it had none), and the person is signed in.
 * A wrong password counts against the request (LINK_PROOF_ATTEMPTS), and the request is single use.
 */
export async function completeFederatedLink(
  deps: TDeps,
  tenant: TTenant,
  input: { linkToken: string | undefined; password: string },
  meta: TRequestMeta,
): Promise<
  TFederatedResult | TFailure<typeof FEDERATION, "LINK_EXPIRED" | "LINK_PROOF_FAILED" | "RATE_LIMITED" | "LOCKED">
> {
  if (!isWellFormedToken(input.linkToken)) return fail(FEDERATION, "LINK_EXPIRED");
  const now = deps.now();
  const request = await deps.store.federatedLinkRequests.findByTokenHash(tenant.id, hashToken(input.linkToken));
  if (!request || request.usedAt || request.expiresAt.getTime() <= now.getTime())
    return fail(FEDERATION, "LINK_EXPIRED");
  const attempts = await consumeRateLimit(
    deps.store,
    `fed-link:${request.id}`,
    LINK_PROOF_ATTEMPTS,
    LINK_REQUEST_MINUTES * 60,
    now,
  );
  if (!attempts.allowed) {
    await deps.store.federatedLinkRequests.use(tenant.id, request.id, now);
    return fail(FEDERATION, "LINK_EXPIRED");
  }
  // The account's own wrong-password throttle and lockout apply here exactly as at sign-in: the
  // link page is no way around them.
  const decision = await reservePasswordAttempt(deps.store, tenant, request.email, meta.deviceHash, now);
  if (decision.kind === "wait")
    return fail(FEDERATION, "RATE_LIMITED", {
      scope: "failed_attempts",
      retryAfterSeconds: decision.retryAfterSeconds,
    });
  if (decision.kind === "locked") return fail(FEDERATION, "LOCKED", { retryAfterSeconds: decision.retryAfterSeconds });
  const [user, credential, connection] = await Promise.all([
    deps.store.users.findById(tenant.id, request.userId),
    deps.store.passwords.findByUserId(tenant.id, request.userId),
    deps.store.enterpriseConnections.findById(tenant.id, request.connectionId),
  ]);
  const valid =
    credential && input.password.length > 0 && input.password.length <= 1024
      ? await verifyPassword(credential.hash, input.password)
      : await verifyAgainstDummy(input.password.slice(0, 1024));
  if (!valid || !user) {
    const { shown } = await withTransaction(deps, (txDeps) =>
      recordPasswordFailure(txDeps, {
        tenant,
        user,
        reservedCount: decision.reservedCount,
        meta,
        context: "sign_in",
        device: decision.device,
      }),
    );
    if (shown.locked)
      return fail(FEDERATION, "LOCKED", { retryAfterSeconds: shown.permanent ? null : tenant.lockoutMinutes * 60 });
    return fail(FEDERATION, "LINK_PROOF_FAILED");
  }
  if (lockRefuses(user, decision.device ? "known_device" : "new_device", now))
    return fail(FEDERATION, "LOCKED", {
      retryAfterSeconds: user.lockedUntil ? Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000) : null,
    });
  await clearPasswordFailures(deps.store, tenant.id, request.email, decision.device);
  if (!connection) return fail(FEDERATION, "UNKNOWN_CONNECTION");
  if (user.email !== request.email) return fail(FEDERATION, "LINK_EXPIRED");
  const linked = await linkToAccount(deps, tenant, {
    requestId: request.id,
    user,
    connection,
    subject: request.subject,
    email: request.email,
    proof: "password",
    meta,
  });
  if (!linked.ok) return linked;
  const fresh = (await deps.store.users.findById(tenant.id, user.id)) ?? user;
  // The person proved both the IdP identity and the local password; Portico's own level stays AAL1.
  return signIn(
    deps,
    tenant,
    { user: fresh, connection, aal: 1, amr: ["fed", "pwd"], identityId: linked.id, provisioned: false },
    meta,
  );
}
