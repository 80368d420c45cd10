// Telling "the database is down" apart from a bug, per request. When PostgreSQL restarts or the
// pool cannot connect, a page fails deep inside a repository call; Next.js would answer that with
// its generic 500 error page. The HTTP server (scripts/serve.ts) opens a note for every request,
// the database client writes in it when a query fails because the database cannot be reached, and
// a request that ends in a 5xx with that note is answered with a plain "503, try again shortly"
// page instead: the truth for the user and for a load balancer, and never a stack trace.
//
// The note lives in an AsyncLocalStorage kept on globalThis: the server script and the app bundle
// each load their own copy of this module, and both must see the same storage.
import { AsyncLocalStorage } from "node:async_hooks";
import { isDatabaseUnavailable } from "./errors";

export type TRequestNote = { databaseUnavailable: boolean };

const KEY = Symbol.for("portico.request-note");
const holder = globalThis as typeof globalThis & { [KEY]?: AsyncLocalStorage<TRequestNote> };

function notes(): AsyncLocalStorage<TRequestNote> {
  holder[KEY] ??= new AsyncLocalStorage<TRequestNote>();
  return holder[KEY];
}

/** Runs `handle` (one HTTP request) with a fresh note and returns the note. */
export function withRequestNote(handle: () => void): TRequestNote {
  const note: TRequestNote = { databaseUnavailable: false };
  notes().run(note, handle);
  return note;
}

/** Records on the current request's note when `error` means the database could not be reached. */
export function noteDatabaseFailure(error: unknown): void {
  if (!isDatabaseUnavailable(error)) return;
  const note = notes().getStore();
  if (note) note.databaseUnavailable = true;
}

/** True when the current request has already met an unreachable database. */
export function isDatabaseUnavailableNoted(): boolean {
  return notes().getStore()?.databaseUnavailable ?? false;
}
