import { beforeEach, describe, expect, it } from "vitest";
import { actingStaff, consoleAuthority } from "../../tests/support/staff";
import { META } from "../../tests/support/test-db";
import { okValue, testScenario, type TScenarioStaff } from "../../tests/scenario";
import { hashToken } from "../security/tokens";
import { openConsole } from "../workforce/console-gate";
import { validateStaffSession } from "../workforce/staff-sessions";
import { clientMetadata } from "./adapter";
import {
  findApp,
  listApps,
  listSigningKeys,
  registerApp,
  removeApp,
  rotateAppSecret,
  rotateKeys,
  updateApp,
  type TAppForm,
} from "./console";

const t = testScenario();
const REASON = "The secret was pasted into a public ticket by mistake.";
let olive: TScenarioStaff;
let gina: TScenarioStaff;
const acmeAdmin = () => actingStaff(t, olive);
const globexAdmin = () => actingStaff(t, gina, "globex");

const FORM: TAppForm = {
  name: "Shop",
  type: "confidential",
  redirectUris: "https://shop.example/cb\nhttps://shop.example/cb2",
  postLogoutRedirectUris: "https://shop.example/",
  backchannelLogoutUri: "https://shop.example/logout",
  scopes: ["openid", "email"],
  firstParty: true,
  minAal: "2",
  accessTokenTtlMinutes: "15",
};

beforeEach(async () => {
  olive = await t.staff("olive@acme.example", "admin", { name: "Olive" });
  gina = await t.staff("gina@globex.example", "owner", { tenantSlug: "globex", name: "Gina" });
});

describe("the admin console's apps", () => {
  it("registers an app with every field of its form, shows the secret once and stores only its hash; the audit row holds no secret", async () => {
    const { app, clientSecret } = okValue(await registerApp(t.deps, await acmeAdmin(), FORM)).value;
    expect(clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(app).toMatchObject({
      name: "Shop",
      type: "confidential",
      redirectUris: ["https://shop.example/cb", "https://shop.example/cb2"],
      postLogoutRedirectUris: ["https://shop.example/"],
      backchannelLogoutUri: "https://shop.example/logout",
      scopes: ["openid", "email"],
      firstParty: true,
      minAal: 2,
      accessTokenTtlSeconds: 900,
      hasSecret: true,
    });
    expect(JSON.stringify(app)).not.toContain(hashToken(clientSecret ?? ""));
    const stored = await t.db.store.oidcClients.find(t.acme.id, app.clientId);
    expect(stored?.secretHash).toBe(hashToken(clientSecret ?? ""));
    // The page's listing never carries the secret or its hash.
    const listed = await listApps(t.deps, t.acme);
    expect(listed.map((a) => a.clientId)).toEqual([app.clientId]);
    expect(JSON.stringify(listed)).not.toContain(clientSecret);
    expect(JSON.stringify(listed)).not.toContain(stored?.secretHash);
    const [event] = await t.db.store.audit.list(t.acme.id, { type: "oidc.client_created" });
    expect(event).toMatchObject({ staffId: olive.staff.id });
    expect(JSON.stringify(event)).not.toContain(clientSecret);
    // A public app has no secret.
    const spa = okValue(
      await registerApp(t.deps, await acmeAdmin(), { ...FORM, type: "public", backchannelLogoutUri: "" }),
    ).value;
    expect(spa.clientSecret).toBeNull();
    expect(spa.app.hasSecret).toBe(false);
  });

  it("refuses bad input field by field with a 4xx outcome and writes nothing", async () => {
    const by = await acmeAdmin();
    const cases: Array<[Partial<TAppForm>, string]> = [
      [{ name: " " }, "name"],
      [{ type: "root" }, "type"],
      [{ redirectUris: "" }, "redirect_uris"],
      [{ redirectUris: "http://shop.example/cb" }, "redirect_uris"],
      [{ postLogoutRedirectUris: "https://shop.example/#x" }, "post_logout_redirect_uris"],
      [{ backchannelLogoutUri: "not a url" }, "backchannel_logout_uri"],
      [{ scopes: ["openid", "admin"] }, "scopes"],
      [{ minAal: "4" }, "min_aal"],
      [{ accessTokenTtlMinutes: "0" }, "access_token_ttl"],
      [{ accessTokenTtlMinutes: "1441" }, "access_token_ttl"],
      [{ accessTokenTtlMinutes: "ten" }, "access_token_ttl"],
    ];
    for (const [change, field] of cases) {
      const result = await registerApp(t.deps, by, { ...FORM, ...change });
      expect(result, field).toMatchObject({ ok: false, code: "INVALID_CLIENT", status: 400, params: { field } });
    }
    expect(await t.db.store.oidcClients.list(t.acme.id)).toEqual([]);
  });

  it("edits an app and the provider's view of it changes at once; the change is audited old → new", async () => {
    const { app } = okValue(await registerApp(t.deps, await acmeAdmin(), FORM)).value;
    const edited = okValue(
      await updateApp(t.deps, await acmeAdmin(), app.clientId, {
        ...FORM,
        name: "Acme Shop",
        redirectUris: "https://shop.example/new-cb",
        firstParty: false,
        minAal: "1",
        accessTokenTtlMinutes: "5",
      }),
    );
    expect(Object.keys(edited.changed).sort()).toEqual(
      ["accessTokenTtlSeconds", "firstParty", "minAal", "name", "redirectUris"].sort(),
    );
    // What the provider's adapter hands over on its next lookup (it reads clients on every request).
    const stored = await t.db.store.oidcClients.find(t.acme.id, app.clientId);
    expect(stored && clientMetadata(stored)).toMatchObject({
      client_name: "Acme Shop",
      redirect_uris: ["https://shop.example/new-cb"],
      portico_first_party: false,
      portico_min_aal: 1,
      portico_access_token_ttl: 300,
    });
    const [event] = await t.db.store.audit.list(t.acme.id, { type: "oidc.client_updated" });
    expect(event?.data).toMatchObject({ clientId: app.clientId, changed: { name: { from: "Shop", to: "Acme Shop" } } });
    // Saving the same values again changes nothing and writes no row.
    const again = okValue(
      await updateApp(t.deps, await acmeAdmin(), app.clientId, {
        ...FORM,
        name: "Acme Shop",
        redirectUris: "https://shop.example/new-cb",
        firstParty: false,
        minAal: "1",
        accessTokenTtlMinutes: "5",
      }),
    );
    expect(again.changed).toEqual({});
    expect(await t.db.store.audit.list(t.acme.id, { type: "oidc.client_updated" })).toHaveLength(1);
  });

  it("rotates a secret: the new one is shown once, only its hash is stored, the old hash is gone, and a reason is required and audited", async () => {
    const { app, clientSecret: first } = okValue(await registerApp(t.deps, await acmeAdmin(), FORM)).value;
    expect(await rotateAppSecret(t.deps, await acmeAdmin(), { clientId: app.clientId, reason: "short" })).toMatchObject(
      { ok: false, code: "REASON_INVALID" },
    );
    const { clientSecret: second } = okValue(
      await rotateAppSecret(t.deps, await acmeAdmin(), { clientId: app.clientId, reason: REASON }),
    ).value;
    expect(second).not.toBe(first);
    const stored = await t.db.store.oidcClients.find(t.acme.id, app.clientId);
    expect(stored?.secretHash).toBe(hashToken(second));
    expect(stored?.secretHash).not.toBe(hashToken(first ?? ""));
    const [event] = await t.db.store.audit.list(t.acme.id, { type: "oidc.client_secret_rotated" });
    expect(event).toMatchObject({ reason: REASON, staffId: olive.staff.id, data: { clientId: app.clientId } });
    expect(JSON.stringify(event)).not.toContain(second);
    // A public app has no secret to rotate.
    const spa = okValue(await registerApp(t.deps, await acmeAdmin(), { ...FORM, type: "public" })).value.app;
    expect(await rotateAppSecret(t.deps, await acmeAdmin(), { clientId: spa.clientId, reason: REASON })).toMatchObject({
      ok: false,
      code: "NO_SECRET",
    });
  });

  it("removes an app with a reason, audited; the provider no longer finds it", async () => {
    const { app } = okValue(await registerApp(t.deps, await acmeAdmin(), FORM)).value;
    expect(await removeApp(t.deps, await acmeAdmin(), { clientId: app.clientId, reason: "" })).toMatchObject({
      ok: false,
      code: "REASON_INVALID",
    });
    okValue(await removeApp(t.deps, await acmeAdmin(), { clientId: app.clientId, reason: REASON }));
    expect(await t.db.store.oidcClients.find(t.acme.id, app.clientId)).toBeNull();
    const [event] = await t.db.store.audit.list(t.acme.id, { type: "oidc.client_removed" });
    expect(event).toMatchObject({ reason: REASON, data: { clientId: app.clientId, name: "Shop" } });
    expect(await removeApp(t.deps, await acmeAdmin(), { clientId: app.clientId, reason: REASON })).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
      status: 404,
    });
  });

  it("an admin of another tenant can neither read nor change nor remove an app, even knowing its client id", async () => {
    const { app, clientSecret } = okValue(await registerApp(t.deps, await acmeAdmin(), FORM)).value;
    const by = await globexAdmin();
    expect(await findApp(t.deps, t.globex, app.clientId)).toBeNull();
    expect(await listApps(t.deps, t.globex)).toEqual([]);
    expect(await updateApp(t.deps, by, app.clientId, { ...FORM, name: "Hijacked" })).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
    expect(await rotateAppSecret(t.deps, by, { clientId: app.clientId, reason: REASON })).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
    expect(await removeApp(t.deps, by, { clientId: app.clientId, reason: REASON })).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
    const stored = await t.db.store.oidcClients.find(t.acme.id, app.clientId);
    expect(stored).toMatchObject({ name: "Shop", secretHash: hashToken(clientSecret ?? "") });
    expect(await t.db.store.audit.list(t.globex.id, { type: "oidc.client_updated" })).toEqual([]);
  });

  it("every change needs a fresh step-up: with a step-up older than the window nothing is written", async () => {
    const { app, clientSecret } = okValue(await registerApp(t.deps, await acmeAdmin(), FORM)).value;
    t.clock.advance(5 * 60_000 + 1_000);
    const stale = { authority: await consoleAuthority(t, olive.token), meta: META };
    const refused = { ok: false, module: "step_up", code: "STAFF_REQUIRED" };
    expect(await registerApp(t.deps, stale, FORM)).toMatchObject(refused);
    expect(await updateApp(t.deps, stale, app.clientId, { ...FORM, name: "Changed" })).toMatchObject(refused);
    expect(await rotateAppSecret(t.deps, stale, { clientId: app.clientId, reason: REASON })).toMatchObject(refused);
    expect(await removeApp(t.deps, stale, { clientId: app.clientId, reason: REASON })).toMatchObject(refused);
    expect(await rotateKeys(t.deps, stale, { reason: REASON })).toMatchObject(refused);
    const stored = await t.db.store.oidcClients.find(t.acme.id, app.clientId);
    expect(stored).toMatchObject({ name: "Shop", secretHash: hashToken(clientSecret ?? "") });
    expect(await t.db.store.oidcClients.list(t.acme.id)).toHaveLength(1);
  });

  it("only owners and admins open the apps page: a support member's role does not open the admin console", async () => {
    const sid = await t.staff("sid@acme.example", "support");
    const opened = await openConsole(t.deps, await validateStaffSession(t.deps, sid.token), "admin", "acme");
    expect(opened).toMatchObject({ ok: false });
    // An admin of globex is refused acme's console.
    const other = await openConsole(t.deps, await validateStaffSession(t.deps, gina.token), "admin", "acme");
    expect(other).toMatchObject({ ok: false });
  });

  it("rotates the signing keys with a reason: new keys sign, the old ones are listed as verifying until their window ends", async () => {
    const by = await acmeAdmin();
    const before = await listSigningKeys(t.deps, t.acme);
    expect(before).toEqual([]);
    expect(await rotateKeys(t.deps, by, { reason: "x" })).toMatchObject({ ok: false, code: "REASON_INVALID" });
    const rotated = okValue(await rotateKeys(t.deps, by, { reason: REASON })).value;
    expect(rotated.retired).toHaveLength(2);
    expect(rotated.created).toHaveLength(2);
    const keys = await listSigningKeys(t.deps, t.acme);
    expect(
      keys
        .filter((k) => !k.retiredAt)
        .map((k) => k.kid)
        .sort(),
    ).toEqual([...rotated.created].sort());
    expect(
      keys
        .filter((k) => k.retiredAt)
        .map((k) => k.kid)
        .sort(),
    ).toEqual([...rotated.retired].sort());
    const [event] = await t.db.store.audit.list(t.acme.id, { type: "oidc.signing_keys_rotated" });
    expect(event).toMatchObject({ reason: REASON, staffId: olive.staff.id, data: rotated });
    expect(JSON.stringify(event)).not.toMatch(/"d"/);
  });
});
