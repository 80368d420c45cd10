// The test scenario builder: one place that knows how to bring a test to a state (a fresh database
// with a fake clock and the demo tenants, a confirmed user, a signed-in one, one with an
// authenticator app or a passkey, a pending sign-in, a staff member with console authority, the
// last mail). Test files say which state they need instead of copying the sign-up → sign-in →
// enrolment sequence.
//
//   const t = testScenario();                      // beforeEach: fresh database; afterEach: closed
//   const ada = await t.signedIn("ada@example.com");
//   const bob = await t.withTotp("bob@example.com"); // bob.code() is the app's code right now
//
// Every step checks its own result with `expectOk`, which throws with the whole result, so a
// setup that stops working fails the test that relies on it, loudly.
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import type { TPrismaClientOptions } from "../lib/db/client";
import type { TStore } from "../lib/db/store";
import { signInWithPassword } from "../lib/identity/sign-in-with-password";
import { totpCodeAt } from "../lib/identity/totp";
import { confirmTotpEnrolment, findPendingTotp, startTotpEnrolment } from "../lib/account/totp-enrolment";
import type { TRequestMeta } from "../lib/kernel/deps";
import { validateSession } from "../lib/sessions/validate-session";
import type { TConsole } from "../lib/workforce/roles";
import { validateStaffSession } from "../lib/workforce/staff-sessions";
import { PASSWORD, registerPasskey, softAuthenticator } from "./support/passkey-helpers";
import type { TSoftAuthenticator, TSoftAuthenticatorOptions } from "./support/soft-authenticator";
import { expectOk, okValue } from "./support/expect-ok";
import { seedSecondFactor } from "./support/seed-factors";
import { consoleAuthority, createActiveStaff } from "./support/staff";
import {
  auditTypes,
  createTestContext,
  createUser,
  lastMailTo,
  linkToken,
  META,
  type TTestContext,
} from "./support/test-db";
import type { TSession } from "../lib/sessions/types";
import type { TTenant } from "../lib/tenancy/types";
import type { TUser } from "../lib/identity/types";

export { expectFailure, expectOk, okValue } from "./support/expect-ok";
export { META, PASSWORD };

/** Whose account and how: every builder takes these, defaulting to acme, PASSWORD and META. */
export type TUserOptions = { tenant?: TTenant; password?: string; verified?: boolean; meta?: TRequestMeta };

export type TSignedIn = { token: string; session: TSession; user: TUser };

export type TWithTotp = TSignedIn & {
  /** The authenticator app's shared secret, and the otpauth:// URI the set-up page shows. */
  secret: string;
  uri: string;
  /** The ten recovery codes issued with the first second factor. */
  recoveryCodes: string[];
  /** The password session the app was enrolled from (enrolment re-issued it as `token`). */
  passwordToken: string;
  /** The app's code at the scenario clock's current time. */
  code(): string;
};

export type TWithPasskey = TSignedIn & { authenticator: TSoftAuthenticator; passkeyId: string };

type TStaffRole = "owner" | "admin" | "support";

/** A staff member from `t.staff(...)`. */
export type TScenarioStaff = Awaited<ReturnType<Scenario["staff"]>>;

export class Scenario implements TTestContext {
  #context: TTestContext | null = null;

  constructor(private readonly options: TPrismaClientOptions = {}) {}

  /**
   * Registers the fresh database in the enclosing describe block (or file): a new one for each
   * test, or with `once` one for all its tests (beforeAll/afterAll, for suites that measure).
   * `options` replace the ones given to the constructor (e.g. an `onQuery` counter).
   */
  hooks(settings: { once?: boolean; options?: TPrismaClientOptions } = {}): this {
    const open = async () => {
      this.#context = await createTestContext(settings.options ?? this.options);
    };
    const close = async () => {
      const context = this.#context;
      this.#context = null;
      await context?.db.close();
    };
    if (settings.once) {
      beforeAll(open);
      afterAll(close);
    } else {
      beforeEach(open);
      afterEach(close);
    }
    return this;
  }

  private get context(): TTestContext {
    if (!this.#context) throw new Error("the scenario is only open inside a test (testScenario() registers it)");
    return this.#context;
  }

  get db() {
    return this.context.db;
  }
  get deps() {
    return this.context.deps;
  }
  get clock() {
    return this.context.clock;
  }
  get acme() {
    return this.context.acme;
  }
  get globex() {
    return this.context.globex;
  }
  get store(): TStore {
    return this.context.db.store;
  }

  // --- Customers -----------------------------------------------------------------------------

  /** A user with a password and (unless `verified: false`) a confirmed address; the existing one if already there. */
  async user(email: string, options: TUserOptions = {}): Promise<TUser> {
    const tenant = options.tenant ?? this.acme;
    const existing = await this.store.users.findByEmail(tenant.id, email);
    if (existing) return existing;
    return createUser(this.store, tenant, {
      email,
      password: options.password ?? PASSWORD,
      verified: options.verified ?? true,
      at: this.clock.now(),
    });
  }

  /** Disables the account the way the console's "disable" does (no sign-in, no session); returns it as stored. */
  async disable(user: Pick<TUser, "id" | "tenantId">): Promise<TUser> {
    await this.store.users.setLockState(user.tenantId, user.id, {
      status: "disabled",
      lockReason: "admin",
      lockedAt: null,
      lockedUntil: null,
      failedLoginCount: 0,
    });
    return (await this.store.users.findById(user.tenantId, user.id))!;
  }

  /** A password sign-in that must succeed; `next` says which stage the session is at. */
  async signIn(email: string, options: TUserOptions = {}) {
    const tenant = options.tenant ?? this.acme;
    return okValue(
      await signInWithPassword(
        this.deps,
        tenant,
        { email, password: options.password ?? PASSWORD },
        options.meta ?? META,
      ),
      `sign-in of ${email}`,
    );
  }

  /** The user (created if need be) signed in with a password just now: a complete session. */
  async signedIn(email: string, options: TUserOptions = {}) {
    await this.user(email, options);
    const result = await this.signIn(email, options);
    if (result.next !== "complete")
      throw new Error(`expected a complete session for ${email}, got stage ${result.next}`);
    return result;
  }

  /**
   * A pending sign-in: the password was right and `stage` (default "second_factor") is still to
   * do. Returns the pending session as validated at that stage, and its token.
   */
  async pendingSignIn(email: string, options: TUserOptions & { stage?: "second_factor" | "enrol_factor" } = {}) {
    const tenant = options.tenant ?? this.acme;
    const stage = options.stage ?? "second_factor";
    const result = await this.signIn(email, options);
    if (result.next !== stage) throw new Error(`expected a sign-in pending at ${stage}, got ${JSON.stringify(result)}`);
    const pending = await validateSession(this.deps, tenant, result.token, { stages: [stage] });
    if (!pending) throw new Error(`the pending session of ${email} does not validate at ${stage}`);
    return { ...pending, token: result.token };
  }

  /** Enrols an authenticator app for a signed-in user the way the account page does (with its first recovery codes). */
  async enrolTotp(
    signedIn: { token: string },
    options: { tenant?: TTenant; endOtherSessions?: boolean; meta?: TRequestMeta } = {},
  ): Promise<TWithTotp> {
    const tenant = options.tenant ?? this.acme;
    const auth = await validateSession(this.deps, tenant, signedIn.token);
    if (!auth) throw new Error("enrolTotp needs a complete session");
    expectOk(await startTotpEnrolment(this.deps, tenant, auth), "TOTP enrolment start");
    const pending = await findPendingTotp(this.deps, tenant, auth.user);
    if (!pending) throw new Error("no pending TOTP secret after starting enrolment");
    const confirmed = okValue(
      await confirmTotpEnrolment(
        this.deps,
        tenant,
        auth,
        { code: totpCodeAt(pending.secret, this.clock.now()), endOtherSessions: options.endOtherSessions ?? false },
        options.meta ?? META,
      ),
      "TOTP enrolment",
    );
    if (!confirmed.rotated) throw new Error("TOTP enrolment did not re-issue the session");
    const secret = pending.secret;
    return {
      token: confirmed.rotated.token,
      session: confirmed.rotated.session,
      user: auth.user,
      secret,
      uri: pending.uri,
      recoveryCodes: confirmed.recoveryCodes ?? [],
      passwordToken: signedIn.token,
      code: () => this.totpCode(secret),
    };
  }

  /**
   * A user with a password and a confirmed authenticator app and recovery codes, signed in at
   * AAL2. The clock then moves a minute on, so the next code is in a later 30-second step than
   * the one used up by enrolment (`settle: false` keeps the clock where it was).
   */
  async withTotp(
    email: string,
    options: TUserOptions & { endOtherSessions?: boolean; settle?: boolean } = {},
  ): Promise<TWithTotp> {
    const first = await this.signedIn(email, options);
    const enrolled = await this.enrolTotp(first, options);
    if (options.settle ?? true) this.clock.advance(60_000);
    return enrolled;
  }

  /**
   * A confirmed authenticator app and ten recovery codes written straight to the repositories
   * (no enrolment, no mail, no audit), for tests about what comes after.
   */
  seedSecondFactor(user: TUser, tenant: TTenant = this.acme): Promise<{ secret: string; codes: string[] }> {
    return seedSecondFactor(this.store, this.deps.secrets, {
      tenantId: tenant.id,
      userId: user.id,
      now: this.clock.now(),
    });
  }

  /** The authenticator app's code for `secret` at the scenario clock's current time. */
  totpCode(secret: string): string {
    return totpCodeAt(secret, this.clock.now());
  }

  /** A software authenticator for this portal's origin (see tests/support/soft-authenticator.ts). */
  authenticator(options: Omit<TSoftAuthenticatorOptions, "origin"> = {}): TSoftAuthenticator {
    return softAuthenticator(this.deps, options);
  }

  /** A signed-in password user who also registered a passkey on a software authenticator. */
  async withPasskey(
    email: string,
    options: TUserOptions & { authenticator?: TSoftAuthenticator } = {},
  ): Promise<TWithPasskey> {
    const tenant = options.tenant ?? this.acme;
    const signedIn = await this.signedIn(email, options);
    const authenticator = options.authenticator ?? this.authenticator();
    const passkeyId = await registerPasskey(this, tenant, signedIn, authenticator);
    return { ...signedIn, authenticator, passkeyId };
  }

  // --- Staff ---------------------------------------------------------------------------------

  /**
   * A staff member with `role` at a tenant (default acme) who finished set-up and enrolled an
   * authenticator app. `auth()` is the validated staff session; `authority(console)` the
   * console gate's authority for that tenant as the session stands (`consoleAuthority`; whether
   * its step-up is fresh enough is for the use case to decide, as in the product).
   */
  async staff(email: string, role: TStaffRole, options: { tenantSlug?: string; name?: string } = {}) {
    const tenantSlug = options.tenantSlug ?? "acme";
    const member = await createActiveStaff(this, { email, role, tenantSlug, name: options.name });
    // Both read the member's current token (actingStaff may re-issue it with a step-up).
    const staff = {
      ...member,
      auth: async () => {
        const valid = await validateStaffSession(this.deps, staff.token);
        if (!valid) throw new Error(`the staff session of ${email} is not valid`);
        return valid;
      },
      authority: (console: TConsole = "admin", slug = tenantSlug) => consoleAuthority(this, staff.token, slug, console),
      code: () => this.totpCode(member.secret),
    };
    return staff;
  }

  // --- Mail and audit ------------------------------------------------------------------------

  /** The last mail queued to `to` (with its body), or null. */
  lastMailTo(to: string) {
    return lastMailTo(this.store, to);
  }

  /** The subjects of every mail queued to `to`, newest first. */
  async subjectsTo(to: string): Promise<string[]> {
    return (await this.store.mail.listOutbox(500)).filter((m) => m.to === to).map((m) => m.subject);
  }

  /** The token of the `pathname?token=…` link in the last mail to `to`; throws when there is none. */
  async linkTo(to: string, pathname: string): Promise<string> {
    return linkToken((await this.lastMailTo(to))?.text, pathname);
  }

  /** The audit event types of a tenant (default acme), optionally one user's, oldest first. */
  auditTypes(userId?: string, tenant: TTenant = this.acme): Promise<string[]> {
    return auditTypes(this.store, tenant.id, userId);
  }
}

/** A scenario whose fresh database opens before each test of the enclosing block and closes after it. */
export function testScenario(options: TPrismaClientOptions = {}): Scenario {
  return new Scenario(options).hooks();
}
