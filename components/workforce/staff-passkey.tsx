"use client";
import { startAuthentication, startRegistration } from "@simplewebauthn/browser";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useWebAuthnSupport } from "@/components/ui/use-webauthn-support";

type TConsole = "admin" | "support";
type TAnswer = { ok?: boolean; redirect?: string; message?: string };

async function post(step: string, body: unknown): Promise<{ ok: boolean; answer: TAnswer & Record<string, unknown> }> {
  const response = await fetch(`/api/workforce/passkeys/${step}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const answer = (await response.json().catch(() => ({}))) as TAnswer & Record<string, unknown>;
  return { ok: response.ok, answer };
}

function cancelledMessage(e: unknown): string {
  return e instanceof Error && !/abort|cancel|not allowed|timed out/i.test(e.message) ? e.message : "The passkey request was cancelled.";
}

/** Follows the server's answer: its redirect (success, or a sign-in that must start over), or its message. */
function follow(result: { ok: boolean; answer: TAnswer }, setError: (message: string) => void) {
  if (result.answer.redirect) {
    window.location.assign(result.answer.redirect);
    return;
  }
  setError(result.answer.message ?? "That passkey could not be used.");
}

/** The second sign-in step or a console step-up with one of the member's passkeys. Needs JavaScript; the code form is the fallback. */
export function StaffPasskeyProve({ console, returnTo, purpose }: { console: TConsole; returnTo: string; purpose: "sign-in" | "step-up" }) {
  const supported = useWebAuthnSupport();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!supported) return null;
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
            const options = await post("options", { purpose, console });
            if (!options.ok) return follow(options, setError);
            const response = await startAuthentication({ optionsJSON: options.answer as unknown as Parameters<typeof startAuthentication>[0]["optionsJSON"] });
            follow(await post("verify", { response, purpose, console, returnTo }), setError);
          } catch (e) {
            setError(cancelledMessage(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        Use a passkey
      </Button>
    </div>
  );
}

/** Registers a passkey for the signed-in (or enrolling) member, then follows the server to `returnTo`. */
export function StaffPasskeyRegister({ console, returnTo, label, askName = false }: { console: TConsole; returnTo: string; label: string; askName?: boolean }) {
  const supported = useWebAuthnSupport();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!supported) return <p className="text-sm text-gray-800">Passkeys need a browser with JavaScript and WebAuthn.</p>;
  return (
    <div className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {askName ? (
        <Field label="Passkey name (optional)" name="passkey-name" hint="For example the device or key it lives on." value={name} maxLength={60} onChange={(e) => setName(e.target.value)} />
      ) : null}
      <Button
        type="button"
        variant="secondary"
        className="w-full"
        disabled={busy}
        onClick={async () => {
          setError(null);
          setBusy(true);
          try {
            const options = await post("register-options", {});
            if (!options.ok) return follow(options, setError);
            const response = await startRegistration({ optionsJSON: options.answer as unknown as Parameters<typeof startRegistration>[0]["optionsJSON"] });
            follow(await post("register", { response, name: name || "Passkey", console, returnTo }), setError);
          } catch (e) {
            setError(cancelledMessage(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        {label}
      </Button>
    </div>
  );
}
