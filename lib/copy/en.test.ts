import { describe, expect, it } from "vitest";
import { messageFor } from ".";
import { OUTCOME_CATALOGUES } from "./catalogues";
import { EN } from "./en";

describe("message catalogue", () => {
  it("has words for every code of every outcome catalogue, and none for a code nobody declares", () => {
    const modules = OUTCOME_CATALOGUES.map((c) => c.module);
    expect(new Set(modules).size).toBe(modules.length);
    expect(Object.keys(EN).sort()).toEqual([...modules].sort());
    for (const catalogue of OUTCOME_CATALOGUES) {
      const words = EN[catalogue.module as keyof typeof EN] as Record<string, unknown>;
      expect(Object.keys(words).sort(), catalogue.module).toEqual(Object.keys(catalogue.codes).sort());
    }
  });

  it("renders a failure from its module, code and parameters", () => {
    expect(messageFor({ module: "payout", code: "INVALID_INPUT", params: { field: "iban", problem: "iban" } })).toMatch(/valid IBAN/);
  });

  it("refuses an outcome it has no words for, rather than showing a code", () => {
    expect(() => messageFor({ module: "payout", code: "NO_SUCH_CODE", params: {} })).toThrow(/payout\.NO_SUCH_CODE/);
  });
});
