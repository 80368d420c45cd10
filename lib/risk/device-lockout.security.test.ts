// Issue 12, point 6: whoever knows an address can send wrong passwords for it from rotating
// addresses, but the lock that follows never refuses the owner's passkey or a device that has
// completed a sign-in of the account before (OWASP's device-cookie lockout exemption), and a known
// device's own budget cannot be used up from anywhere else.
import { beforeEach, describe, expect, it } from "vitest";
import { signInWithPasskey } from "../../tests/support/passkey-helpers";
import { META } from "../../tests/support/test-db";
import { PASSWORD, testScenario } from "../../tests/scenario";
import type { TTenant } from "../tenancy/types";
import type { TRequestMeta } from "../kernel/deps";
import { signInWithPassword } from "../identity/sign-in-with-password";
import { DEMO_TENANTS } from "../tenancy/demo-tenants";
import { LOCK_REASONS } from "./lockout";

const MINUTE = 60_000;
let tenant: TTenant;
const t = testScenario();
beforeEach(async () => {
  // Low thresholds keep the walk to a permanent lock short: 5 failures pause, 12 lock until recovery.
  tenant = await t.db.store.tenants.ensure({
    ...DEMO_TENANTS[0]!,
    slug: "fastlock",
    name: "Fastlock",
    lockoutThreshold: 5,
    lockoutMinutes: 15,
    permanentLockoutThreshold: 12,
  });
});

/** The attacker: every request from another address, with a fresh device cookie of its own. */
const attacker = (i: number): TRequestMeta => ({
  ip: `198.51.100.${(i % 250) + 1}`,
  userAgent: META.userAgent,
  deviceHash: `${i}`.padStart(64, "a"),
});

/** `n` wrong passwords, each after whatever the previous one imposed (growing delay or lockout period). */
async function wrongPasswords(email: string, n: number, meta: (i: number) => TRequestMeta) {
  const answers: string[] = [];
  for (let i = 0; i < n; i++) {
    const result = await signInWithPassword(t.deps, tenant, { email, password: `wrong guess ${i}` }, meta(i));
    answers.push(result.ok ? "ok" : result.code);
    t.clock.advance(16 * MINUTE);
  }
  return answers;
}

const signIn = (email: string, meta: TRequestMeta, password = PASSWORD) =>
  signInWithPassword(t.deps, tenant, { email, password }, meta);

describe("a password lock does not shut the owner out", () => {
  it("lockout from rotating addresses does not refuse the owner's passkey", async () => {
    const auth = await t.withPasskey("ada@example.com", {
      tenant,
      authenticator: t.authenticator({ userVerification: true, backupEligible: true }),
    });
    const key = auth.authenticator;
    await wrongPasswords(auth.user.email, tenant.permanentLockoutThreshold, attacker);
    expect(await t.db.store.users.findById(tenant.id, auth.user.id)).toMatchObject({
      status: "locked",
      lockedUntil: null,
      lockReason: LOCK_REASONS.passwordPermanent,
    });
    expect(await signIn(auth.user.email, attacker(999))).toMatchObject({ ok: false, code: "LOCKED" });

    const { result } = await signInWithPasskey(t, tenant, key);
    expect(result).toMatchObject({ ok: true, next: "complete" });
  });

  it("lockout from rotating addresses does not refuse the owner's known device with the right password", async () => {
    const user = await t.user("ada@example.com", { tenant });
    expect((await signIn(user.email, META)).ok).toBe(true);
    await wrongPasswords(user.email, tenant.permanentLockoutThreshold, attacker);
    expect(await t.db.store.users.findById(tenant.id, user.id)).toMatchObject({
      status: "locked",
      lockedUntil: null,
      lockReason: LOCK_REASONS.passwordPermanent,
    });

    // The right password from a browser new to the account is refused; from the owner's device it works.
    expect(await signIn(user.email, attacker(999))).toMatchObject({ ok: false, code: "LOCKED" });
    const owner = await signIn(user.email, META);
    expect(owner).toMatchObject({ ok: true, next: "complete" });
    // The owner signing in lifts nothing for the others: whoever is guessing stays locked out.
    expect(await t.db.store.users.findById(tenant.id, user.id)).toMatchObject({
      status: "locked",
      lockReason: LOCK_REASONS.passwordPermanent,
    });
    expect(await signIn(user.email, attacker(1000))).toMatchObject({ ok: false, code: "LOCKED" });
  });

  it("the temporary pause from rotating addresses does not refuse the owner's known device either", async () => {
    const user = await t.user("ada@example.com", { tenant });
    expect((await signIn(user.email, META)).ok).toBe(true);
    for (let i = 0; i < tenant.lockoutThreshold; i++) {
      await signIn(user.email, attacker(i), `wrong guess ${i}`);
      t.clock.advance(61_000);
    }
    expect(await signIn(user.email, attacker(99))).toMatchObject({ ok: false, code: "LOCKED" });
    expect((await signIn(user.email, META)).ok).toBe(true);
  });
});

describe("a known device has its own budget", () => {
  it("the known device's budget is separate and cannot be used up from unknown devices", async () => {
    const user = await t.user("ada@example.com", { tenant });
    expect((await signIn(user.email, META)).ok).toBe(true);
    await wrongPasswords(user.email, tenant.permanentLockoutThreshold, attacker);
    expect((await t.db.store.knownDevices.find(tenant.id, user.id, META.deviceHash))?.passwordFailures).toBe(0);
    // The owner mistypes up to one below the pause, then gets in: the attacker's failures are not theirs.
    const mistypes = await wrongPasswords(user.email, tenant.lockoutThreshold - 1, () => META);
    expect(mistypes).toEqual(Array(tenant.lockoutThreshold - 1).fill("INVALID_CREDENTIALS"));
    expect((await signIn(user.email, META)).ok).toBe(true);
    expect((await t.db.store.knownDevices.find(tenant.id, user.id, META.deviceHash))?.passwordFailures).toBe(0);
  });

  it("a device cookie that completed a sign-in of another account gets no budget of this one", async () => {
    const victim = await t.user("ada@example.com", { tenant });
    const mallory = await t.user("mallory@example.com", { tenant });
    const malloryDevice = attacker(1);
    expect((await signIn(mallory.email, malloryDevice)).ok).toBe(true);
    await wrongPasswords(victim.email, 3, () => malloryDevice);
    // Counted against the victim's address and account like any new device, not on Mallory's device row.
    expect((await t.db.store.users.findById(tenant.id, victim.id))?.failedLoginCount).toBe(3);
    expect(
      (await t.db.store.knownDevices.find(tenant.id, mallory.id, malloryDevice.deviceHash!))?.passwordFailures,
    ).toBe(0);
  });

  it("a known device's own wrong passwords pause only that device, and at the permanent threshold lock the account for every device but passkeys", async () => {
    const auth = await t.withPasskey("ada@example.com", {
      tenant,
      authenticator: t.authenticator({ userVerification: true, backupEligible: true }),
    });
    const key = auth.authenticator;
    const email = auth.user.email;
    for (let i = 0; i < tenant.lockoutThreshold; i++) {
      await signIn(email, META, `wrong guess ${i}`);
      t.clock.advance(61_000);
    }
    expect(await signIn(email, META)).toMatchObject({ ok: false, code: "LOCKED" });
    // The account itself is not locked: a new device with the right password gets in.
    expect((await t.db.store.users.findById(tenant.id, auth.user.id))?.status).toBe("active");
    expect((await signIn(email, attacker(5))).ok).toBe(true);

    t.clock.advance(16 * MINUTE);
    await wrongPasswords(email, tenant.permanentLockoutThreshold - tenant.lockoutThreshold, () => META);
    expect(await t.db.store.users.findById(tenant.id, auth.user.id)).toMatchObject({
      status: "locked",
      lockedUntil: null,
      lockReason: LOCK_REASONS.knownDevice,
    });
    const [lock] = await t.db.store.audit.list(tenant.id, { userId: auth.user.id, type: "user.locked" });
    expect(lock!.data).toMatchObject({ permanent: true, reason: LOCK_REASONS.knownDevice });
    t.clock.advance(30 * 24 * 60 * MINUTE);
    expect(await signIn(email, META)).toMatchObject({ ok: false, code: "LOCKED" });
    expect(await signIn(email, attacker(6))).toMatchObject({ ok: false, code: "LOCKED" });
    expect((await signInWithPasskey(t, tenant, key)).result).toMatchObject({ ok: true });
  });

  it("parallel wrong passwords from a known device cannot exceed its budget", async () => {
    const user = await t.user("ada@example.com", { tenant });
    expect((await signIn(user.email, META)).ok).toBe(true);
    for (let i = 0; i < tenant.lockoutThreshold; i++) {
      await signIn(user.email, META, `wrong guess ${i}`);
      t.clock.advance(61_000);
    }
    t.clock.advance(16 * MINUTE);
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(user.email, META, `burst guess ${i}`)));
    // Past the pause a burst gets one guess per period (one password check, audited as a failure),
    // as for the address's own counter.
    expect(burst.filter((r) => !r.ok && r.code === "LOCKED")).toHaveLength(20);
    expect(
      await t.db.store.audit.list(tenant.id, { userId: user.id, type: "user.sign_in_failed", limit: 100 }),
    ).toHaveLength(tenant.lockoutThreshold + 1);
    expect((await t.db.store.users.findById(tenant.id, user.id))?.failedLoginCount).toBe(0);
  });
});
