"use client";
import { browserSupportsWebAuthn } from "@simplewebauthn/browser";
import { useSyncExternalStore } from "react";

const subscribeNothing = () => () => undefined;

/**
 * Whether this browser can run a WebAuthn ceremony; false while rendering on the server, so passkey buttons appear only
 * where they work.
 */
export function useWebAuthnSupport(): boolean {
  return useSyncExternalStore(
    subscribeNothing,
    () => browserSupportsWebAuthn(),
    () => false,
  );
}
