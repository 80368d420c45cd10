"use client";
import { browserSupportsWebAuthn, startRegistration } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

const subscribeNothing = () => () => undefined;

/**
 * `setup`: the first passkey of a passwordless sign-up; on success the browser goes where the server
 * says (signed in). `locked`: a step-up is needed first; the component stays mounted so that its
 * last notice survives the refresh after a passkey was added (which can itself require a step-up).
 */
export function PasskeyRegister({
  tenant,
  setup = false,
  locked = false,
  lockedNote,
  continueTo,
}: {
  tenant: string;
  setup?: boolean;
  /** Where a sign-in this passkey completes continues (a required enrolment). */
  continueTo?: string;
  locked?: boolean;
  lockedNote?: string;
}) {
  const router = useRouter();
  const supported = useSyncExternalStore(
    subscribeNothing,
    () => browserSupportsWebAuthn(),
    () => false,
  );
  const [name, setName] = useState("");
  const [endOthers, setEndOthers] = useState(true);
  const [notice, setNotice] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  if (!supported) return <p className="text-sm text-gray-800">This browser cannot create passkeys.</p>;
  if (locked) {
    return (
      <div className="space-y-3">
        {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
        <p className="text-sm text-gray-800">
          {lockedNote ?? "Confirm it\u2019s you (above) to add or remove passkeys."}
        </p>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
      <div className="space-y-1">
        <label htmlFor="passkey-name" className="block text-sm font-medium text-gray-900">
          Name for the new passkey
        </label>
        <input
          id="passkey-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={60}
          placeholder="e.g. Work laptop"
          className="block w-full rounded-md border border-gray-400 px-3 py-2 text-base"
        />
      </div>
      {setup || continueTo ? null : (
        <label className="flex items-center gap-2 text-sm text-gray-900">
          <input
            type="checkbox"
            checked={endOthers}
            onChange={(e) => setEndOthers(e.target.checked)}
            className="h-4 w-4"
          />
          Sign out my other devices
        </label>
      )}
      <Button
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setNotice(null);
          try {
            const options = await fetch(`/api/${tenant}/passkeys/register-options`, { method: "POST" });
            const optionsJson = (await options.json()) as { message?: string };
            if (!options.ok) throw new Error(optionsJson.message ?? "Passkeys are not available right now.");
            const response = await startRegistration({
              optionsJSON: optionsJson as Parameters<typeof startRegistration>[0]["optionsJSON"],
            });
            const verify = await fetch(`/api/${tenant}/passkeys/register`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({
                response,
                name: name || "Passkey",
                endOtherSessions: !setup && !continueTo && endOthers,
                ...(continueTo ? { returnTo: continueTo } : {}),
              }),
            });
            const result = (await verify.json()) as { message?: string; endedSessions?: number; redirect?: string };
            if (!verify.ok) throw new Error(result.message ?? "The passkey could not be saved.");
            if (result.redirect) {
              window.location.assign(result.redirect);
              return;
            }
            setName("");
            setNotice({
              tone: "success",
              text: `Your passkey was created.${result.endedSessions ? ` ${result.endedSessions} other session(s) were signed out.` : ""}`,
            });
            router.refresh();
          } catch (e) {
            setNotice({
              tone: "error",
              text:
                e instanceof Error && !/abort|not allowed/i.test(e.message)
                  ? e.message
                  : "Creating the passkey was cancelled.",
            });
          } finally {
            setBusy(false);
          }
        }}
      >
        Create a passkey
      </Button>
    </div>
  );
}
