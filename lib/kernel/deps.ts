// What every use case receives instead of reaching for globals: the store, the clock, where the
// portal lives, and how mail leaves. Tests build one with a fake clock and a temporary database.
import type { TStore } from "../db/store";
import type { TSecretBox } from "../security/secret-box";

export type TDeps = {
  store: TStore;
  now: () => Date;
  /** Public base URL; links in mail are built from it, never from a request's Host header. */
  baseUrl: URL;
  /** "smtp": a dispatcher delivers queued mail; "outbox": mail stays in the local outbox page. */
  mailMode: "smtp" | "outbox";
  /** Seals secrets that must be recoverable (TOTP shared secrets). */
  secrets: TSecretBox;
  /** Who runs this deployment, named in staff mail (set-up, reset, roles) instead of any tenant; default "Portico". */
  operatorName?: string;
  /** Range check of new passwords against a breached-password service; absent when not configured (the default). */
  breachedPasswords?: TBreachedPasswordChecker | null;
};

/** Who is asking: recorded in audit events and sessions. */
export type TRequestMeta = {
  ip: string | null;
  userAgent: string | null;
  /** SHA-256 of the browser's signed device identifier (a long-lived cookie), when it has one. */
  deviceHash?: string | null;
};

export type TBreachedPasswordResult =
  | { kind: "found"; count: number }
  | { kind: "not_found" }
  /**
   * The service could not answer: the check fails open (the password is judged on the local rules) and this is audited.
   */
  | { kind: "skipped"; reason: "timeout" | "network_error" | "bad_status" | "bad_response"; detail: string };

/** A range check of a new password against a breached-password service (k-anonymity). */
export type TBreachedPasswordChecker = (password: string) => Promise<TBreachedPasswordResult>;
