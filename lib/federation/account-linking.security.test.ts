// Account linking is never silent: wrong passwords on the link page count against the account's own
// lockout, an administrator's pre-approval links once (and only at its connection, in its tenant,
// before it expires), and the identifier-first step that starts an enterprise sign-in is rate limited.
import { describe, expect, it } from "vitest";
import { actingStaff } from "../../tests/support/staff";
import { PASSWORD, testScenario } from "../../tests/scenario";
import { signInWithPassword } from "../identity/sign-in-with-password";
import { approveLinkAtNextSignIn, revokeLinkApproval } from "../workforce/federation-links";
import { RATE_LIMITS } from "../risk/rate-limit";
import { completeFederatedLink, completeFederatedSignIn, LINK_APPROVAL_DAYS } from "./complete-federated-sign-in";
import { createConnection } from "./connections";
import { admitFederatedStart } from "./home-realm";

const t = testScenario();
const META = { ip: "203.0.113.9", userAgent: "test" };
const OPERATOR = { staffId: null, by: "operator", meta: META };
const REASON = "Ada called; identity checked against the signed contract.";

async function organisation(slug: string, domain: string, issuer: string, tenant = t.globex) {
  await t.store.organisations.create({
    tenantId: tenant.id,
    slug,
    name: slug,
    domains: [domain],
    policy: {},
    at: t.clock.now(),
  });
  const created = await createConnection(t.deps, OPERATOR, {
    tenant,
    organisation: slug,
    issuer,
    clientId: "portico",
    clientSecret: "s3cret-value",
    jit: false,
    trustIdpAssurance: false,
  });
  if (!created.ok) throw new Error(created.code);
  return created.value.id;
}

const profile = (over: Record<string, unknown> = {}) => ({
  iss: "https://idp.initech.test",
  sub: "idp-subject-1",
  email: "ada@initech.test",
  email_verified: true,
  ...over,
});

async function globexAdmin() {
  const sam = await t.staff("sam@globex.example", "admin", { tenantSlug: "globex" });
  return () => actingStaff(t, sam, "globex");
}

describe("account linking", () => {
  it("wrong passwords on the link page count against the account's own lockout, as at sign-in", async () => {
    const connectionId = await organisation("initech", "initech.test", "https://idp.initech.test");
    const local = await t.user("ada@initech.test", { tenant: t.globex });
    const threshold = t.globex.lockoutThreshold;
    let last = "";
    // Fresh link requests each time, so the request's own 5 tries never run out first.
    for (let i = 0; i < threshold; i += 1) {
      const started = await completeFederatedSignIn(t.deps, t.globex, { connectionId, profile: profile() }, META);
      if (!started.ok || started.kind !== "link") throw new Error("expected a link request");
      const wrong = await completeFederatedLink(
        t.deps,
        t.globex,
        { linkToken: started.linkToken, password: `wrong password ${i}` },
        META,
      );
      last = wrong.ok ? "ok" : wrong.code;
      t.clock.advance(61_000);
    }
    expect(last).toBe("LOCKED");
    expect(await t.auditTypes(local.id, t.globex)).toEqual(
      expect.arrayContaining(["user.sign_in_failed", "user.locked"]),
    );
    // The account is locked for sign-in too, and the right password on a new link request does not link.
    const signIn = await signInWithPassword(t.deps, t.globex, { email: "ada@initech.test", password: PASSWORD }, META);
    expect(signIn.ok ? "ok" : signIn.code).toBe("LOCKED");
    const again = await completeFederatedSignIn(t.deps, t.globex, { connectionId, profile: profile() }, META);
    if (!again.ok || again.kind !== "link") throw new Error("expected a link request");
    const right = await completeFederatedLink(
      t.deps,
      t.globex,
      { linkToken: again.linkToken, password: PASSWORD },
      META,
    );
    expect(right.ok ? "ok" : right.code).toBe("LOCKED");
    expect(await t.store.federatedIdentities.find(t.globex.id, connectionId, "idp-subject-1")).toBeNull();
  });

  it("an administrator's pre-approval links the next sign-in at its connection once, audited with the staff member and reason", async () => {
    const connectionId = await organisation("initech", "initech.test", "https://idp.initech.test");
    const local = await t.user("ada@initech.test", { tenant: t.globex });
    const actor = await globexAdmin();
    // Without it the link page is required.
    const before = await completeFederatedSignIn(t.deps, t.globex, { connectionId, profile: profile() }, META);
    expect(before.ok && before.kind).toBe("link");

    const noReason = await approveLinkAtNextSignIn(t.deps, await actor(), { userId: local.id, reason: "" });
    expect(noReason.ok).toBe(false);
    const approved = await approveLinkAtNextSignIn(t.deps, await actor(), { userId: local.id, reason: REASON });
    expect(approved.ok).toBe(true);
    const events = await t.store.audit.list(t.globex.id);
    const approval = events.find((event) => event.type === "federated_link.approved");
    expect(approval?.reason).toBe(REASON);
    expect(approval?.staffId).toBeTruthy();

    const linked = await completeFederatedSignIn(t.deps, t.globex, { connectionId, profile: profile() }, META);
    if (!linked.ok || linked.kind !== "signed_in") throw new Error("expected the pre-approved link");
    expect(linked.user.id).toBe(local.id);
    expect(linked.session.amr).toEqual(["fed"]);
    // Single use: a second IdP identity with the same address is back to the link page.
    const second = await completeFederatedSignIn(
      t.deps,
      t.globex,
      { connectionId, profile: profile({ sub: "idp-subject-2" }) },
      META,
    );
    expect(second.ok && second.kind).toBe("link");
  });

  it("a pre-approval expires, can be revoked until used, and is bound to its connection and tenant", async () => {
    const connectionId = await organisation("initech", "initech.test", "https://idp.initech.test");
    const otherConnection = await organisation("initrode", "initrode.test", "https://idp.initrode.test");
    const acmeConnection = await organisation("initech-acme", "initech.test", "https://idp.initech.test", t.acme);
    const local = await t.user("ada@initech.test", { tenant: t.globex });
    await t.user("ada@initech.test", { tenant: t.acme });
    const actor = await globexAdmin();

    const first = await approveLinkAtNextSignIn(t.deps, await actor(), { userId: local.id, reason: REASON });
    if (!first.ok) throw new Error(first.code);
    // Another connection (with the same address claimed) and another tenant do not use it.
    const elsewhere = await completeFederatedSignIn(
      t.deps,
      t.globex,
      { connectionId: otherConnection, profile: profile({ iss: "https://idp.initrode.test" }) },
      META,
    );
    expect(elsewhere.ok ? elsewhere.kind : elsewhere.code).not.toBe("signed_in");
    const acme = await completeFederatedSignIn(
      t.deps,
      t.acme,
      { connectionId: acmeConnection, profile: profile() },
      META,
    );
    expect(acme.ok && acme.kind).toBe("link");

    // Revoked: the next sign-in needs the link page again; a second revocation finds nothing.
    const revoked = await revokeLinkApproval(t.deps, await actor(), {
      userId: local.id,
      approvalId: first.approvalId,
      reason: REASON,
    });
    expect(revoked.ok).toBe(true);
    expect(await t.auditTypes(local.id, t.globex)).toContain("federated_link.approval_revoked");
    const again = await revokeLinkApproval(t.deps, await actor(), {
      userId: local.id,
      approvalId: first.approvalId,
      reason: REASON,
    });
    expect(again.ok ? "ok" : again.code).toBe("LINK_APPROVAL_NOT_FOUND");
    const afterRevoke = await completeFederatedSignIn(t.deps, t.globex, { connectionId, profile: profile() }, META);
    expect(afterRevoke.ok && afterRevoke.kind).toBe("link");

    // Expired: LINK_APPROVAL_DAYS later it links nothing.
    const second = await approveLinkAtNextSignIn(t.deps, await actor(), { userId: local.id, reason: REASON });
    expect(second.ok).toBe(true);
    t.clock.advance(LINK_APPROVAL_DAYS * 24 * 60 * 60_000 + 1000);
    const late = await completeFederatedSignIn(t.deps, t.globex, { connectionId, profile: profile() }, META);
    expect(late.ok && late.kind).toBe("link");
  });

  it("a pre-approval is only for an account whose domain has an enterprise connection", async () => {
    await organisation("initech", "initech.test", "https://idp.initech.test");
    const partner = await t.user("bob@partner.test", { tenant: t.globex });
    const actor = await globexAdmin();
    const refused = await approveLinkAtNextSignIn(t.deps, await actor(), { userId: partner.id, reason: REASON });
    expect(refused.ok ? "ok" : refused.code).toBe("NO_CONNECTION_FOR_ACCOUNT");
  });
});

describe("identifier-first rate limit", () => {
  it("limits enterprise sign-in starts per network, answering RATE_LIMITED with a wait", async () => {
    for (let i = 0; i < RATE_LIMITS.federatedStartPerIp.limit; i += 1)
      expect((await admitFederatedStart(t.deps, t.globex, META)).ok).toBe(true);
    const limited = await admitFederatedStart(t.deps, t.globex, META);
    expect(!limited.ok && limited.code).toBe("RATE_LIMITED");
    expect(!limited.ok && limited.params.retryAfterSeconds).toBeGreaterThan(0);
    // Another network still gets through, and the other tenant's budget is its own.
    expect((await admitFederatedStart(t.deps, t.globex, { ...META, ip: "198.51.100.7" })).ok).toBe(true);
    expect((await admitFederatedStart(t.deps, t.acme, META)).ok).toBe(true);
  });

  it("limits enterprise sign-in starts per tenant across networks", async () => {
    for (let i = 0; i < RATE_LIMITS.federatedStartPerTenant.limit; i += 1)
      await admitFederatedStart(t.deps, t.globex, { ...META, ip: `10.0.${Math.floor(i / 20)}.${i % 20}` });
    const limited = await admitFederatedStart(t.deps, t.globex, { ...META, ip: "192.0.2.200" });
    expect(!limited.ok && limited.code).toBe("RATE_LIMITED");
  });
});
