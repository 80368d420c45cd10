"use client";
import { browserSupportsWebAuthn, startAuthentication } from "@simplewebauthn/browser";
import { useState, useSyncExternalStore } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

async function ceremony(tenant: string): Promise<string> {
  const optionsResponse = await fetch(`/api/${tenant}/passkeys/link-options`, { method: "POST" });
  if (!optionsResponse.ok) {
    const refused = (await optionsResponse.json().catch(() => ({}))) as { message?: string };
    throw new Error(refused.message ?? "Passkeys are not available right now.");
  }
  const response = await startAuthentication({ optionsJSON: await optionsResponse.json() });
  const verify = await fetch(`/api/${tenant}/passkeys/link`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ response }),
  });
  const result = (await verify.json()) as { redirect?: string; message?: string };
  if (!verify.ok || !result.redirect) throw new Error(result.message ?? "That passkey could not be used.");
  return result.redirect;
}

/** Proves the local account of a pending link with one of its passkeys (needs JavaScript). */
export function LinkPasskeyButton({ tenant }: { tenant: string }) {
  // WebAuthn support never changes while the page is open; the server render shows no button.
  const supported = useSyncExternalStore(
    () => () => undefined,
    () => browserSupportsWebAuthn(),
    () => false,
  );
  const [error, setError] = useState<string | null>(null);
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
            window.location.assign(await ceremony(tenant));
          } catch (e) {
            setError(
              e instanceof Error && !/abort|cancel|not allowed/i.test(e.message)
                ? e.message
                : "The passkey request was cancelled.",
            );
          }
        }}
      >
        Link with your passkey
      </Button>
    </div>
  );
}
