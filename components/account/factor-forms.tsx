"use client";
import { useActionState } from "react";
import {
  confirmTotpAction,
  regenerateCodesAction,
  removePasskeyAction,
  removeTotpAction,
  renamePasskeyAction,
  startTotpAction,
} from "@/actions/factors";
import { FormNotice } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

function EndOthers() {
  return (
    <label className="flex items-center gap-2 text-sm text-gray-900">
      <input type="checkbox" name="endOtherSessions" defaultChecked className="h-4 w-4" />
      Sign out my other devices
    </label>
  );
}

/** Shown once: the codes are not stored in a form anyone can read again. */
export function RecoveryCodesList({ codes }: { codes: string }) {
  const list = codes.split("\n").filter(Boolean);
  if (list.length === 0) return null;
  return (
    <div className="rounded-md border border-gray-400 bg-gray-50 p-4">
      <p className="text-sm font-semibold text-gray-900">
        Your recovery codes — save them now, they are shown only once:
      </p>
      <ul className="mt-2 grid grid-cols-2 gap-1 font-mono text-sm" aria-label="Recovery codes">
        {list.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <p className="mt-2 text-sm text-gray-800">
        Each code works once, in place of a code from your authenticator app.
      </p>
    </div>
  );
}

export function StartTotpForm({ tenant }: { tenant: string }) {
  const [state, action] = useActionState(startTotpAction, IDLE);
  return (
    <form action={action} className="space-y-3">
      {state.status === "error" ? <FormNotice state={state} /> : null}
      <input type="hidden" name="tenant" value={tenant} />
      <SubmitButton pendingText="Starting…">Set up authenticator app</SubmitButton>
    </form>
  );
}

/**
 * The enrolment in progress (QR code, key, code field) and, once confirmed, the recovery codes.
 * It stays mounted in the same place while the page refreshes, so the codes survive the refresh.
 */
export function ConfirmTotpForm({
  tenant,
  continueHref,
  pending,
}: {
  tenant: string;
  continueHref?: string;
  pending: { qr: string; secret: string } | null;
}) {
  const [state, action] = useActionState(confirmTotpAction, IDLE);
  if (state.status === "success") {
    return (
      <div className="space-y-3">
        <FormNotice state={state} />
        <RecoveryCodesList codes={state.values?.codes ?? ""} />
        {continueHref ? (
          <a
            href={continueHref}
            className="inline-block rounded-md bg-brand px-4 py-2 text-sm font-semibold text-brand-text"
          >
            Continue
          </a>
        ) : null}
      </div>
    );
  }
  if (!pending) return null;
  return (
    <div className="space-y-3">
      <p className="text-sm text-gray-900">
        Scan this QR code with your app, or type the key by hand, then enter the code it shows.
      </p>
      {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL rendered on the server */}
      <img
        src={pending.qr}
        alt="QR code for your authenticator app"
        width={180}
        height={180}
        className="rounded border border-gray-300"
      />
      <p className="text-sm text-gray-900">
        Key:{" "}
        <code className="font-mono break-all" data-testid="totp-secret">
          {pending.secret}
        </code>
      </p>
      <form action={action} className="space-y-3" noValidate>
        <FormNotice state={state} />
        <input type="hidden" name="tenant" value={tenant} />
        <Field
          label="Code from the app"
          name="code"
          autoComplete="one-time-code"
          inputMode="numeric"
          required
          maxLength={10}
        />
        {continueHref ? null : <EndOthers />}
        <SubmitButton pendingText="Checking…">Turn on</SubmitButton>
      </form>
    </div>
  );
}

export function RemoveTotpForm({ tenant }: { tenant: string }) {
  const [state, action] = useActionState(removeTotpAction, IDLE);
  return (
    <form action={action} className="space-y-3">
      <FormNotice state={state} />
      <input type="hidden" name="tenant" value={tenant} />
      <EndOthers />
      <SubmitButton variant="danger" pendingText="Removing…">
        Remove authenticator app
      </SubmitButton>
    </form>
  );
}

export function RegenerateCodesForm({ tenant }: { tenant: string }) {
  const [state, action] = useActionState(regenerateCodesAction, IDLE);
  return (
    <form action={action} className="space-y-3">
      <FormNotice state={state} />
      {state.status === "success" ? <RecoveryCodesList codes={state.values?.codes ?? ""} /> : null}
      <input type="hidden" name="tenant" value={tenant} />
      <SubmitButton variant="secondary" pendingText="Creating…">
        Create new recovery codes
      </SubmitButton>
    </form>
  );
}

export function PasskeyRow({
  tenant,
  passkey,
  canChange,
}: {
  tenant: string;
  passkey: { id: string; name: string; created: string; lastUsed: string | null; synced: boolean; verified?: boolean };
  canChange: boolean;
}) {
  const [renameState, rename] = useActionState(renamePasskeyAction, IDLE);
  const [removeState, remove] = useActionState(removePasskeyAction, IDLE);
  return (
    <li className="space-y-3 p-4" data-testid="passkey">
      <p className="font-semibold text-gray-900">{passkey.name}</p>
      <p className="text-sm text-gray-800">
        {passkey.synced ? "Synced passkey" : passkey.verified ? "Verified security key" : "Device-bound passkey"} ·
        created <time dateTime={passkey.created}>{new Date(passkey.created).toUTCString()}</time> · last used{" "}
        {passkey.lastUsed ? (
          <time dateTime={passkey.lastUsed}>{new Date(passkey.lastUsed).toUTCString()}</time>
        ) : (
          "never"
        )}
      </p>
      <FormNotice state={renameState.message ? renameState : removeState} />
      <form action={rename} className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="tenant" value={tenant} />
        <input type="hidden" name="passkeyId" value={passkey.id} />
        <Field label={`New name for ${passkey.name}`} name="name" defaultValue={passkey.name} maxLength={60} required />
        <SubmitButton variant="secondary" pendingText="Saving…">
          Rename
        </SubmitButton>
      </form>
      {canChange ? (
        <form action={remove} className="space-y-2">
          <input type="hidden" name="tenant" value={tenant} />
          <input type="hidden" name="passkeyId" value={passkey.id} />
          <EndOthers />
          <SubmitButton variant="danger" pendingText="Removing…">
            {`Remove ${passkey.name}`}
          </SubmitButton>
        </form>
      ) : null}
    </li>
  );
}
