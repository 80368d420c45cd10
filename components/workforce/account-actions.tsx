import type { TConsole } from "@/lib/workforce/roles";
import type { TUserOverview } from "@/lib/workforce/tenant-users";
import { AccountActionForm } from "./account-action-form";

/** The actions this console offers for the account in its current state. */
export function AccountActions({
  console,
  tenant,
  overview,
}: {
  console: TConsole;
  tenant: string;
  overview: TUserOverview;
}) {
  const { user, state } = overview;
  const common = { console, tenant, userId: user.id };
  const locked = state === "locked" || state === "locked_temporarily";
  return (
    <section aria-labelledby="actions-heading" className="space-y-3 rounded-lg border border-gray-300 bg-white p-6">
      <h2 id="actions-heading" className="text-lg font-semibold">
        Actions
      </h2>
      {console === "support" && locked ? (
        <AccountActionForm {...common} action="unlock" label="Unlock sign-in" withReason variant="primary" />
      ) : null}
      {console === "support" && overview.openRecovery ? (
        <AccountActionForm
          {...common}
          action="cancel_recovery"
          label="Cancel the recovery"
          withReason
          variant="danger"
        />
      ) : null}
      {console === "support" && state !== "disabled" ? (
        <AccountActionForm {...common} action="assisted_recovery" label="Start assisted recovery" withReason />
      ) : null}
      {console === "admin" && state !== "disabled" ? (
        <AccountActionForm {...common} action="reset" label="Send a password-reset link" withReason={false} />
      ) : null}
      {console === "admin" ? (
        state === "disabled" ? (
          <AccountActionForm {...common} action="enable" label="Enable the account" withReason />
        ) : (
          <AccountActionForm {...common} action="disable" label="Disable the account" withReason variant="danger" />
        )
      ) : null}
      {console === "admin" && overview.linkApproval.organisationName && state !== "disabled" ? (
        overview.linkApproval.approvals[0] ? (
          <div className="space-y-2">
            <p>
              Linking at the next {overview.linkApproval.organisationName} sign-in is allowed until{" "}
              <time dateTime={overview.linkApproval.approvals[0].expiresAt.toISOString()}>
                {overview.linkApproval.approvals[0].expiresAt.toUTCString()}
              </time>
              .
            </p>
            <AccountActionForm
              {...common}
              action="revoke_link"
              approvalId={overview.linkApproval.approvals[0].id}
              label="Revoke the linking approval"
              withReason
            />
          </div>
        ) : (
          <AccountActionForm
            {...common}
            action="approve_link"
            label="Allow linking at the next enterprise sign-in"
            withReason
          />
        )
      ) : null}
      {overview.sessions.length > 0 ? (
        <AccountActionForm {...common} action="end_sessions" label="End all sessions" withReason />
      ) : null}
    </section>
  );
}
