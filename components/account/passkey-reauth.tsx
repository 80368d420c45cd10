"use client";
import { browserSupportsWebAuthn, startAuthentication } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

const subscribeNothing = () => () => undefined;

/** Re-authentication with a passkey, as an alternative to re-entering the password. */
export function PasskeyReauth({ tenant }: { tenant: string }) {
  const router = useRouter();
  const supported = useSyncExternalStore(subscribeNothing, () => browserSupportsWebAuthn(), () => false);
  const [error, setError] = useState<string | null>(null);
  if (!supported) return null;
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
            const verify = await fetch(`/api/${tenant}/passkeys/reauth`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ response }) });
            const result = (await verify.json()) as { message?: string };
            if (!verify.ok) throw new Error(result.message ?? "That passkey could not be used.");
            router.refresh();
          } catch (e) {
            setError(e instanceof Error && !/abort|not allowed/i.test(e.message) ? e.message : "The passkey request was cancelled.");
          }
        }}
      >
        Confirm with a passkey
      </Button>
    </div>
  );
}
