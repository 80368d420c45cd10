import type { TUserOverview } from "@/lib/workforce/tenant-users";
import { USER_STATE_LABELS } from "@/lib/workforce/tenant-users";

function time(date: Date) {
  return <time dateTime={date.toISOString()}>{date.toUTCString()}</time>;
}

/** A customer account as staff see it: state, kinds of sign-in methods, sessions, recent events. */
export function UserOverview({ overview }: { overview: TUserOverview }) {
  const { user, factors } = overview;
  const methods = [
    factors.password ? "Password" : null,
    factors.passkeys > 0 ? `${factors.passkeys} passkey${factors.passkeys === 1 ? "" : "s"}` : null,
    factors.totp ? "Authenticator app" : null,
    factors.recoveryCodes > 0 ? `${factors.recoveryCodes} recovery codes left` : null,
  ].filter(Boolean);
  return (
    <div className="space-y-6">
      <section aria-labelledby="account-heading" className="rounded-lg border border-gray-300 bg-white p-6">
        <h2 id="account-heading" className="text-lg font-semibold">
          Account
        </h2>
        <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="font-semibold">Email</dt>
          <dd>{user.email}</dd>
          <dt className="font-semibold">Name</dt>
          <dd>{user.displayName ?? "—"}</dd>
          <dt className="font-semibold">State</dt>
          <dd data-testid="user-state">{USER_STATE_LABELS[overview.state]}</dd>
          <dt className="font-semibold">Created</dt>
          <dd>{time(user.createdAt)}</dd>
          <dt className="font-semibold">Sign-in methods</dt>
          <dd>{methods.length > 0 ? methods.join(", ") : "None"}</dd>
          {overview.openRecovery ? (
            <>
              <dt className="font-semibold">Delayed recovery</dt>
              <dd>
                Requested {time(overview.openRecovery.requestedAt)}, available {time(overview.openRecovery.availableAt)}
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      <section aria-labelledby="sessions-heading" className="rounded-lg border border-gray-300 bg-white p-6">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          Signed-in sessions
        </h2>
        {overview.sessions.length === 0 ? (
          <p className="mt-2 text-sm text-gray-800">No live sessions.</p>
        ) : (
          <ul className="mt-2 divide-y divide-gray-200 text-sm">
            {overview.sessions.map((s) => (
              <li key={s.id} className="py-2">
                {s.device} · {s.ip ?? "unknown address"} · AAL{s.aal} · last active {time(s.lastSeenAt)}
                {s.context ? <span className="block text-gray-800">{s.context}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <AuditTrail events={overview.audit} title="Recent events" />
    </div>
  );
}

export function AuditTrail({ events, title }: { events: TUserOverview["audit"]; title: string }) {
  return (
    <section aria-label={title} className="rounded-lg border border-gray-300 bg-white p-6">
      <h2 className="text-lg font-semibold">{title}</h2>
      {events.length === 0 ? (
        <p className="mt-2 text-sm text-gray-800">Nothing recorded yet.</p>
      ) : (
        <ul className="mt-2 divide-y divide-gray-200 text-sm">
          {events.map((e) => (
            <li key={e.id} className="py-2">
              <code className="font-mono">{e.type}</code> · {time(e.createdAt)}
              {e.ip ? ` · ${e.ip}` : ""}
              {e.staffId ? " · by staff" : ""}
              {e.reason ? <span className="block text-gray-800">Reason: {e.reason}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
