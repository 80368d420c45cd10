"use client";
import { useState } from "react";
import { Alert } from "./alert";
import { Button } from "./button";

/** What a browser's WebAuthn error means to the person who saw the prompt. */
export function ceremonyErrorMessage(e: unknown): string {
  return e instanceof Error && !/abort|cancel|not allowed|timed out/i.test(e.message)
    ? e.message
    : "The passkey request was cancelled.";
}

/**
 * A button that runs one passkey ceremony: disabled while it runs, and an error above it when
 * `run` throws (a cancelled prompt reads as cancelled, not as a failure).
 */
export function CeremonyButton({ label, run }: { label: string; run: () => Promise<void> }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
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
            await run();
          } catch (e) {
            setError(ceremonyErrorMessage(e));
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
