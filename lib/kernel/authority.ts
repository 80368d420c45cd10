// What a console use case acts with: who acts, at which tenant, in which role and console, and
// until when their step-up counts. Only the console gate (lib/workforce/console-gate.ts) mints one:
// the brand's symbol is not exported, a value counts only if it was minted here (a copy or a
// hand-built object is refused at run time), and ESLint lets no other file import
// `mintConsoleAuthority` (tests/layering.test.ts proves the rule bites). It lives in the kernel so
// that every console use case, whatever its domain, can take it without importing the workforce.
import { STEP_UP } from "../step-up/outcomes";
import type { TTenant } from "../tenancy/types";
import { fail } from "./outcome";

export type TConsole = "admin" | "support";

declare const CONSOLE_AUTHORITY: unique symbol;

export type TConsoleAuthority = {
  readonly [CONSOLE_AUTHORITY]: true;
  readonly staffId: string;
  readonly tenant: TTenant;
  readonly role: string;
  readonly console: TConsole;
  /** When the session last proved its second factor (null: never since sign-in). */
  readonly steppedUpAt: Date | null;
  /** Until when that proof lets the bearer change things (the gate's window; null: never). */
  readonly freshUntil: Date | null;
};

const minted = new WeakSet<object>();

/** For the console gate only (enforced by ESLint). */
export function mintConsoleAuthority(fields: Omit<TConsoleAuthority, typeof CONSOLE_AUTHORITY>): TConsoleAuthority {
  const authority = Object.freeze({ ...fields }) as TConsoleAuthority;
  minted.add(authority);
  return authority;
}

/** Whether `authority` came from the gate and its step-up is within the window at `now`. */
export function isFreshAuthority(authority: TConsoleAuthority, now: Date): boolean {
  if (!minted.has(authority) || !authority.steppedUpAt || !authority.freshUntil) return false;
  return now.getTime() >= authority.steppedUpAt.getTime() && now.getTime() <= authority.freshUntil.getTime();
}

/** The refusal of a console change whose authority's step-up is older than the window. */
export const STALE_STEP_UP = fail(STEP_UP, "STAFF_REQUIRED", { purpose: "console_change" });
