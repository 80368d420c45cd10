import Link from "next/link";
import { Field } from "@/components/ui/field";
import { PasskeySignIn } from "./passkey-sign-in";

/**
 * Sign-in on a passwordless tenant: no password field. The email field carries
 * `autocomplete="username webauthn"` so the browser offers the user's passkeys in its autofill
 * (conditional mediation); the button starts the same ceremony by hand. Passkeys need JavaScript.
 */
export function PasswordlessLogin({
  tenant,
  returnTo,
  tenantName,
}: {
  tenant: string;
  returnTo: string;
  tenantName: string;
}) {
  return (
    <div className="space-y-4">
      <Field
        label="Email address"
        name="email"
        type="email"
        autoComplete="username webauthn"
        inputMode="email"
        hint={`${tenantName} signs you in with a passkey. Pick yours from the suggestions, or use the button.`}
      />
      <PasskeySignIn tenant={tenant} returnTo={returnTo} autofill />
      <p className="text-sm">
        <Link href={`/${tenant}/forgot-password`} className="font-medium underline">
          Lost your passkey?
        </Link>
      </p>
      <noscript>
        <p className="text-sm text-gray-900">
          Signing in with a passkey needs JavaScript. Turn it on for this page and reload it.
        </p>
      </noscript>
    </div>
  );
}
