"use client";
import { browserSupportsWebAuthn, startAuthentication } from "@simplewebauthn/browser";
import { useEffect, useState, type RefObject } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** Proves the reset with a passkey: the new password from the form travels with the assertion, so nothing is set unless both hold. */
export function PasskeyResetButton({ tenant, token, form }: { tenant: string; token: string; form: RefObject<HTMLFormElement | null> }) {
  const [supported, setSupported] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      if (browserSupportsWebAuthn() && !cancelled) setSupported(true);
    })();
    return () => {
      cancelled = true;
    };
  }, []);
  if (!supported) return <Alert tone="info">Your passkey needs a browser with JavaScript and passkey support.</Alert>;
  return (
    <div className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Button
        type="button"
        variant="secondary"
        className="w-full"
        disabled={busy}
        onClick={async () => {
          setError(null);
          setBusy(true);
          try {
            const data = form.current ? new FormData(form.current) : new FormData();
            const optionsResponse = await fetch(`/api/${tenant}/passkeys/login-options`, { method: "POST" });
            if (!optionsResponse.ok) throw new Error("Passkeys are not available right now.");
            const response = await startAuthentication({ optionsJSON: await optionsResponse.json() });
            const verify = await fetch(`/api/${tenant}/passkeys/recovery`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ token, password: data.get("password") ?? "", confirmPassword: data.get("confirmPassword") ?? "", response }),
            });
            const result = (await verify.json()) as { redirect?: string; message?: string };
            if (!verify.ok || !result.redirect) throw new Error(result.message ?? "That passkey could not be used.");
            window.location.assign(result.redirect);
          } catch (e) {
            setError(e instanceof Error && !/abort|cancel|not allowed/i.test(e.message) ? e.message : "The passkey request was cancelled.");
          } finally {
            setBusy(false);
          }
        }}
      >
        Set new password with a passkey
      </Button>
    </div>
  );
}
