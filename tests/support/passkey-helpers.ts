// Drives the passkey use cases with a software authenticator, the way the JSON routes do.
import type { TSession } from "../../lib/sessions/types";
import { finishPasskeyRegistration, startPasskeyRegistration } from "../../lib/account/passkey-registration";
import { finishPasskeySignIn, startPasskeySignIn } from "../../lib/identity/passkey-sign-in";
import { signInWithPassword } from "../../lib/identity/sign-in-with-password";
import { signUp } from "../../lib/identity/sign-up";
import { verifyEmail } from "../../lib/identity/verify-email";
import { DEMO_TENANTS } from "../../lib/tenancy/demo-tenants";
import type { TDeps } from "../../lib/kernel/deps";
import { generateToken } from "../../lib/security/tokens";
import { createSoftAuthenticator, type TSoftAuthenticator, type TSoftAuthenticatorOptions } from "./soft-authenticator";
import { createUser, linkToken, META, type TTestContext } from "./test-db";
import { expectOk } from "./expect-ok";
import type { TTenant } from "../../lib/tenancy/types";
import type { TUser } from "../../lib/identity/types";

export const PASSWORD = "correct horse battery staple";

export function softAuthenticator(
  deps: TDeps,
  options: Omit<TSoftAuthenticatorOptions, "origin"> = {},
): TSoftAuthenticator {
  return createSoftAuthenticator({ origin: deps.baseUrl.origin, ...options });
}

/** A verified user with a password, signed in just now (so factor changes are allowed). */
export async function signedInUser(
  t: TTestContext,
  tenant: TTenant,
  email: string,
): Promise<{ session: TSession; user: TUser }> {
  await createUser(t.db.store, tenant, { email, password: PASSWORD, verified: true, at: t.clock.now() });
  const result = await signInWithPassword(t.deps, tenant, { email, password: PASSWORD }, META);
  expectOk(result);
  return { session: result.session, user: result.user };
}

/** Registers the authenticator's credential for the signed-in user; returns the passkey's id. */
export async function registerPasskey(
  t: TTestContext,
  tenant: TTenant,
  auth: { session: TSession; user: TUser },
  authenticator: TSoftAuthenticator,
  binding = generateToken(),
) {
  const options = await startPasskeyRegistration(t.deps, tenant, auth, binding);
  expectOk(options);
  const result = await finishPasskeyRegistration(
    t.deps,
    tenant,
    auth,
    { response: authenticator.register(options.options), name: "Soft key" },
    binding,
    META,
  );
  expectOk(result);
  return result.passkeyId;
}

/** A discoverable-credential sign-in: options for this browser, an assertion, verification. */
export async function signInWithPasskey(
  t: TTestContext,
  tenant: TTenant,
  authenticator: TSoftAuthenticator,
  binding = generateToken(),
) {
  const options = await startPasskeySignIn(t.deps, tenant, binding);
  expectOk(options);
  const response = authenticator.authenticate(options.options);
  return { response, result: await finishPasskeySignIn(t.deps, tenant, response, binding, META) };
}

/** A passwordless tenant like the e2e server's `initech`: passkeys only. */
export async function createPasswordlessTenant(t: TTestContext) {
  return t.db.store.tenants.ensure({
    ...DEMO_TENANTS[0]!,
    slug: "initech",
    name: "Initech",
    allowPassword: false,
    allowPasskey: true,
    allowTotp: false,
  });
}

/** Sign-up without a password → the link in the mail → the first passkey: a signed-in passwordless user. */
export async function passwordlessUser(
  t: TTestContext,
  tenant: TTenant,
  email: string,
  authenticator: TSoftAuthenticator,
) {
  const signedUp = await signUp(t.deps, tenant, { email, displayName: null }, META);
  expectOk(signedUp);
  const mail = await t.db.store.mail.listOutbox(200);
  const verified = await verifyEmail(
    t.deps,
    tenant,
    linkToken(mail.find((m) => m.to === email)?.text, "verify-email"),
    META,
  );
  if (!verified.ok || !verified.passkeySetup) throw new Error("no passkey setup session");
  const setup = {
    session: verified.passkeySetup.session,
    user: (await t.db.store.users.findById(tenant.id, verified.passkeySetup.session.userId))!,
  };
  const binding = generateToken();
  const options = await startPasskeyRegistration(t.deps, tenant, setup, binding);
  expectOk(options);
  const registered = await finishPasskeyRegistration(
    t.deps,
    tenant,
    setup,
    { response: authenticator.register(options.options), name: "First key" },
    binding,
    META,
  );
  if (!registered.ok || !registered.signedIn) throw new Error("first passkey did not sign in");
  return {
    session: registered.signedIn.session,
    user: setup.user,
    passkeyId: registered.passkeyId,
    setupSession: setup.session,
  };
}
