import { describe, expect, it } from "vitest";
import { META } from "../../tests/support/test-db";
import { PASSWORD, testScenario } from "../../tests/scenario";
import { currentAssurance } from "../oidc/current-assurance";
import { appSignInAction, loadActionPolicy } from "./policies";
import { checkFreshProof, checkStepUp } from "./step-up";
import { stepUpWithPassword } from "./verify";

const t = testScenario();

describe("the step-up an app's sign-in asks for", () => {
  it("is a fixed level a tenant cannot redefine: a stored policy of the same name is ignored", async () => {
    await t.db.store.stepUpPolicies.save(
      t.acme.id,
      {
        action: appSignInAction(2),
        label: "Weakened",
        minAal: 1,
        singleFactorAal: 1,
        maxAgeMinutes: 600,
        methods: [],
        singleUse: false,
        builtIn: false,
      },
      t.clock.now(),
    );
    expect(await loadActionPolicy(t.db.store, t.acme.id, appSignInAction(2))).toMatchObject({
      minAal: 2,
      singleFactorAal: null,
      maxAgeMinutes: 5,
    });
  });

  it("a password-only account cannot reach AAL2: no method is offered, and a password does not raise the level", async () => {
    const auth = await t.signedIn("pwd-only@example.com");
    expect(await checkStepUp(t.deps, t.acme, auth, appSignInAction(2), META)).toMatchObject({
      ok: false,
      code: "NO_METHOD",
    });
    const tried = await stepUpWithPassword(t.deps, t.acme, auth, appSignInAction(2), PASSWORD, META);
    expect(tried.ok).toBe(false);
    expect((await currentAssurance(t.db.store, t.acme.id, auth, t.clock.now())).aal).toBe(1);
  });

  it("a fresh proof is asked for even when the session covers the level, and moves auth_time once given", async () => {
    const auth = await t.signedIn("reauth@example.com");
    expect((await checkStepUp(t.deps, t.acme, auth, appSignInAction(1), META)).ok).toBe(true);
    expect(await checkFreshProof(t.deps, t.acme, auth, appSignInAction(1), META)).toMatchObject({
      ok: false,
      code: "REQUIRED",
      params: { requiredAal: 1, methods: ["password"] },
    });
    const before = await currentAssurance(t.db.store, t.acme.id, auth, t.clock.now());
    t.clock.advance(90_000);
    const proved = await stepUpWithPassword(t.deps, t.acme, auth, appSignInAction(1), PASSWORD, META);
    expect(proved.ok).toBe(true);
    if (!proved.ok) return;
    const after = await currentAssurance(t.db.store, t.acme.id, { ...auth, session: proved.session }, t.clock.now());
    expect(after.authTime).toBe(before.authTime + 90);
    expect(after.acr).toBe("urn:portico:aal1");
  });
});
