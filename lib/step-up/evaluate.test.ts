import { describe, expect, it } from "vitest";
import type { TStepUpGrant } from "../db/store";
import type { TAuthenticators } from "../identity/authenticators";
import {
  ANY_ACTION,
  elevationAal,
  methodsToOffer,
  requiredAal,
  sessionSatisfies,
  usableGrant,
  type TSessionProof,
} from "./evaluate";
import { BUILT_IN_ACTIONS, DEMO_CUSTOM_ACTIONS, isActionName, type TActionPolicy } from "./policies";

const NOW = new Date("2026-11-28T12:00:00.000Z");
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
const policy = (action: string): TActionPolicy =>
  [...BUILT_IN_ACTIONS, ...DEMO_CUSTOM_ACTIONS].find((p) => p.action === action)!;

function session(aal: number, methods: Record<string, number>, downgradedMinutesAgo?: number): TSessionProof {
  const amr = Object.keys(methods);
  return {
    aal,
    amr: aal >= 2 ? [...amr, "mfa"] : amr,
    methodTimes: Object.fromEntries(Object.entries(methods).map(([m, min]) => [m, ago(min)])),
    downgradedAt: downgradedMinutesAgo === undefined ? null : new Date(NOW.getTime() - downgradedMinutesAgo * 60_000),
  };
}

function grant(over: Partial<TStepUpGrant> & { minutesAgo: number }): TStepUpGrant {
  const createdAt = new Date(NOW.getTime() - over.minutesAgo * 60_000);
  return {
    id: "g1",
    tenantId: "t",
    userId: "u",
    sessionId: "s",
    action: ANY_ACTION,
    aal: 2,
    method: "totp",
    createdAt,
    expiresAt: new Date(createdAt.getTime() + 5 * 60_000),
    consumedAt: null,
    ...over,
  };
}

describe("required level per built-in action", () => {
  it.each([
    ["profile.update", true, 1],
    ["profile.update", false, 1],
    ["email.change", true, 2],
    ["email.change", false, 1],
    ["password.change", true, 2],
    ["password.change", false, 1],
    ["factor.add", true, 2],
    ["factor.add", false, 1],
    ["factor.remove", true, 2],
    ["recovery_codes.regenerate", true, 2],
    ["sessions.revoke_all", true, 2],
    ["sessions.revoke_all", false, 1],
    ["payout.change", true, 2],
    ["payout.change", false, 2],
  ] as const)("%s, user has a second factor: %s → AAL%i", (action, hasFactor, aal) => {
    expect(requiredAal(policy(action), hasFactor)).toBe(aal);
  });

  it("profile.update allows 30 minutes, the factor and email actions 5", () => {
    expect(policy("profile.update").maxAgeMinutes).toBe(30);
    for (const a of [
      "email.change",
      "password.change",
      "factor.add",
      "factor.remove",
      "recovery_codes.regenerate",
      "sessions.revoke_all",
      "payout.change",
    ])
      expect(policy(a).maxAgeMinutes).toBe(5);
  });
});

describe("the session's own sign-in covers an action while fresh and strong enough", () => {
  it.each([
    // action, session aal, methods (minutes ago), required, expected
    ["profile.update", 1, { pwd: 29 }, 1, true],
    ["profile.update", 1, { pwd: 31 }, 1, false],
    ["factor.add", 1, { pwd: 4 }, 1, true],
    ["factor.add", 1, { pwd: 6 }, 1, false],
    ["factor.add", 1, { pwd: 1 }, 2, false],
    ["factor.add", 2, { pwd: 2, otp: 2 }, 2, true],
    // Both factors behind AAL2 must be fresh: a recent code on an old password sign-in is not.
    ["factor.add", 2, { pwd: 60, otp: 1 }, 2, false],
    ["email.change", 3, { hwk: 3, user: 3 }, 2, true],
    ["sessions.revoke_all", 2, { swk: 5.5, user: 5.5 }, 2, false],
  ] as const)("%s on an AAL%i session %j needing AAL%i → %s", (action, aal, methods, required, expected) => {
    expect(sessionSatisfies(policy(action), required, session(aal, methods), NOW)).toBe(expected);
  });

  it("a policy that names methods needs one of them in the session: payout.change wants a passkey", () => {
    expect(sessionSatisfies(policy("payout.change"), 2, session(2, { pwd: 1, otp: 1 }), NOW)).toBe(false);
    expect(sessionSatisfies(policy("payout.change"), 2, session(2, { swk: 1, user: 1 }), NOW)).toBe(true);
  });

  it("proofs older than a downgrade (context shift) no longer count", () => {
    expect(sessionSatisfies(policy("profile.update"), 1, session(1, { pwd: 10 }, 2), NOW)).toBe(false);
    expect(sessionSatisfies(policy("profile.update"), 1, session(1, { pwd: 1 }, 2), NOW)).toBe(true);
  });

  it("a proof time in the future or missing is not trusted", () => {
    expect(sessionSatisfies(policy("profile.update"), 1, session(1, { pwd: -10 }), NOW)).toBe(false);
    expect(
      sessionSatisfies(policy("profile.update"), 1, { aal: 1, amr: ["pwd"], methodTimes: {}, downgradedAt: null }, NOW),
    ).toBe(false);
  });
});

describe("elevations", () => {
  const s = { downgradedAt: null };
  it("a level-bound elevation covers any non-single-use action within that action's age", () => {
    expect(usableGrant(policy("factor.remove"), 2, [grant({ minutesAgo: 4 })], s, NOW)).not.toBeNull();
    expect(
      usableGrant(
        policy("factor.remove"),
        2,
        [grant({ minutesAgo: 6, expiresAt: new Date(NOW.getTime() + 60_000) })],
        s,
        NOW,
      ),
    ).toBeNull();
    expect(
      usableGrant(
        policy("profile.update"),
        1,
        [grant({ minutesAgo: 20, expiresAt: new Date(NOW.getTime() + 60_000) })],
        s,
        NOW,
      ),
    ).not.toBeNull();
  });
  it("expired, consumed or too weak elevations do not count", () => {
    expect(
      usableGrant(policy("factor.add"), 2, [grant({ minutesAgo: 1, expiresAt: new Date(NOW.getTime() - 1) })], s, NOW),
    ).toBeNull();
    expect(usableGrant(policy("factor.add"), 2, [grant({ minutesAgo: 1, consumedAt: NOW })], s, NOW)).toBeNull();
    expect(usableGrant(policy("factor.add"), 2, [grant({ minutesAgo: 1, aal: 1 })], s, NOW)).toBeNull();
  });
  it("a single-use action needs an elevation granted for exactly that action, with an allowed method", () => {
    const payout = policy("payout.change");
    expect(usableGrant(payout, 2, [grant({ minutesAgo: 1, method: "passkey" })], s, NOW)).toBeNull();
    expect(
      usableGrant(payout, 2, [grant({ minutesAgo: 1, action: "payout.change", method: "totp" })], s, NOW),
    ).toBeNull();
    expect(
      usableGrant(payout, 2, [grant({ minutesAgo: 1, action: "payout.change", method: "passkey" })], s, NOW),
    ).not.toBeNull();
    expect(
      usableGrant(
        policy("email.change"),
        2,
        [grant({ minutesAgo: 1, action: "payout.change", method: "passkey" })],
        s,
        NOW,
      ),
    ).toBeNull();
  });
  it("a downgrade voids earlier elevations", () => {
    expect(
      usableGrant(
        policy("factor.add"),
        2,
        [grant({ minutesAgo: 3 })],
        { downgradedAt: new Date(NOW.getTime() - 60_000) },
        NOW,
      ),
    ).toBeNull();
  });
});

describe("the level an elevation reaches", () => {
  const pwdSession = { amr: ["pwd"] };
  const passkeySession = { amr: ["swk", "user"] };
  it.each([
    [{ method: "password" } as const, pwdSession, 1],
    [{ method: "totp" } as const, pwdSession, 2],
    [{ method: "recovery_code" } as const, pwdSession, 2],
    [{ method: "totp" } as const, passkeySession, 1],
    [{ method: "passkey", userVerified: true, backupEligible: true, attested: false } as const, passkeySession, 2],
    [{ method: "passkey", userVerified: true, backupEligible: false, attested: true } as const, pwdSession, 3],
    // Device-bound by its own word only: no trusted attestation, so not AAL3.
    [{ method: "passkey", userVerified: true, backupEligible: false, attested: false } as const, pwdSession, 2],
    [{ method: "passkey", userVerified: false, backupEligible: true, attested: false } as const, pwdSession, 2],
    [{ method: "passkey", userVerified: false, backupEligible: true, attested: false } as const, passkeySession, 1],
  ])("%j in a session with %j → AAL%i", (proof, s, aal) => {
    expect(elevationAal(proof, s)).toBe(aal);
  });
});

describe("methods offered on the step-up page", () => {
  const passkey = { id: "pk", name: "Laptop", kind: "synced", maxAal: 2 } as const;
  const everything: TAuthenticators = {
    userId: "u",
    password: { allowed: true },
    passkeys: { allowed: true, list: [passkey] },
    totp: { allowed: true },
    recoveryCodes: { remaining: 3 },
  };
  it("AAL1: every method the user has", () => {
    expect(methodsToOffer(policy("profile.update"), 1, everything, { amr: ["pwd"] })).toEqual([
      "passkey",
      "totp",
      "recovery_code",
      "password",
    ]);
  });
  it("AAL2: no password alone", () => {
    expect(methodsToOffer(policy("factor.add"), 2, everything, { amr: ["pwd"] })).toEqual([
      "passkey",
      "totp",
      "recovery_code",
    ]);
  });
  it("AAL2 in a passkey session: a code alone is one factor, so only a passkey", () => {
    expect(methodsToOffer(policy("factor.add"), 2, everything, { amr: ["swk", "user"] })).toEqual(["passkey"]);
  });
  it("payout.change: only a passkey, and nothing for a user without one", () => {
    expect(methodsToOffer(policy("payout.change"), 2, everything, { amr: ["pwd"] })).toEqual(["passkey"]);
    expect(
      methodsToOffer(
        policy("payout.change"),
        2,
        { ...everything, passkeys: { allowed: true, list: [] } },
        { amr: ["pwd"] },
      ),
    ).toEqual([]);
  });
  it("a method the tenant turned off is never offered", () => {
    expect(
      methodsToOffer(
        policy("profile.update"),
        1,
        { ...everything, password: { allowed: false }, totp: { allowed: false } },
        { amr: ["pwd"] },
      ),
    ).toEqual(["passkey"]);
  });
});

describe("action names", () => {
  it.each(["profile.update", "payout.change", "sessions.revoke_all", "a.b.c.d"])("%s is accepted", (name) =>
    expect(isActionName(name)).toBe(true),
  );
  it.each(["", "Payout.Change", "payout..change", "../x", "payout.change?x=1", "a.b.c.d.e", "x".repeat(41)])(
    "%j is refused",
    (name) => expect(isActionName(name)).toBe(false),
  );
});
