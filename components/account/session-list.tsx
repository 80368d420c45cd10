"use client";
import { useActionState } from "react";
import { revokeOtherSessionsAction, revokeSessionAction } from "@/actions/sessions";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

export type TSessionRow = {
  id: string;
  device: string;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  assurance: string;
  current: boolean;
  context: string | null;
};

export function SessionList({ tenant, sessions }: { tenant: string; sessions: TSessionRow[] }) {
  const [state, revoke] = useActionState(revokeSessionAction, IDLE);
  const [othersState, revokeOthers] = useActionState(revokeOtherSessionsAction, IDLE);
  const notice = othersState.message ? othersState : state;
  return (
    <div className="space-y-4">
      {notice.message ? <Alert tone={notice.status === "success" ? "success" : "error"}>{notice.message}</Alert> : null}
      <ul
        className="divide-y divide-gray-200 rounded-lg border border-gray-300 bg-white"
        aria-label="Signed-in sessions"
      >
        {sessions.map((s) => (
          <li key={s.id} className="flex flex-wrap items-start justify-between gap-3 p-4" data-testid="session">
            <div className="text-sm">
              <p className="font-semibold text-gray-900">
                {s.device}
                {s.current ? (
                  <span className="ml-2 rounded bg-green-100 px-2 py-0.5 text-xs font-semibold text-green-900">
                    This device
                  </span>
                ) : null}
              </p>
              <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-gray-800">
                <dt>IP address</dt>
                <dd>{s.ip ?? "Unknown"}</dd>
                <dt>Signed in</dt>
                <dd>
                  <time dateTime={s.createdAt}>{new Date(s.createdAt).toUTCString()}</time>
                </dd>
                <dt>Last active</dt>
                <dd>
                  <time dateTime={s.lastSeenAt}>{new Date(s.lastSeenAt).toUTCString()}</time>
                </dd>
                <dt>Assurance</dt>
                <dd>{s.assurance}</dd>
                {s.context ? (
                  <>
                    <dt>Context</dt>
                    <dd data-testid="session-context">{s.context}</dd>
                  </>
                ) : null}
              </dl>
            </div>
            <form action={revoke}>
              <input type="hidden" name="tenant" value={tenant} />
              <input type="hidden" name="sessionId" value={s.id} />
              <SubmitButton variant="danger" pendingText="Ending…">
                {s.current ? "Sign out of this device" : "End this session"}
              </SubmitButton>
            </form>
          </li>
        ))}
      </ul>
      {sessions.length > 1 ? (
        <form action={revokeOthers}>
          <input type="hidden" name="tenant" value={tenant} />
          <SubmitButton variant="danger" pendingText="Ending…">
            End all other sessions
          </SubmitButton>
        </form>
      ) : null}
    </div>
  );
}
