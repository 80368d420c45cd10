// Staff members for unit tests, set up the way the product does it: a set-up link, a password,
// then an authenticator app confirmed with a code.
import { totpCodeAt } from "../../lib/identity/totp";
import { addStaffMember, completeStaffSetup } from "../../lib/workforce/provision";
import { openConsole, type TConsoleActor, type TConsoleAuthority } from "../../lib/workforce/console-gate";
import { hasFreshStepUp } from "../../lib/workforce/policy";
import type { TConsole } from "../../lib/workforce/roles";
import { confirmStaffTotp, pendingStaffTotp, stepUpStaff } from "../../lib/workforce/staff-factor";
import { validateStaffSession } from "../../lib/workforce/staff-sessions";
import { META, type TTestContext } from "./test-db";
import { expectOk } from "./expect-ok";

export const STAFF_PASSWORD = "quiet lantern orchard velvet";

/** Uses a set-up token and enrols TOTP; returns the complete session's token and the app's secret. */
export async function finishStaffSetup(
  t: TTestContext,
  setupToken: string,
): Promise<{ token: string; secret: string }> {
  const setup = await completeStaffSetup(
    t.deps,
    { token: setupToken, password: STAFF_PASSWORD, confirm: STAFF_PASSWORD },
    META,
  );
  expectOk(setup, "staff set-up");
  const enrolling = (await validateStaffSession(t.deps, setup.token, ["enrol"]))!;
  const pending = (await pendingStaffTotp(t.deps, enrolling))!;
  const done = await confirmStaffTotp(t.deps, enrolling, totpCodeAt(pending.secret, t.clock.now()), META);
  expectOk(done, "staff TOTP enrolment");
  return { token: done.token, secret: pending.secret };
}

/** A member with `role` at `tenantSlug` (added by the operator) who finished set-up and enrolment. */
export async function createActiveStaff(
  t: TTestContext,
  input: { email: string; role: "owner" | "admin" | "support"; tenantSlug?: string; name?: string },
) {
  const added = await addStaffMember(
    t.deps,
    {
      tenantSlug: input.tenantSlug ?? "acme",
      email: input.email,
      name: input.name ?? "Sam",
      role: input.role,
      actorStaffId: null,
    },
    META,
  );
  if (!added.ok || !added.value.setupUrl) throw new Error("no set-up link");
  const done = await finishStaffSetup(t, new URL(added.value.setupUrl).searchParams.get("token")!);
  return { ...done, staff: added.value.staff };
}

/**
 * What the console gate hands a use case for `member` at `tenantSlug` right now. A member whose
 * last step-up is older than the window proves the app again first (as the console asks), so the
 * authority is fresh; `consoleAuthority` gives the gate's authority as the session stands.
 */
export async function actingStaff(
  t: TTestContext,
  member: { token: string; secret: string },
  tenantSlug = "acme",
  console: TConsole = "admin",
): Promise<TConsoleActor> {
  const auth = await validateStaffSession(t.deps, member.token);
  if (auth && !hasFreshStepUp(auth.session.steppedUpAt, t.clock.now())) {
    const done = await stepUpStaff(t.deps, auth, totpCodeAt(member.secret, t.clock.now()), META);
    expectOk(done, "staff step-up");
    member.token = done.token;
  }
  return { authority: await consoleAuthority(t, member.token, tenantSlug, console), meta: META };
}

/** The console gate's authority for the session `token` at `tenantSlug`, however old its step-up. */
export async function consoleAuthority(
  t: TTestContext,
  token: string,
  tenantSlug = "acme",
  console: TConsole = "admin",
): Promise<TConsoleAuthority> {
  const opened = await openConsole(t.deps, await validateStaffSession(t.deps, token), console, tenantSlug);
  expectOk(opened, `${console} console at ${tenantSlug}`);
  return opened.authority;
}
