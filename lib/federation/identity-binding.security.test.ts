// An IdP identity opens exactly the account it was bound to, and only while that binding still
// holds: an account whose address was never confirmed is never linked (by proof or pre-approval),
// a removed member's identity stops working, a connection moved to another issuer forgets the old
// issuer's subjects, and two completions racing for one subject end with one link and no error.
import { describe, expect, it } from "vitest";
import { actingStaff } from "../../tests/support/staff";
import { META as SESSION_META, PASSWORD, testScenario } from "../../tests/scenario";
import { removeMember } from "../org-admin/members";
import { removeMembership } from "../organisations/organisations";
import { endEverySessionOf } from "../sessions/end-user-sessions";
import { validateSession } from "../sessions/validate-session";
import { generateToken, hashToken } from "../security/tokens";
import type { TAfterCommit, TRepositories } from "../db/store";
import type { TDeps } from "../kernel/deps";
import { approveLinkAtNextSignIn } from "../workforce/federation-links";
import {
  completeFederatedLink,
  completeFederatedSignIn,
  LINK_APPROVAL_SUBJECT,
  LINK_REQUEST_MINUTES,
} from "./complete-federated-sign-in";
import { createConnection, updateConnection } from "./connections";

const t = testScenario();
const META = { ip: "203.0.113.9", userAgent: "test" };
const OPERATOR = { staffId: null, by: "operator", meta: META };
const REASON = "Ada called; identity checked against the signed contract.";
const ISSUER = "https://idp.initech.test";

async function initech() {
  const organisation = await t.store.organisations.create({
    tenantId: t.globex.id,
    slug: "initech",
    name: "Initech",
    domains: ["initech.test"],
    policy: {},
    at: t.clock.now(),
  });
  const created = await createConnection(t.deps, OPERATOR, {
    tenant: t.globex,
    organisation: "initech",
    issuer: ISSUER,
    clientId: "portico",
    clientSecret: "s3cret-value",
    jit: true,
    trustIdpAssurance: false,
  });
  if (!created.ok) throw new Error(created.code);
  return { organisation, connectionId: created.value.id };
}

const profile = (over: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  sub: "idp-subject-1",
  email: "ada@initech.test",
  email_verified: true,
  ...over,
});

type TWork<T> = (tx: TRepositories, rollback: (value: T) => never, afterCommit: TAfterCommit) => Promise<T>;

const outcome = (result: { ok: boolean; code?: string; kind?: string }) => (result.ok ? result.kind : result.code);

/** A pending link request for the account, as an enterprise sign-in makes it; returns its token. */
async function linkRequest(userId: string, connectionId: string, subject = "idp-subject-1") {
  const linkToken = generateToken();
  await t.store.federatedLinkRequests.create({
    tenantId: t.globex.id,
    userId,
    connectionId,
    subject,
    email: "ada@initech.test",
    tokenHash: hashToken(linkToken),
    at: t.clock.now(),
    expiresAt: new Date(t.clock.now().getTime() + LINK_REQUEST_MINUTES * 60_000),
  });
  return linkToken;
}

async function refusalReasons(): Promise<string[]> {
  const rows = await t.store.audit.list(t.globex.id, { type: "federated.refused" });
  return rows.map((row) => String((row.data as { reason?: unknown }).reason));
}

describe("an account whose address was never confirmed is never linked", () => {
  it("refuses a pre-approval of an unconfirmed account, and the sign-in refuses one made before", async () => {
    const { connectionId } = await initech();
    const squatter = await t.user("ada@initech.test", { tenant: t.globex, verified: false });
    const sam = await t.staff("sam@globex.example", "admin", { tenantSlug: "globex" });
    const refused = await approveLinkAtNextSignIn(t.deps, await actingStaff(t, sam, "globex"), {
      userId: squatter.id,
      reason: REASON,
    });
    expect(refused).toMatchObject({ ok: false, code: "ACCOUNT_NOT_CONFIRMED" });
    expect(
      await t.store.federatedLinkRequests.listOpenForUser(
        t.globex.id,
        squatter.id,
        LINK_APPROVAL_SUBJECT,
        t.clock.now(),
      ),
    ).toEqual([]);
    // A pre-approval row that exists all the same (made before the account's check) links nothing.
    await t.store.federatedLinkRequests.create({
      tenantId: t.globex.id,
      userId: squatter.id,
      connectionId,
      subject: LINK_APPROVAL_SUBJECT,
      email: "ada@initech.test",
      tokenHash: hashToken(generateToken()),
      at: t.clock.now(),
      expiresAt: new Date(t.clock.now().getTime() + 86_400_000),
    });
    const signIn = await completeFederatedSignIn(t.deps, t.globex, { connectionId, profile: profile() }, META);
    expect(outcome(signIn)).toBe("ACCOUNT_NOT_CONFIRMED");
    expect(await t.store.federatedIdentities.listForUser(t.globex.id, squatter.id)).toEqual([]);
    const stored = await t.store.users.findById(t.globex.id, squatter.id);
    expect(stored?.emailVerifiedAt).toBeNull();
    expect(stored?.organisationId).toBeNull();
    expect(await refusalReasons()).toContain("account_not_confirmed");
  });

  it("offers no link request for an unconfirmed account, and its password does not complete an old one", async () => {
    const { connectionId } = await initech();
    const squatter = await t.user("ada@initech.test", { tenant: t.globex, verified: false });
    const signIn = await completeFederatedSignIn(t.deps, t.globex, { connectionId, profile: profile() }, META);
    expect(outcome(signIn)).toBe("ACCOUNT_NOT_CONFIRMED");
    const linkToken = await linkRequest(squatter.id, connectionId);
    const proved = await completeFederatedLink(t.deps, t.globex, { linkToken, password: PASSWORD }, META);
    expect(outcome(proved)).toBe("ACCOUNT_NOT_CONFIRMED");
    expect(await t.store.federatedIdentities.listForUser(t.globex.id, squatter.id)).toEqual([]);
    expect((await t.store.users.findById(t.globex.id, squatter.id))?.emailVerifiedAt).toBeNull();
  });
});

describe("a removed member's IdP identity no longer signs in", () => {
  async function linkedMember() {
    const { organisation, connectionId } = await initech();
    const signIn = await completeFederatedSignIn(t.deps, t.globex, { connectionId, profile: profile() }, META);
    if (!signIn.ok || signIn.kind !== "signed_in") throw new Error("expected a provisioned sign-in");
    return { organisation, connectionId, user: signIn.user };
  }

  it("refuses (audited) a linked identity whose account left the connection's organisation", async () => {
    const { organisation, connectionId, user } = await linkedMember();
    await t.store.memberships.remove(t.globex.id, user.id, organisation.id);
    const again = await completeFederatedSignIn(t.deps, t.globex, { connectionId, profile: profile() }, META);
    expect(outcome(again)).toBe("NOT_A_MEMBER");
    expect(await refusalReasons()).toContain("not_a_member");
  });

  it("removing a member from the console unlinks their identities at the organisation's connection", async () => {
    const { organisation, connectionId, user } = await linkedMember();
    const olive = await t.staff("olive@globex.example", "admin", { tenantSlug: "globex" });
    const removed = await removeMembership(
      t.deps,
      { kind: "console", ...(await actingStaff(t, olive, "globex")) },
      { organisationId: organisation.id, userId: user.id },
      (tx, tenant, id, now) => endEverySessionOf(tx.store, tenant, id, "removed_from_organisation", now),
    );
    expect(removed.ok).toBe(true);
    expect(await t.store.federatedIdentities.listForUser(t.globex.id, user.id)).toEqual([]);
    // The IdP sign-in is now only a link request for the local account: no session without its proof.
    const again = await completeFederatedSignIn(t.deps, t.globex, { connectionId, profile: profile() }, META);
    expect(outcome(again)).toBe("link");
  });

  it("removing a member by the organisation's administrator unlinks their identities too", async () => {
    const { organisation, connectionId, user } = await linkedMember();
    const admin = await t.withTotp("root@initech.test", { tenant: t.globex });
    await t.store.memberships.set(t.globex.id, admin.user.id, organisation.id, "org_admin");
    const auth = await validateSession(t.deps, t.globex, admin.token);
    if (!auth) throw new Error("expected the administrator's session");
    const removed = await removeMember(t.deps, t.globex, auth, { memberId: user.id, reason: REASON }, SESSION_META);
    expect(removed).toMatchObject({ ok: true });
    expect(await t.store.federatedIdentities.listForUser(t.globex.id, user.id)).toEqual([]);
    const again = await completeFederatedSignIn(t.deps, t.globex, { connectionId, profile: profile() }, META);
    expect(outcome(again)).toBe("link");
  });
});

describe("a connection moved to another issuer forgets the old issuer's subjects", () => {
  it("unlinks every identity and open link request when the issuer changes, audited with the counts", async () => {
    const { connectionId } = await initech();
    const first = await completeFederatedSignIn(t.deps, t.globex, { connectionId, profile: profile() }, META);
    expect(outcome(first)).toBe("signed_in");
    const bob = await t.user("bob@initech.test", { tenant: t.globex });
    await linkRequest(bob.id, connectionId, "idp-subject-2");
    const fields = {
      tenant: t.globex,
      connectionId,
      clientId: "portico",
      clientSecret: "",
      scopes: ["openid", "email", "profile"],
      jit: true,
      trustIdpAssurance: false,
    };
    // The same issuer keeps the links.
    const same = await updateConnection(t.deps, OPERATOR, { ...fields, issuer: ISSUER, jit: false });
    expect(same).toMatchObject({ ok: true, unlinked: null });
    const moved = await updateConnection(t.deps, OPERATOR, { ...fields, issuer: "https://login.other-idp.test" });
    expect(moved).toMatchObject({ ok: true, unlinked: { identities: 1, linkRequests: 1 } });
    const rows = await t.store.audit.list(t.globex.id, { type: "connection.updated" });
    expect(rows.map((row) => row.data)).toContainEqual(
      expect.objectContaining({ unlinkedIdentities: 1, removedLinkRequests: 1 }),
    );
    // The same `sub` at the new IdP is not the old user: it is only a link request for the local account.
    const ada = await t.store.users.findByEmail(t.globex.id, "ada@initech.test");
    expect(await t.store.federatedIdentities.listForUser(t.globex.id, ada?.id ?? "")).toEqual([]);
    const again = await completeFederatedSignIn(
      t.deps,
      t.globex,
      { connectionId, profile: profile({ iss: "https://login.other-idp.test" }) },
      META,
    );
    expect(outcome(again)).toBe("link");
  });
});

describe("two link completions for one subject", () => {
  async function twoRequests() {
    const { connectionId } = await initech();
    const ada = await t.user("ada@initech.test", { tenant: t.globex });
    const starts = [];
    for (let i = 0; i < 2; i += 1) {
      const started = await completeFederatedSignIn(t.deps, t.globex, { connectionId, profile: profile() }, META);
      if (!started.ok || started.kind !== "link") throw new Error("expected a link request");
      starts.push(started.linkToken);
    }
    return { ada, tokens: starts };
  }

  it("racing end with one identity and an answer each, never an error", async () => {
    const { ada, tokens } = await twoRequests();
    const answers = await Promise.all(
      tokens.map((linkToken) => completeFederatedLink(t.deps, t.globex, { linkToken, password: PASSWORD }, META)),
    );
    expect(answers.map(outcome)).toEqual(["signed_in", "signed_in"]);
    expect(await t.store.federatedIdentities.listForUser(t.globex.id, ada.id)).toHaveLength(1);
  });

  it("the loser of the unique (connection, subject) answers with the winner's identity and its request is spent", async () => {
    const { ada, tokens } = await twoRequests();
    const winner = await completeFederatedLink(t.deps, t.globex, { linkToken: tokens[0], password: PASSWORD }, META);
    expect(outcome(winner)).toBe("signed_in");
    // The loser read before the winner's commit: its check finds nothing, its write hits the unique index.
    const blind: TDeps = {
      ...t.deps,
      store: {
        ...t.deps.store,
        transaction: <T>(work: TWork<T>) =>
          t.deps.store.transaction<T>((tx, rollback, afterCommit) =>
            work(
              { ...tx, federatedIdentities: { ...tx.federatedIdentities, find: async () => null } },
              rollback,
              afterCommit,
            ),
          ),
      },
    };
    const loser = await completeFederatedLink(blind, t.globex, { linkToken: tokens[1], password: PASSWORD }, META);
    expect(outcome(loser)).toBe("signed_in");
    expect(await t.store.federatedIdentities.listForUser(t.globex.id, ada.id)).toHaveLength(1);
    const spent = await completeFederatedLink(t.deps, t.globex, { linkToken: tokens[1], password: PASSWORD }, META);
    expect(outcome(spent)).toBe("LINK_EXPIRED");
  });
});
