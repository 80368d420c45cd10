// Abuse cases of the admin console's settings: injection through branding, disguised uploads,
// saves without a fresh step-up, and an admin of one tenant reaching another.
import { describe, expect, it } from "vitest";
import { consoleAuthority } from "../../tests/support/staff";
import { PNG } from "../../tests/support/images";
import { auditTypes, META } from "../../tests/support/test-db";
import { expectOk, testScenario } from "../../tests/scenario";
import { removeActionPolicy, saveActionPolicy } from "./step-up-settings";
import { loadActionPolicy } from "../step-up/policies";
import { authorizeStaffAction } from "../workforce/console-gate";
import { validateStaffSession } from "../workforce/staff-sessions";
import { brandCss, brandTheme } from "./branding";
import { brandingFormOf, checkLogo, findTenantLogo, parseBranding, updateBranding } from "./branding-settings";
import { policyFormOf, updateTenantPolicy } from "./tenant-policy";

const t = testScenario();

const activeStaff = (email: string, role: "owner" | "admin" | "support", tenantSlug = "acme") =>
  t.staff(email, role, { tenantSlug });

describe("branding inputs cannot inject script or CSS", () => {
  const form = () => brandingFormOf(t.acme);

  it.each([
    "</style><script>alert(1)</script>",
    "red;}body{display:none",
    "javascript:alert(1)",
    "#c2410c;}body{display:none",
    "url(javascript:alert(1))",
    "#c2410c</style>",
    "expression(alert(1))",
  ])("refuses %j as a colour, primary, accent or text", (evil) => {
    for (const field of ["primaryColor", "brandTextColor", "accentColor"] as const) {
      const parsed = parseBranding({ ...form(), [field]: evil });
      expect(parsed.ok, field).toBe(false);
      if (!parsed.ok) expect(parsed.fields[field]).toEqual({ problem: "hex_colour" });
    }
  });

  it.each(["</style><script>alert(1)</script>", "<img src=x onerror=alert(1)>", "Acme\n<script>", "Acme\u2028line"])(
    "refuses %j as a name or tagline",
    (evil) => {
      for (const field of ["name", "tagline"] as const)
        expect(parseBranding({ ...form(), [field]: evil }).ok, field).toBe(false);
    },
  );

  it("javascript: in a text field stays plain text, and support email must be an address", () => {
    const parsed = parseBranding({ ...form(), tagline: "javascript:alert(1)", supportEmail: "javascript:alert(1)" });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.fields.supportEmail).toEqual({ problem: "email" });
      expect(parsed.fields.tagline).toBeUndefined();
    }
  });

  it("a stored colour that somehow bypassed validation never reaches the CSS", () => {
    const css = brandCss(
      brandTheme({
        primaryColor: "red;}body{display:none",
        brandTextColor: "</style><script>",
        accentColor: "javascript:x",
      }),
    );
    expect(css).toMatch(/^:root\{(--[a-z-]+:#[0-9a-f]{6};){4}\}$/);
  });
});

describe("logo uploads are raster images only", () => {
  it("refuses SVG, by type, by name and by content", () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect(checkLogo({ bytes: svg, declaredType: "image/svg+xml", fileName: "logo.svg" })).toEqual({
      ok: false,
      problem: "svg",
    });
    expect(checkLogo({ bytes: PNG, declaredType: "image/png", fileName: "logo.svg" })).toMatchObject({ ok: false });
    expect(checkLogo({ bytes: svg, declaredType: "image/png", fileName: "logo.png" })).toEqual({
      ok: false,
      problem: "not_an_image",
    });
  });

  it("refuses an HTML file named and typed as PNG", () => {
    const html = new TextEncoder().encode("<!doctype html><script>alert(document.cookie)</script>");
    expect(checkLogo({ bytes: html, declaredType: "image/png", fileName: "logo.png" })).toMatchObject({ ok: false });
    // Even with a PNG signature further in, only a leading signature counts.
    const padded = new Uint8Array([...new TextEncoder().encode("<html>"), ...PNG]);
    expect(checkLogo({ bytes: padded, declaredType: "image/png", fileName: "logo.png" }).ok).toBe(false);
  });
});

describe("settings saves need a fresh step-up, at the admin's own tenant", () => {
  it("a save with the gate's authority from a step-up older than 5 minutes is refused and changes nothing", async () => {
    const { token } = await activeStaff("sam@acme.example", "admin");
    const before = await t.db.store.tenants.findById(t.acme.id);
    t.clock.advance(5 * 60_000 + 1_000);
    // The gate still opens the console (role checked), but the authority it mints is stale.
    const authority = await consoleAuthority(t, token);
    const branding = await updateBranding(t.deps, {
      authority,
      branding: { ...brandingFormOf(t.acme), tagline: "Hijacked" },
      logo: null,
      meta: META,
    });
    expect(branding).toMatchObject({ ok: false, module: "step_up", code: "STAFF_REQUIRED" });
    const policy = await updateTenantPolicy(t.deps, {
      authority,
      form: { ...policyFormOf(t.acme), mfaPolicy: "off" },
      meta: META,
    });
    expect(policy).toMatchObject({ ok: false, module: "step_up", code: "STAFF_REQUIRED" });
    const row = {
      action: "profile.update",
      label: "Update your profile",
      minAal: "1",
      singleFactorAal: "1",
      maxAgeMinutes: "1440",
      methods: [],
    };
    expect(await saveActionPolicy(t.deps, { authority, mode: "update", form: row, meta: META })).toMatchObject({
      ok: false,
      module: "step_up",
      code: "STAFF_REQUIRED",
    });
    expect(await t.db.store.tenants.findById(t.acme.id)).toEqual(before);
    expect((await loadActionPolicy(t.db.store, t.acme.id, "profile.update"))?.maxAgeMinutes).toBe(30);
    expect(await auditTypes(t.db.store, t.acme.id)).not.toContain("tenant.branding_updated");
  });

  it("the console gate refuses once the step-up is older than 5 minutes", async () => {
    const { token } = await activeStaff("sam@acme.example", "admin");
    t.clock.advance(5 * 60_000 + 1_000);
    const auth = await validateStaffSession(t.deps, token);
    expect(await authorizeStaffAction(t.deps, auth, "admin", "acme")).toMatchObject({
      ok: false,
      module: "step_up",
      code: "STAFF_REQUIRED",
    });
    expect(await authorizeStaffAction(t.deps, null, "admin", "acme")).toMatchObject({
      ok: false,
      module: "staff",
      code: "SIGNED_OUT",
    });
  });

  it("an admin of acme cannot change globex, and support staff cannot change settings", async () => {
    const admin = await activeStaff("sam@acme.example", "admin");
    const adminAuth = await validateStaffSession(t.deps, admin.token);
    expect((await authorizeStaffAction(t.deps, adminAuth, "admin", "acme")).ok).toBe(true);
    const other = await authorizeStaffAction(t.deps, adminAuth, "admin", "globex");
    const missing = await authorizeStaffAction(t.deps, adminAuth, "admin", "no-such-tenant");
    expect(other).toMatchObject({ ok: false, module: "staff", code: "NOT_FOUND" });
    // The same answer as for a tenant that does not exist.
    expect(missing).toEqual(other);
    const support = await activeStaff("kim@acme.example", "support");
    expect(
      await authorizeStaffAction(t.deps, await validateStaffSession(t.deps, support.token), "admin", "acme"),
    ).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("a save records old→new values in the audit log, and a logo is stored and served by content", async () => {
    const { staff, token } = await activeStaff("sam@acme.example", "admin");
    const authority = await consoleAuthority(t, token);
    const checked = checkLogo({ bytes: PNG, declaredType: "image/png", fileName: "logo.png" });
    expectOk(checked);
    const result = await updateBranding(t.deps, {
      authority,
      branding: { ...brandingFormOf(t.acme), tagline: "New tagline" },
      logo: checked.logo,
      meta: META,
    });
    expectOk(result);
    expect(result.value.tagline).toBe("New tagline");
    expect(result.value.logoUrl).toBe(`/brand-assets/acme/logo?v=${checked.logo.sha256.slice(0, 16)}`);
    const [event] = await t.db.store.audit.list(t.acme.id, { limit: 1 });
    expect(event?.type).toBe("tenant.branding_updated");
    expect(event?.staffId).toBe(staff.id);
    expect(event?.data).toMatchObject({
      changed: {
        tagline: { from: "Everything you need, delivered tomorrow.", to: "New tagline" },
        logoUrl: { from: "/brand/acme.svg" },
      },
    });
    expect(await findTenantLogo(t.deps, "acme")).toMatchObject({
      contentType: "image/png",
      sha256: checked.logo.sha256,
    });
    expect(await findTenantLogo(t.deps, "globex")).toBeNull();
    expect(await findTenantLogo(t.deps, "../acme")).toBeNull();

    // Removing it goes back to the name alone: no URL, nothing stored, and the removal is audited.
    const removed = await updateBranding(t.deps, {
      authority,
      branding: brandingFormOf(result.value),
      logo: "remove",
      meta: META,
    });
    expectOk(removed);
    expect(removed.value.logoUrl).toBeNull();
    expect(removed.changed).toEqual({ logoUrl: { from: result.value.logoUrl, to: null } });
    expect(await findTenantLogo(t.deps, "acme")).toBeNull();
  });

  it("a policy save is audited field by field; built-in actions cannot be removed", async () => {
    const authority = await (await activeStaff("sam@acme.example", "admin")).authority();
    const result = await updateTenantPolicy(t.deps, {
      authority,
      form: { ...policyFormOf(t.acme), mfaPolicy: "required", aal2Idle: "30" },
      meta: META,
    });
    expectOk(result);
    expect(result.changed).toEqual({
      mfaPolicy: { from: "optional", to: "required" },
      aal2Idle: { from: "60", to: "30" },
    });
    expect(await auditTypes(t.db.store, t.acme.id)).toContain("tenant.policy_updated");
    expect(await removeActionPolicy(t.deps, { authority, action: "email.change", meta: META })).toMatchObject({
      ok: false,
      code: "BUILT_IN",
    });
    expect(await removeActionPolicy(t.deps, { authority, action: "payout.change", meta: META })).toEqual({ ok: true });
  });
});
