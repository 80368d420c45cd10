"use client";
import { useActionState } from "react";
import { acceptInvitationAction, acceptInvitationSignedInAction } from "@/actions/invitations";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { NewPasswordFields } from "@/components/ui/password-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

/**
 * A new account from an invitation: the invited address (fixed), a name and a password, or "Use a
 * passkey instead" (the same form posted with `method=passkey`: the passkey is created on the next
 * page, which needs JavaScript). Works without JavaScript: a plain form post.
 */
export function InvitationAccountForm({
  tenant,
  token,
  email,
  minLength,
  methods,
}: {
  tenant: string;
  token: string;
  email: string;
  minLength: number;
  methods: { password: boolean; passkey: boolean };
}) {
  const [state, action] = useActionState(acceptInvitationAction, IDLE);
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="token" value={token} />
      <Field
        label="Email address"
        name="email"
        type="email"
        autoComplete="username"
        value={email}
        readOnly
        className="block w-full rounded-md border border-gray-400 bg-gray-100 px-3 py-2 text-base text-gray-900"
        hint="The address you were invited with. You sign in with it."
      />
      <Field
        label="Your name"
        name="displayName"
        type="text"
        autoComplete="name"
        maxLength={100}
        defaultValue={state.values?.displayName}
        error={state.fieldErrors?.displayName}
      />
      {methods.password ? (
        <>
          <NewPasswordFields
            name="password"
            label="Password"
            confirmLabel="Confirm password"
            minLength={minLength}
            hint={`At least ${minLength} characters. Spaces and any characters are welcome; a few unrelated words work well.`}
            errors={state.fieldErrors}
          />
          <SubmitButton className="w-full" pendingText="Setting up your account…">
            Create account and accept
          </SubmitButton>
        </>
      ) : null}
      {methods.passkey ? (
        <div className={methods.password ? "space-y-2 border-t border-gray-300 pt-4" : "space-y-2"}>
          {methods.password ? (
            <p className="text-sm text-gray-800">
              Or skip the password: create a passkey on this device instead. Your device unlocks it with your
              fingerprint, face or screen lock. The next step needs JavaScript.
            </p>
          ) : (
            <p className="text-sm text-gray-800">
              You sign in with a passkey: your device keeps it and unlocks it with your fingerprint, face or screen
              lock. The next step needs JavaScript.
            </p>
          )}
          <Button
            type="submit"
            name="method"
            value="passkey"
            variant={methods.password ? "secondary" : "primary"}
            className="w-full"
          >
            {methods.password ? "Use a passkey instead" : "Continue to create a passkey"}
          </Button>
        </div>
      ) : null}
    </form>
  );
}

/** The signed-in account the invitation is for accepts it with one button. */
export function AcceptInvitationForm({ tenant, token, label }: { tenant: string; token: string; label: string }) {
  const [state, action] = useActionState(acceptInvitationSignedInAction, IDLE);
  return (
    <form action={action} className="space-y-4">
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <input type="hidden" name="tenant" value={tenant} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton className="w-full" pendingText="Accepting…">
        {label}
      </SubmitButton>
    </form>
  );
}
