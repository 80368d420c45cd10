// Checks of a use case's result for test set-up: an unexpected failure throws with the whole
// result (module, code, parameters) instead of only its words.

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
