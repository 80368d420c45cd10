"use client";
import { startAuthentication, startRegistration } from "@simplewebauthn/browser";
import { useState } from "react";
import { CeremonyButton } from "@/components/ui/ceremony-button";
import { Field } from "@/components/ui/field";
import { useWebAuthnSupport } from "@/components/ui/use-webauthn-support";

type TConsole = "admin" | "support";
type TAnswer = { ok?: boolean; redirect?: string; message?: string };

async function post(step: string, body: unknown): Promise<{ ok: boolean; answer: TAnswer & Record<string, unknown> }> {
  const response = await fetch(`/api/workforce/passkeys/${step}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => ({}))) as TAnswer & Record<string, unknown>;
  return { ok: response.ok, answer };
}

/** Follows the server's answer: its redirect (success, or a sign-in that must start over), or throws its message. */
function follow(result: { ok: boolean; answer: TAnswer }) {
  if (result.answer.redirect) {
    window.location.assign(result.answer.redirect);
    return;
  }
  throw new Error(result.answer.message ?? "That passkey could not be used.");
}

/**
 * The second sign-in step or a console step-up with one of the member's passkeys. Needs JavaScript; the code form is
 * the fallback.
 */
export function StaffPasskeyProve({
  console,
  returnTo,
  purpose,
}: {
  console: TConsole;
  returnTo: string;
  purpose: "sign-in" | "step-up";
}) {
  const supported = useWebAuthnSupport();
  if (!supported) return null;
  return (
    <CeremonyButton
      label="Use a passkey"
      run={async () => {
        const options = await post("options", { purpose, console });
        if (!options.ok) return follow(options);
        const response = await startAuthentication({
          optionsJSON: options.answer as unknown as Parameters<typeof startAuthentication>[0]["optionsJSON"],
        });
        follow(await post("verify", { response, purpose, console, returnTo }));
      }}
    />
  );
}

/** Registers a passkey for the signed-in (or enrolling) member, then follows the server to `returnTo`. */
export function StaffPasskeyRegister({
  console,
  returnTo,
  label,
  askName = false,
}: {
  console: TConsole;
  returnTo: string;
  label: string;
  askName?: boolean;
}) {
  const supported = useWebAuthnSupport();
  const [name, setName] = useState("");
  if (!supported) return <p className="text-sm text-gray-800">Passkeys need a browser with JavaScript and WebAuthn.</p>;
  return (
    <div className="space-y-3">
      {askName ? (
        <Field
          label="Passkey name (optional)"
          name="passkey-name"
          hint="For example the device or key it lives on."
          value={name}
          maxLength={60}
          onChange={(e) => setName(e.target.value)}
        />
      ) : null}
      <CeremonyButton
        label={label}
        run={async () => {
          const options = await post("register-options", {});
          if (!options.ok) return follow(options);
          const response = await startRegistration({
            optionsJSON: options.answer as unknown as Parameters<typeof startRegistration>[0]["optionsJSON"],
          });
          follow(await post("register", { response, name: name || "Passkey", console, returnTo }));
        }}
      />
    </div>
  );
}
