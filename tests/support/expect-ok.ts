// Checks of a use case's result for test set-up: an unexpected failure throws with the whole
// result (module, code, parameters) instead of only its words.
import { expect } from "vitest";

/**
 * Asserts that a use case succeeded; otherwise throws with the whole result as JSON (its module,
 * code and parameters), so an unexpected failure in a test's setup says what it was.
 */
export function expectOk<T extends { ok: boolean }>(
  result: T,
  what = "result",
): asserts result is Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`expected ${what} to succeed, got ${JSON.stringify(result)}`);
}

/** The success branch of a result (see `expectOk`). */
export function okValue<T extends { ok: boolean }>(result: T, what = "result"): Extract<T, { ok: true }> {
  expectOk(result, what);
  return result;
}

/**
 * Asserts that a use case failed the way `expected` says (module, code, parameters: a partial
 * match), and narrows the result to its failure branch for the checks that follow.
 */
export function expectFailure<T extends { ok: boolean }>(
  result: T,
  expected: { module?: string; code: string; params?: Record<string, unknown> },
): asserts result is Extract<T, { ok: false }> {
  expect(result).toMatchObject({ ok: false, ...expected });
  if (result.ok) throw new Error(`expected a failure ${expected.code}, got ${JSON.stringify(result)}`);
}
