import { describe, expect, it } from "vitest";
import { testScenario } from "../../tests/scenario";
import { assuranceOf, requiredLevel } from "./assurance";
import { assuranceWithElevations } from "./current-assurance";
import { decideInteraction, levelNeeded, loginHintOf, type TInteractionInput } from "./interaction";

const t = testScenario();

async function input(overrides: Partial<TInteractionInput> = {}): Promise<TInteractionInput> {
  const { session, user } = await t.signedIn("ada@example.com");
  const now = Math.floor(t.clock.now().getTime() / 1000);
  return {
    auth: { session, user },
    assurance: assuranceWithElevations(session, [], t.clock.now()),
    startedAt: now,
    returnedFrom: null,
    client: { clientId: "shop", firstParty: true, minAal: 1 },
    params: { scope: "openid email" },
    prompt: { name: "portico", reasons: ["portico_session"] },
    providerAccountId: undefined,
    now: Math.floor(t.clock.now().getTime() / 1000),
    consented: null,
    requestedClaims: [],
    ...overrides,
  };
}

describe("the provider's interaction page", () => {
  it("sends a browser without a Portico session to sign in", async () => {
    expect(decideInteraction({ ...(await input()), auth: null, assurance: null })).toEqual({ kind: "sign_in" });
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

  it("sends a session below the level the app needs to the step-up page for that level", async () => {
    const byClient = decideInteraction({ ...(await input()), client: { clientId: "x", firstParty: true, minAal: 2 } });
    expect(byClient).toEqual({ kind: "step_up", level: 2, reauth: false });
    const byRequest = decideInteraction({ ...(await input()), params: { acr_values: "urn:portico:aal3" } });
    expect(byRequest).toEqual({ kind: "step_up", level: 3, reauth: false });
    const byClaim = decideInteraction({
      ...(await input()),
      params: { claims: JSON.stringify({ id_token: { acr: { essential: true, values: ["urn:portico:aal2"] } } }) },
    });
    expect(byClaim).toEqual({ kind: "step_up", level: 2, reauth: false });
    // Any listed level satisfies the app: aal1 among them is enough for an aal1 session.
    expect(
      decideInteraction({ ...(await input()), params: { acr_values: "urn:portico:aal2 urn:portico:aal1" } }),
    ).toMatchObject({ kind: "finish" });
  });

  it("ends with unmet_authentication_requirements when the person comes back from the step-up without the level", async () => {
    const back = decideInteraction({
      ...(await input()),
      params: { acr_values: "urn:portico:aal2" },
      returnedFrom: "step_up",
    });
    expect(back).toMatchObject({ kind: "refuse", error: "unmet_authentication_requirements" });
  });

  it("finishes with the elevated level, its methods and the step-up's time once the step-up is done", async () => {
    const base = await input();
    const session = base.auth!.session;
    const at = new Date(t.clock.now().getTime() + 60_000);
    const elevation = {
      action: "*",
      aal: 2,
      method: "totp",
      createdAt: at,
      expiresAt: new Date(at.getTime() + 300_000),
      consumedAt: null,
    };
    const assurance = assuranceWithElevations(session, [elevation], at);
    expect(assurance).toEqual({
      aal: 2,
      acr: "urn:portico:aal2",
      amr: ["pwd", "otp", "mfa"],
      authTime: Math.floor(at.getTime() / 1000),
    });
    const decision = decideInteraction({
      ...base,
      assurance,
      now: assurance.authTime,
      params: { acr_values: "urn:portico:aal2" },
      returnedFrom: "step_up",
    });
    expect(decision).toMatchObject({
      kind: "finish",
      login: { acr: "urn:portico:aal2", amr: ["pwd", "otp", "mfa"], ts: assurance.authTime },
    });
  });

  it("ignores elevations that expired, were used up, belong to one action, or predate a downgrade", async () => {
    const { auth } = await input();
    const session = auth!.session;
    const now = t.clock.now();
    const fresh = {
      action: "*",
      aal: 2,
      method: "totp",
      createdAt: now,
      expiresAt: new Date(now.getTime() + 1),
      consumedAt: null,
    };
    for (const elevation of [
      { ...fresh, expiresAt: now },
      { ...fresh, consumedAt: now },
      { ...fresh, action: "payout.change" },
    ])
      expect(assuranceWithElevations(session, [elevation], now).aal).toBe(1);
    expect(assuranceWithElevations({ ...session, downgradedAt: now }, [fresh], now).aal).toBe(1);
    expect(assuranceWithElevations(session, [fresh], now).aal).toBe(2);
  });

  it("does not move auth_time for a proof weaker than the level reported", async () => {
    const { auth } = await input();
    const session = { ...auth!.session, aal: 2, amr: ["pwd" as const, "otp" as const, "mfa" as const] };
    const later = new Date(t.clock.now().getTime() + 60_000);
    const password = {
      action: "*",
      aal: 1,
      method: "password",
      createdAt: later,
      expiresAt: new Date(later.getTime() + 1),
      consumedAt: null,
    };
    expect(assuranceWithElevations(session, [password], later).authTime).toBe(assuranceOf(session).authTime);
  });

  it("asks for a fresh proof at the session's level for prompt=login and an exceeded max_age, unless one was made since the request began", async () => {
    const base = await input();
    const later = { ...base, now: base.now + 120, startedAt: base.now + 120 };
    const reauth = { kind: "step_up", level: 1, reauth: true };
    expect(decideInteraction({ ...later, params: { prompt: "login" } })).toEqual(reauth);
    expect(decideInteraction({ ...later, params: { max_age: 60 } })).toEqual(reauth);
    expect(decideInteraction({ ...later, params: { max_age: 0 } })).toEqual(reauth);
    expect(decideInteraction({ ...later, params: { max_age: 200 } })).toMatchObject({ kind: "finish" });
    // The person came back without proving anything: the app hears login_required.
    expect(decideInteraction({ ...later, params: { prompt: "login" }, returnedFrom: "reauth" })).toMatchObject({
      kind: "refuse",
      error: "login_required",
    });
    // A proof since the request began (a sign-in, a step-up) is the fresh sign-in asked for.
    expect(decideInteraction({ ...base, params: { prompt: "login", max_age: 0 } })).toMatchObject({ kind: "finish" });
  });

  it("reads the level from the client's minimum, acr_values and an essential acr claim, ignoring unknown values", () => {
    const client = { clientId: "x", firstParty: true, minAal: 1 };
    const claims = (acr: unknown) => JSON.stringify({ id_token: { acr } });
    expect(levelNeeded(client, {})).toBe(1);
    expect(levelNeeded({ ...client, minAal: 3 }, { acr_values: "urn:portico:aal1" })).toBe(3);
    expect(levelNeeded(client, { acr_values: "urn:other" })).toBe(1);
    expect(levelNeeded(client, { claims: "{not json" })).toBe(1);
    expect(levelNeeded(client, { claims: claims({ value: "urn:portico:aal3" }) })).toBe(1);
    expect(levelNeeded(client, { claims: claims({ essential: true, value: "urn:portico:aal3" }) })).toBe(3);
  });

  const thirdParty = { clientId: "x", firstParty: false, minAal: 1 };

  it("shows a third-party app's consent page for every scope it asks when the person never allowed it", async () => {
    const decision = decideInteraction({
      ...(await input()),
      client: thirdParty,
      params: { scope: "openid email offline_access unknown" },
    });
    expect(decision).toMatchObject({
      kind: "consent",
      login: { acr: "urn:portico:aal1" },
      ask: { scopes: ["openid", "email", "offline_access"], claims: [], alreadyAllowed: [] },
    });
  });

  it("finishes without the page when the person's earlier consent covers the same or fewer scopes", async () => {
    const consented = { scopes: ["openid", "email", "profile"], claims: [] };
    expect(decideInteraction({ ...(await input()), client: thirdParty, consented })).toMatchObject({ kind: "finish" });
    expect(
      decideInteraction({ ...(await input()), client: thirdParty, consented, params: { scope: "openid" } }),
    ).toMatchObject({ kind: "finish" });
  });

  it("asks only for the scopes and claims not yet allowed", async () => {
    const decision = decideInteraction({
      ...(await input()),
      client: thirdParty,
      params: { scope: "openid email offline_access" },
      consented: { scopes: ["openid", "email"], claims: [] },
      requestedClaims: ["name"],
    });
    expect(decision).toMatchObject({
      kind: "consent",
      ask: { scopes: ["offline_access"], claims: ["name"], alreadyAllowed: ["openid", "email"] },
    });
  });

  it("shows the page again for prompt=consent even when everything asked was allowed before", async () => {
    const decision = decideInteraction({
      ...(await input()),
      client: thirdParty,
      params: { scope: "openid email", prompt: "consent" },
      consented: { scopes: ["openid", "email"], claims: [] },
    });
    expect(decision).toMatchObject({ kind: "consent", ask: { scopes: ["openid", "email"], alreadyAllowed: [] } });
  });

  it("never shows the consent page to a first-party app, prompt=consent or not", async () => {
    const decision = decideInteraction({ ...(await input()), params: { scope: "openid email", prompt: "consent" } });
    expect(decision).toMatchObject({ kind: "finish" });
  });

  it("signs in and steps up before it asks for consent", async () => {
    expect(decideInteraction({ ...(await input()), client: thirdParty, auth: null, assurance: null })).toEqual({
      kind: "sign_in",
    });
    expect(decideInteraction({ ...(await input()), client: { ...thirdParty, minAal: 2 } })).toMatchObject({
      kind: "step_up",
    });
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

describe("login_hint", () => {
  it("fills in a plausible address and ignores anything else", () => {
    expect(loginHintOf({ login_hint: " ada@example.com " })).toBe("ada@example.com");
    expect(loginHintOf({ login_hint: "ada" })).toBeUndefined();
    expect(loginHintOf({ login_hint: "a b@example.com" })).toBeUndefined();
    expect(loginHintOf({ login_hint: `${"a".repeat(320)}@example.com` })).toBeUndefined();
    expect(loginHintOf({ login_hint: ["ada@example.com"] })).toBeUndefined();
    expect(loginHintOf({})).toBeUndefined();
  });
});
