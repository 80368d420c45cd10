import { describe, expect, it } from "vitest";
import { testScenario } from "../../tests/scenario";
import { assuranceOf, requiredLevel } from "./assurance";
import { decideInteraction, type TInteractionInput } from "./interaction";

const t = testScenario();

async function input(overrides: Partial<TInteractionInput> = {}): Promise<TInteractionInput> {
  const { session, user } = await t.signedIn("ada@example.com");
  return {
    auth: { session, user },
    client: { clientId: "shop", firstParty: true, minAal: 1 },
    params: { scope: "openid email" },
    prompt: { name: "portico", reasons: ["portico_session"] },
    providerAccountId: undefined,
    now: Math.floor(t.clock.now().getTime() / 1000),
    ...overrides,
  };
}

describe("the provider's interaction page", () => {
  it("sends a browser without a Portico session to sign in", async () => {
    expect(decideInteraction({ ...(await input()), auth: null })).toEqual({ kind: "sign_in" });
  });

  it("finishes with the session's own level, methods and proof time for a first-party app", async () => {
    const base = await input();
    const decision = decideInteraction(base);
    expect(decision).toEqual({
      kind: "finish",
      login: {
        accountId: base.auth?.user.id,
        acr: "urn:portico:aal1",
        amr: ["pwd"],
        ts: Math.floor((base.auth?.session.authTime.getTime() ?? 0) / 1000),
        remember: true,
      },
      consent: true,
    });
  });

  it("refuses a level above the session's, whether the app or acr_values asks for it", async () => {
    const byClient = decideInteraction({ ...(await input()), client: { clientId: "x", firstParty: true, minAal: 2 } });
    expect(byClient).toMatchObject({ kind: "refuse", error: "unmet_authentication_requirements" });
    const byRequest = decideInteraction({ ...(await input()), params: { acr_values: "urn:portico:aal2" } });
    expect(byRequest).toMatchObject({ kind: "refuse", error: "unmet_authentication_requirements" });
    // Any listed level satisfies the app: aal1 among them is enough for an aal1 session.
    expect(
      decideInteraction({ ...(await input()), params: { acr_values: "urn:portico:aal2 urn:portico:aal1" } }),
    ).toMatchObject({ kind: "finish" });
  });

  it("refuses prompt=login and a max_age older than the session's last proof (no re-authentication from an app yet)", async () => {
    const base = await input();
    expect(decideInteraction({ ...base, params: { prompt: "login" } })).toMatchObject({ error: "login_required" });
    expect(decideInteraction({ ...base, now: base.now + 120, params: { max_age: 60 } })).toMatchObject({
      error: "login_required",
    });
    expect(decideInteraction({ ...base, now: base.now + 30, params: { max_age: 60 } })).toMatchObject({
      kind: "finish",
    });
  });

  it("does not grant a third-party app without consent", async () => {
    const decision = decideInteraction({ ...(await input()), client: { clientId: "x", firstParty: false, minAal: 1 } });
    expect(decision).toMatchObject({ kind: "refuse", error: "consent_required" });
  });
});

describe("assurance in OpenID terms", () => {
  it("names the level as urn:portico:aalN, keeps only RFC 8176 methods, and takes the latest proof as auth_time", () => {
    const authTime = new Date("2026-11-27T12:00:00Z");
    expect(
      assuranceOf({
        aal: 2,
        amr: ["pwd", "otp", "email"],
        methodTimes: { pwd: "2026-11-27T12:00:00Z", otp: "2026-11-27T12:05:00Z" },
        authTime,
      }),
    ).toEqual({ acr: "urn:portico:aal2", amr: ["pwd", "otp"], authTime: Date.parse("2026-11-27T12:05:00Z") / 1000 });
    expect(requiredLevel(1, [])).toBe(1);
    expect(requiredLevel(1, ["urn:portico:aal3", "unknown"])).toBe(3);
    expect(requiredLevel(2, ["urn:portico:aal1"])).toBe(2);
  });
});
