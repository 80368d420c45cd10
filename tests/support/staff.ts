// Staff members for unit tests, set up the way the product does it: a set-up link, a password,
// then an authenticator app confirmed with a code.
import { totpCodeAt } from "../../lib/identity/totp";
import { addStaffMember, completeStaffSetup } from "../../lib/workforce/provision";
import { confirmStaffTotp, pendingStaffTotp } from "../../lib/workforce/staff-factor";
import { validateStaffSession } from "../../lib/workforce/staff-sessions";
import { META, type TTestContext } from "./test-db";
import { expectOk } from "./expect-ok";

export const STAFF_PASSWORD = "quiet lantern orchard velvet";

/** Uses a set-up token and enrols TOTP; returns the complete session's token and the app's secret. */
export async function finishStaffSetup(t: TTestContext, setupToken: string): Promise<{ token: string; secret: string }> {
  const setup = await completeStaffSetup(t.deps, { token: setupToken, password: STAFF_PASSWORD, confirm: STAFF_PASSWORD }, META);
  expectOk(setup);
  const enrolling = (await validateStaffSession(t.deps, setup.token, ["enrol"]))!;
  const pending = (await pendingStaffTotp(t.deps, enrolling))!;
  const done = await confirmStaffTotp(t.deps, enrolling, totpCodeAt(pending.secret, t.clock.now()), META);
  expectOk(done);
  return { token: done.token, secret: pending.secret };
}

/** A member with `role` at `tenantSlug` (added by the operator) who finished set-up and enrolment. */
export async function createActiveStaff(t: TTestContext, input: { email: string; role: "owner" | "admin" | "support"; tenantSlug?: string; name?: string }) {
  const added = await addStaffMember(t.deps, { tenantSlug: input.tenantSlug ?? "acme", email: input.email, name: input.name ?? "Sam", role: input.role, actorStaffId: null }, META);
  if (!added.ok || !added.value.setupUrl) throw new Error("no set-up link");
  const done = await finishStaffSetup(t, new URL(added.value.setupUrl).searchParams.get("token")!);
  return { ...done, staff: added.value.staff };
}
