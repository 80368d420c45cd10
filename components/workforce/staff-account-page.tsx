// "Your sign-in": the signed-in member's own second factors. Passkeys can be added (after a fresh
// step-up) and removed (never the last factor); the authenticator app is shown but only an owner's
// reset replaces it, like the password: the workforce realm has no self-service recovery.
import Link from "next/link";
import { staffRemovePasskeyAction } from "@/actions/workforce/staff-sign-in";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { messageFor } from "@/lib/copy";
import { fail } from "@/lib/kernel/outcome";
import { getDeps } from "@/lib/next/deps";
import { needsStaffStepUp, requireStaff } from "@/lib/next/workforce";
import type { TConsole } from "@/lib/workforce/roles";
import { STEP_UP } from "@/lib/step-up/outcomes";
import { STAFF } from "@/lib/workforce/outcomes";
import { listStaffPasskeys, type TStaffPasskeyFailure } from "@/lib/workforce/staff-passkeys";
import { StaffPasskeyRegister } from "./staff-passkey";
import { StepUpNotice } from "./step-up-notice";

type TQuery = Record<string, string | string[] | undefined>;

/** What a refused removal (`?problem=` from the action) says. */
const PROBLEMS: Partial<Record<TStaffPasskeyFailure["code"], TStaffPasskeyFailure>> = {
  STAFF_REQUIRED: fail(STEP_UP, "STAFF_REQUIRED", { purpose: "remove_passkey" }),
  LAST_FACTOR: fail(STAFF, "LAST_FACTOR"),
  NOT_FOUND: fail(STAFF, "NOT_FOUND", { subject: "passkey" }),
};

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export async function StaffAccountPage({ console, query }: { console: TConsole; query: TQuery }) {
  const path = `/${console}/account`;
  const auth = await requireStaff(console, path);
  const passkeys = await listStaffPasskeys(getDeps(), auth.staff.id);
  const refusal =
    typeof query.problem === "string" ? PROBLEMS[query.problem as TStaffPasskeyFailure["code"]] : undefined;
  const problem = refusal ? messageFor(refusal) : undefined;
  const stale = needsStaffStepUp(auth);
  return (
    <main className="space-y-6">
      <h1 className="text-2xl font-bold text-gray-900">Your sign-in</h1>
      {query.done === "removed" ? <Alert tone="success">The passkey was removed.</Alert> : null}
      {problem ? <Alert tone="error">{problem}</Alert> : null}
      <StepUpNotice console={console} auth={auth} returnTo={path} />
      <section aria-labelledby="staff-factors" className="space-y-3 rounded-lg border border-gray-300 bg-white p-4">
        <h2 id="staff-factors" className="text-lg font-semibold text-gray-900">
          Second factors
        </h2>
        <p className="text-sm text-gray-900">
          Authenticator app: <strong>{auth.staff.totpConfirmedAt ? "set up" : "not set up"}</strong>. To replace it or
          your password, ask an owner of your tenant to reset your sign-in (if you work for several tenants, the
          platform operator does it).
        </p>
        {passkeys.length === 0 ? (
          <p className="text-sm text-gray-900">
            No passkeys yet. A passkey cannot be phished: it only works on this site.
          </p>
        ) : (
          <ul className="divide-y divide-gray-300" aria-label="Your passkeys">
            {passkeys.map((p) => (
              <li
                key={p.id}
                className="flex flex-wrap items-center justify-between gap-3 py-3"
                data-testid="staff-passkey"
              >
                <p className="text-sm text-gray-900">
                  <strong>{p.name}</strong> · added {dateFormat.format(p.createdAt)} UTC ·{" "}
                  {p.lastUsedAt ? `last used ${dateFormat.format(p.lastUsedAt)} UTC` : "not used yet"}
                  {p.synced ? " · synced" : ""}
                </p>
                <form action={staffRemovePasskeyAction}>
                  <input type="hidden" name="console" value={console} />
                  <input type="hidden" name="passkeyId" value={p.id} />
                  <SubmitButton variant="secondary" pendingText="Removing…">
                    {`Remove ${p.name}`}
                  </SubmitButton>
                </form>
              </li>
            ))}
          </ul>
        )}
        {stale ? null : <StaffPasskeyRegister console={console} returnTo={`${path}`} label="Add a passkey" askName />}
      </section>
      <p className="text-sm text-gray-900">
        Roles other tenants offer you wait for your answer on{" "}
        <Link href={`/${console}/invitations`} className="font-semibold underline">
          Your invitations
        </Link>
        .
      </p>
    </main>
  );
}
