"use client";
import { useActionState, useRef } from "react";
import { resetPasswordAction, startDelayedRecoveryAction } from "@/actions/reset-password";
import { PasskeyResetButton } from "@/components/auth/passkey-reset-button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { NewPasswordFields } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

/**
 * The new password, plus — for a user with a second factor — a code field (TOTP or recovery
 * code; works without JavaScript) and, when the user has passkeys, a passkey button that sends
 * the same fields with a WebAuthn assertion.
 */
export function ResetPasswordForm({
  tenant,
  token,
  minLength,
  email,
  factor,
}: {
  tenant: string;
  token: string;
  minLength: number;
  email: string;
  factor?: { code: boolean; passkey: boolean };
}) {
  const [state, action] = useActionState(resetPasswordAction, IDLE);
  const formRef = useRef<HTMLFormElement>(null);
  return (
    <form ref={formRef} action={action} className="space-y-4" noValidate>
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="token" value={token} />
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      <NewPasswordFields
        name="password"
        label="New password"
        confirmLabel="Confirm new password"
        minLength={minLength}
        hint={`At least ${minLength} characters.`}
        errors={state.fieldErrors}
        autoFocus
      />
      {factor?.code ? (
        <Field
          label="Code from your authenticator app or a recovery code"
          name="code"
          autoComplete="one-time-code"
          spellCheck={false}
          autoCapitalize="none"
          maxLength={32}
          error={state.fieldErrors?.code}
          hint="Your account has a second factor, so the link alone cannot reset your password."
        />
      ) : null}
      {!factor || factor.code ? (
        <SubmitButton className="w-full" pendingText="Saving…">
          Set new password
        </SubmitButton>
      ) : null}
      {factor?.passkey ? <PasskeyResetButton tenant={tenant} token={token} form={formRef} /> : null}
    </form>
  );
}

/** "I can't use any of my second factors": a plain POST (no JavaScript needed) that starts the wait. */
export function StartDelayedRecoveryForm({
  tenant,
  token,
  waitHours,
}: {
  tenant: string;
  token: string;
  waitHours: number;
}) {
  const [state, action] = useActionState(startDelayedRecoveryAction, IDLE);
  return (
    <section aria-labelledby="lost-factors-heading" className="mt-8 border-t border-gray-300 pt-6">
      <h2 id="lost-factors-heading" className="text-lg font-semibold text-gray-900">
        Lost your second factors?
      </h2>
      <p className="mt-2 text-sm text-gray-800">
        If you can&apos;t use your authenticator app, passkeys or recovery codes, you can recover your account after a
        waiting period of {waitHours} hours. We will email you a notice with a link to cancel it. When the wait is over,
        request a new reset link to choose a password; your old second factors will then be removed.
      </p>
      <form action={action} className="mt-4 space-y-3">
        {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
        <input type="hidden" name="tenant" value={tenant} />
        <input type="hidden" name="token" value={token} />
        <SubmitButton variant="secondary" className="w-full" pendingText="Starting…">
          I can&apos;t use any of my second factors
        </SubmitButton>
      </form>
    </section>
  );
}
