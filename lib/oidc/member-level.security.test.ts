// The OpenID Provider reflects an organisation's policy: a member's sign-in for an app never
// finishes below the organisation's minimum level (even when the app asked for nothing), and the
// member's claims name the organisation.
import { describe, expect, it } from "vitest";
import { testScenario } from "../../tests/scenario";
import { assuranceWithElevations } from "./current-assurance";
import { decideInteraction, type TInteractionInput } from "./interaction";
import { memberLevelFloor, organisationClaims, withMemberFloor } from "./member-level";

const t = testScenario();

async function initechMember(email: string) {
  const { session, user } = await t.signedIn(email);
  const organisation = await t.store.organisations.create({
    tenantId: t.acme.id,
    slug: "initech",
    name: "Initech",
    domains: [],
    policy: { minAal: 2 },
    at: t.clock.now(),
  });
  await t.store.memberships.set(t.acme.id, user.id, organisation.id, "org_admin");
  return { session, user: (await t.store.users.findById(t.acme.id, user.id))!, organisation };
}

type TAuth = NonNullable<TInteractionInput["auth"]>;

async function input(auth: TAuth): Promise<TInteractionInput> {
  const now = Math.floor(t.clock.now().getTime() / 1000);
  const floor = await memberLevelFloor(t.deps, t.acme, auth.user);
  return {
    auth,
    assurance: assuranceWithElevations(auth.session, [], t.clock.now()),
    startedAt: now,
    returnedFrom: null,
    // The app asks for nothing: no minimum, no acr_values.
    client: withMemberFloor({ clientId: "shop", firstParty: true, minAal: 1 }, floor),
    params: { scope: "openid profile" },
    prompt: { name: "portico", reasons: ["portico_session"] },
    providerAccountId: undefined,
    now,
    consented: null,
    requestedClaims: [],
  };
}

describe("the provider and an organisation's minimum level", () => {
  it("an ID token for an Initech member with minAal 2 has acr aal2 even if the app asked for nothing", async () => {
    const { session, user } = await initechMember("ada@initech.test");
    expect(session.aal).toBe(1);
    // At AAL1 the sign-in does not finish: Portico's step-up for level 2 comes first.
    expect(decideInteraction(await input({ session, user }))).toEqual({ kind: "step_up", level: 2, reauth: false });
    // Coming back without it, the app hears an error, never an AAL1 token.
    expect(decideInteraction({ ...(await input({ session, user })), returnedFrom: "step_up" })).toMatchObject({
      kind: "refuse",
      error: "unmet_authentication_requirements",
    });
    // At AAL2 the login the provider signs into the ID token carries acr aal2.
    const strong = { ...session, aal: 2, amr: ["pwd" as const, "otp" as const, "mfa" as const] };
    const finished = decideInteraction(await input({ session: strong, user }));
    expect(finished).toMatchObject({ kind: "finish", login: { acr: "urn:portico:aal2" } });
  });

  it("a consumer's app sign-in is held only to what the app asks", async () => {
    const { session, user } = await t.signedIn("consumer@example.com");
    expect(await memberLevelFloor(t.deps, t.acme, user)).toBe(1);
    expect(decideInteraction(await input({ session, user }))).toMatchObject({
      kind: "finish",
      login: { acr: "urn:portico:aal1" },
    });
  });

  it("a member's claims name the organisation and their role; a consumer's do not", async () => {
    const { user, organisation } = await initechMember("bob@initech.test");
    expect(await organisationClaims(t.deps, t.acme, user)).toEqual({
      org_id: organisation.id,
      org_name: "Initech",
      org_role: "org_admin",
    });
    const consumer = await t.user("carol@example.com");
    expect(await organisationClaims(t.deps, t.acme, consumer)).toEqual({});
  });
});
