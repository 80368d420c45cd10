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
    expect(messageFor({ module: "payout", code: "INVALID_INPUT", params: { field: "iban", problem: "iban" } })).toMatch(
      /valid IBAN/,
    );
  });

  it("refuses an outcome it has no words for, rather than showing a code", () => {
    expect(() => messageFor({ module: "payout", code: "NO_SUCH_CODE", params: {} })).toThrow(/payout\.NO_SUCH_CODE/);
  });

  it("renders the passkey, recovery and account outcomes with the tenant's name and support address", () => {
    const tenant = { tenantName: "Acme", supportEmail: "help@acme.example" };
    expect(messageFor({ module: "passkey", code: "METHOD_NOT_ALLOWED", params: {} }, tenant)).toBe(
      "Acme does not offer passkeys.",
    );
    expect(messageFor({ module: "passkey", code: "RISK_BLOCKED", params: {} }, tenant)).toMatch(
      /contact help@acme\.example\.$/,
    );
    expect(messageFor({ module: "passkey", code: "RISK_BLOCKED", params: {} })).toMatch(/contact support\.$/);
    expect(
      messageFor({
        module: "recovery",
        code: "RATE_LIMITED",
        params: { retryAfterSeconds: 90, limit: "reset_factor_attempts" },
      }),
    ).toBe("Too many attempts. Try again in 2 minutes.");
    expect(messageFor({ module: "password", code: "RATE_LIMITED", params: { retryAfterSeconds: null } })).toBe(
      "Too many wrong passwords. Reset your password instead.",
    );
    expect(messageFor({ module: "account", code: "ADDRESS_TAKEN", params: { undo: true } }, tenant)).toBe(
      "This address now belongs to another account. Contact help@acme.example.",
    );
  });
});
