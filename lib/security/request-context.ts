// Facts about one HTTP request that only Portico's own server (scripts/serve.ts) knows, or that the
// app reports back to it. They travel in an AsyncLocalStorage, never in a request header, so no
// client can set them: the TCP peer address (the local outbox is served to loopback peers only)
// and whether a server action was reached or found its input malformed (a malformed request is
// then answered 400 instead of the 500 Next.js would send).
//
// The storage lives on globalThis: the server script and the app bundle each load their own copy
// of this module, and both must see the same storage (as lib/db/availability.ts does).
import { AsyncLocalStorage } from "node:async_hooks";

export type TRequestContext = {
  /** The TCP peer as the server saw it; null outside Portico's server (e.g. `next start`). */
  peer: string | null;
  /** Set when Portico code of a server action started: failures after that are the app's own. */
  actionReached: boolean;
  /** Set when a server action received arguments no form of Portico's ever sends. */
  malformed: boolean;
};

const KEY = Symbol.for("portico.request-context");
const holder = globalThis as typeof globalThis & { [KEY]?: AsyncLocalStorage<TRequestContext> };

function storage(): AsyncLocalStorage<TRequestContext> {
  holder[KEY] ??= new AsyncLocalStorage<TRequestContext>();
  return holder[KEY];
}

/** Runs `handle` (one HTTP request) with a fresh context for `peer` and returns the context. */
export function withRequestContext(peer: string, handle: () => void): TRequestContext {
  const context: TRequestContext = { peer, actionReached: false, malformed: false };
  storage().run(context, handle);
  return context;
}

export function currentRequestPeer(): string | null {
  return storage().getStore()?.peer ?? null;
}

export function noteActionReached(): void {
  const context = storage().getStore();
  if (context) context.actionReached = true;
}

export function noteMalformedRequest(): void {
  const context = storage().getStore();
  if (context) context.malformed = true;
}

/** 127.0.0.0/8 and ::1, also in their IPv4-mapped IPv6 form. */
export function isLoopbackAddress(address: string | null): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return address === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}
