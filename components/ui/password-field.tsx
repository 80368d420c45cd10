"use client";
import { useState, useSyncExternalStore } from "react";
import { Field } from "./field";

function subscribeNothing() {
  return () => undefined;
}

/**
 * A password input with a show/hide control (offered once scripts run; without JavaScript it is a
 * plain password field). Paste and password managers work: nothing here blocks them.
 */
export function PasswordField(props: {
  label: string;
  name: string;
  autoComplete: "current-password" | "new-password";
  error?: string;
  hint?: string;
  minLength?: number;
  autoFocus?: boolean;
}) {
  const [visible, setVisible] = useState(false);
  // True only once hydrated: the toggle needs JavaScript, so it is not rendered without it.
  const mounted = useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
  return (
    <div className="space-y-1">
      <Field
        label={props.label}
        name={props.name}
        type={visible ? "text" : "password"}
        autoComplete={props.autoComplete}
        required
        minLength={props.minLength}
        maxLength={256}
        autoFocus={props.autoFocus}
        spellCheck={false}
        autoCapitalize="none"
        error={props.error}
        hint={props.hint}
      />
      {mounted ? (
        <button
          type="button"
          className="text-sm font-medium text-gray-800 underline"
          aria-controls={`field-${props.name}`}
          aria-pressed={visible}
          onClick={() => setVisible((v) => !v)}
        >
          {visible ? "Hide password" : "Show password"}
        </button>
      ) : null}
    </div>
  );
}

/**
 * A new password and its confirmation, as every form that sets a password asks for them: both
 * `new-password` for password managers, both held to the tenant's minimum length.
 */
export function NewPasswordFields(props: {
  name: string;
  label: string;
  confirmLabel: string;
  minLength: number;
  hint: string;
  errors?: { password?: string; confirmPassword?: string };
  autoFocus?: boolean;
}) {
  return (
    <>
      <PasswordField
        label={props.label}
        name={props.name}
        autoComplete="new-password"
        minLength={props.minLength}
        error={props.errors?.password}
        hint={props.hint}
        autoFocus={props.autoFocus}
      />
      <PasswordField
        label={props.confirmLabel}
        name="confirmPassword"
        autoComplete="new-password"
        minLength={props.minLength}
        error={props.errors?.confirmPassword}
      />
    </>
  );
}
