"use client";
import { startAuthentication } from "@simplewebauthn/browser";
import { useActionState, useState } from "react";
import { stepUpCodeAction, stepUpPasswordAction } from "@/actions/step-up";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { PasswordField } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useWebAuthnSupport } from "@/components/ui/use-webauthn-support";
import { IDLE } from "@/lib/next/form-state";

type TProps = { tenant: string; action: string; returnTo: string };

function Hidden({ tenant, action, returnTo }: TProps) {
  return (
    <>
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="action" value={action} />
      <input type="hidden" name="returnTo" value={returnTo} />
    </>
  );
}

export function StepUpPasswordForm(props: TProps & { email: string }) {
  const [state, formAction] = useActionState(stepUpPasswordAction, IDLE);
  return (
    <form action={formAction} className="space-y-3" noValidate>
      {state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <Hidden {...props} />
      <input type="text" name="username" autoComplete="username" value={props.email} readOnly hidden />
      <PasswordField label="Your password" name="password" autoComplete="current-password" />
      <SubmitButton variant="secondary" pendingText="Checking…">
        Confirm with password
      </SubmitButton>
    </form>
  );
}

export function StepUpCodeForm(props: TProps & { recoveryCodes: boolean }) {
  const [state, formAction] = useActionState(stepUpCodeAction, IDLE);
  return (
    <form action={formAction} className="space-y-3" noValidate>
      {state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <Hidden {...props} />
      <Field
        label="Code from your authenticator app"
        name="code"
        autoComplete="one-time-code"
        inputMode="text"
        hint={props.recoveryCodes ? "Or enter one of your recovery codes." : undefined}
        required
      />
      <SubmitButton variant="secondary" pendingText="Checking…">
        Confirm with code
      </SubmitButton>
    </form>
  );
}

/** Step-up with a passkey (needs JavaScript; the other methods do not). */
export function StepUpPasskeyButton({ tenant, action, returnTo }: TProps) {
  const supported = useWebAuthnSupport();
  const [error, setError] = useState<string | null>(null);
  if (!supported)
    return <p className="text-sm text-gray-800">Passkeys need JavaScript and a browser that supports them.</p>;
  return (
    <div className="space-y-2">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Button
        type="button"
        variant="secondary"
        onClick={async () => {
          setError(null);
          try {
            const options = await fetch(`/api/${tenant}/passkeys/login-options`, { method: "POST" });
            if (!options.ok) throw new Error("Passkeys are not available right now.");
            const response = await startAuthentication({ optionsJSON: await options.json() });
            const verify = await fetch(`/api/${tenant}/passkeys/reauth`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ response, action }),
            });
            const result = (await verify.json()) as { message?: string };
            if (!verify.ok) throw new Error(result.message ?? "That passkey could not be used.");
            window.location.assign(returnTo);
          } catch (e) {
            setError(
              e instanceof Error && !/abort|not allowed/i.test(e.message)
                ? e.message
                : "The passkey request was cancelled.",
            );
          }
        }}
      >
        Confirm with a passkey
      </Button>
    </div>
  );
}
