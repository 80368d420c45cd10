"use client";
import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  WebAuthnAbortService,
} from "@simplewebauthn/browser";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

async function ceremony(tenant: string, returnTo: string, secondFactor: boolean, autofill: boolean): Promise<string> {
  const optionsResponse = await fetch(`/api/${tenant}/passkeys/login-options`, { method: "POST" });
  if (!optionsResponse.ok) throw new Error("Passkeys are not available right now.");
  const response = await startAuthentication({
    optionsJSON: await optionsResponse.json(),
    useBrowserAutofill: autofill,
  });
  const verify = await fetch(`/api/${tenant}/passkeys/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ response, returnTo, secondFactor }),
  });
  const result = (await verify.json()) as { redirect?: string; message?: string };
  if (!verify.ok || !result.redirect) throw new Error(result.message ?? "That passkey could not be used.");
  return result.redirect;
}

/**
 * "Sign in with a passkey" (a discoverable credential, no email typed) and, where the browser
 * supports it, passkey suggestions in the email field's autofill (conditional mediation).
 * Needs JavaScript; without it the password form is there.
 */
export function PasskeySignIn({
  tenant,
  returnTo,
  secondFactor = false,
  autofill = false,
}: {
  tenant: string;
  returnTo: string;
  secondFactor?: boolean;
  autofill?: boolean;
}) {
  const [supported, setSupported] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      if (!browserSupportsWebAuthn()) return;
      if (!cancelled) setSupported(true);
      if (autofill && (await browserSupportsWebAuthnAutofill())) {
        try {
          const target = await ceremony(tenant, returnTo, false, true);
          if (!cancelled) window.location.assign(target);
        } catch (e) {
          // Cancelled or superseded by the button: nothing to report.
          if (!cancelled && e instanceof Error && e.name !== "AbortError" && !/abort/i.test(e.message))
            setError(e.message);
        }
      }
    })();
    return () => {
      cancelled = true;
      WebAuthnAbortService.cancelCeremony();
    };
  }, [tenant, returnTo, autofill]);
  if (!supported) return null;
  return (
    <div className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Button
        type="button"
        variant="secondary"
        className="w-full"
        onClick={async () => {
          setError(null);
          try {
            window.location.assign(await ceremony(tenant, returnTo, secondFactor, false));
          } catch (e) {
            setError(
              e instanceof Error && !/abort|cancel|not allowed/i.test(e.message)
                ? e.message
                : "The passkey request was cancelled.",
            );
          }
        }}
      >
        {secondFactor ? "Use a passkey" : "Sign in with a passkey"}
      </Button>
    </div>
  );
}
