"use client";
import { startAuthentication } from "@simplewebauthn/browser";
import type { RefObject } from "react";
import { Alert } from "@/components/ui/alert";
import { CeremonyButton } from "@/components/ui/ceremony-button";
import { useWebAuthnSupport } from "@/components/ui/use-webauthn-support";

/**
 * Proves the reset with a passkey: the new password from the form travels with the assertion, so nothing is set unless
 * both hold.
 */
export function PasskeyResetButton({
  tenant,
  token,
  form,
}: {
  tenant: string;
  token: string;
  form: RefObject<HTMLFormElement | null>;
}) {
  const supported = useWebAuthnSupport();
  if (!supported) return <Alert tone="info">Your passkey needs a browser with JavaScript and passkey support.</Alert>;
  return (
    <CeremonyButton
      label="Set new password with a passkey"
      run={async () => {
        const data = form.current ? new FormData(form.current) : new FormData();
        const optionsResponse = await fetch(`/api/${tenant}/passkeys/login-options`, { method: "POST" });
        if (!optionsResponse.ok) throw new Error("Passkeys are not available right now.");
        const response = await startAuthentication({ optionsJSON: await optionsResponse.json() });
        const verify = await fetch(`/api/${tenant}/passkeys/recovery`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            token,
            password: data.get("password") ?? "",
            confirmPassword: data.get("confirmPassword") ?? "",
            response,
          }),
        });
        const result = (await verify.json()) as { redirect?: string; message?: string };
        if (!verify.ok || !result.redirect) throw new Error(result.message ?? "That passkey could not be used.");
        window.location.assign(result.redirect);
      }}
    />
  );
}
