"use client";
import { useActionState } from "react";
import { revokeAppAccessAction } from "@/actions/app-access";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

export type TConnectedAppRow = {
  clientId: string;
  name: string;
  /** What the app may do, in words. */
  can: string[];
  grantedAt: string;
};

export type TConnectedAppsWords = {
  empty: string;
  canNow: string;
  grantedOn: string;
  revoke: string;
  revoking: string;
};

export function ConnectedApps({
  tenant,
  apps,
  words,
}: {
  tenant: string;
  apps: TConnectedAppRow[];
  words: TConnectedAppsWords;
}) {
  const [state, revoke] = useActionState(revokeAppAccessAction, IDLE);
  return (
    <div className="space-y-4">
      {state.message ? <Alert tone={state.status === "success" ? "success" : "error"}>{state.message}</Alert> : null}
      {apps.length === 0 ? (
        <p className="rounded-lg border border-gray-300 bg-white p-4 text-gray-800">{words.empty}</p>
      ) : (
        <ul className="divide-y divide-gray-200 rounded-lg border border-gray-300 bg-white" aria-label="Connected apps">
          {apps.map((app) => (
            <li
              key={app.clientId}
              className="flex flex-wrap items-start justify-between gap-3 p-4"
              data-testid="connected-app"
            >
              <div className="min-w-0 text-sm">
                <p className="font-semibold break-words text-gray-900">{app.name}</p>
                <p className="mt-1 text-gray-800">{words.canNow}</p>
                <ul className="mt-1 list-disc space-y-0.5 pl-5 text-gray-800">
                  {app.can.map((phrase) => (
                    <li key={phrase}>{phrase}</li>
                  ))}
                </ul>
                <p className="mt-2 text-gray-700">
                  {words.grantedOn} <time dateTime={app.grantedAt}>{new Date(app.grantedAt).toUTCString()}</time>
                </p>
              </div>
              <form action={revoke}>
                <input type="hidden" name="tenant" value={tenant} />
                <input type="hidden" name="clientId" value={app.clientId} />
                <SubmitButton variant="danger" pendingText={words.revoking}>
                  {words.revoke}
                </SubmitButton>
              </form>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
