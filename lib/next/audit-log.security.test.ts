import { describe, expect, it } from "vitest";
import { createUser, META } from "../../tests/support/test-db";
import { expectOk, testScenario } from "../../tests/scenario";
import { recordAudit } from "../audit/events";
import { exportAuditLog } from "../audit/export";
import { AUDIT_TYPES } from "../audit/catalog";
import { AUDIT_LOG_TYPES, auditLogPage, type TAuditLogFilter } from "../audit/log";
import { tenantDashboard } from "../workforce/dashboard";
import { parseAuditLogFilter } from "./audit-log-query";

const t = testScenario();

function filter(query: Record<string, string>): TAuditLogFilter {
  const parsed = parseAuditLogFilter(query);
  expectOk(parsed);
  return parsed.filter;
}

/** The same address has an account at both tenants; each tenant logs sign-ins for its own. */
async function seedBothTenants() {
  const ann = await createUser(t.db.store, t.acme, {
    email: "ann@example.test",
    password: "violet tractor snowfall lemon",
  });
  const annAtGlobex = await createUser(t.db.store, t.globex, {
    email: "ann@example.test",
    password: "violet tractor snowfall lemon",
  });
  const at = t.clock.now();
  await recordAudit(t.db.store, { tenantId: t.acme.id, userId: ann.id, type: "user.signed_in", meta: META, at });
  await recordAudit(t.db.store, {
    tenantId: t.globex.id,
    userId: annAtGlobex.id,
    type: "user.signed_in",
    meta: { ...META, ip: "192.0.2.99" },
    at,
  });
  await recordAudit(t.db.store, {
    tenantId: t.globex.id,
    userId: annAtGlobex.id,
    type: "user.sign_in_failed",
    meta: { ...META, ip: "192.0.2.99" },
    at,
  });
  return { ann, annAtGlobex };
}

describe("audit log tenant isolation", () => {
  it("acme's log, filtered or not, never shows a globex event, even for an address both tenants have", async () => {
    const { ann, annAtGlobex } = await seedBothTenants();
    const all = await auditLogPage(t.deps, t.acme, filter({}));
    expect(all.rows.length).toBeGreaterThan(0);
    expect(all.rows.every((r) => r.userId !== annAtGlobex.id && r.ip !== "192.0.2.99")).toBe(true);

    const byUser = await auditLogPage(t.deps, t.acme, filter({ user: "ann@example.test" }));
    expect(byUser.rows.map((r) => [r.type, r.userId, r.userEmail])).toEqual([
      ["user.signed_in", ann.id, "ann@example.test"],
    ]);

    expect((await auditLogPage(t.deps, t.acme, filter({ type: "user.sign_in_failed" }))).rows).toEqual([]);
    expect((await auditLogPage(t.deps, t.globex, filter({ type: "user.sign_in_failed" }))).rows).toHaveLength(1);
  });

  it("a cursor taken from another tenant's rows pages only through acme's own", async () => {
    await seedBothTenants();
    const globexRows = (await auditLogPage(t.deps, t.globex, filter({}))).rows;
    const cursor = `${globexRows[0]!.createdAt.getTime() + 1}_${globexRows[0]!.id}`;
    const paged = await auditLogPage(t.deps, t.acme, filter({ before: cursor }));
    expect(paged.rows.length).toBeGreaterThan(0);
    expect(paged.rows.every((r) => !globexRows.some((g) => g.id === r.id))).toBe(true);
  });

  it("the CSV export holds only acme's rows and is itself recorded with the staff member and filter", async () => {
    await seedBothTenants();
    const staff = await t.db.store.staff.create({ email: "sam@acme.example", name: "Sam Admin", at: t.clock.now() });
    const result = await exportAuditLog(t.deps, t.acme, filter({ user: "ANN@example.test" }), staff.id, META);
    expect(result.rows).toBe(1);
    expect(result.truncated).toBe(false);
    expect(result.csv).not.toContain("192.0.2.99");
    expect(result.csv.split("\r\n")[1]).toContain("user.signed_in,ann@example.test");

    const exported = await t.db.store.audit.list(t.acme.id, { type: "audit.exported" });
    expect(exported).toHaveLength(1);
    expect(exported[0]!.staffId).toBe(staff.id);
    expect(exported[0]!.data).toEqual({
      filter: { user: "ann@example.test", type: null, from: null, to: null },
      rows: 1,
      truncated: false,
    });
    expect(await t.db.store.audit.list(t.globex.id, { type: "audit.exported" })).toEqual([]);

    // The staff member's name labels their own events in the log.
    const log = await auditLogPage(t.deps, t.acme, filter({ type: "audit.exported" }));
    expect(log.rows[0]).toMatchObject({ staffId: staff.id, staffName: "Sam Admin" });
  });

  it("an address with no account here shows nothing (not every event)", async () => {
    await seedBothTenants();
    const page = await auditLogPage(t.deps, t.acme, filter({ user: "nobody@example.test" }));
    expect(page).toEqual({ rows: [], older: null, unknownUser: true });
    const staff = await t.db.store.staff.create({ email: "sam@acme.example", name: "Sam", at: t.clock.now() });
    expect((await exportAuditLog(t.deps, t.acme, filter({ user: "nobody@example.test" }), staff.id, META)).rows).toBe(
      0,
    );
  });

  it("the dashboard counts only the tenant's own events", async () => {
    await seedBothTenants();
    const acme = await tenantDashboard(t.deps, t.acme);
    expect(acme.series.find((s) => s.type === "user.signed_in")!.total).toBe(1);
    expect(acme.series.find((s) => s.type === "user.sign_in_failed")!.total).toBe(0);
    const globex = await tenantDashboard(t.deps, t.globex);
    expect(globex.series.find((s) => s.type === "user.sign_in_failed")!.counts.at(-1)).toBe(1);
  });
});

describe("audit log paging", () => {
  it("pages of 50 by an exact cursor, even when events share a timestamp, without gaps or repeats", async () => {
    const user = await createUser(t.db.store, t.acme, {
      email: "bob@example.test",
      password: "violet tractor snowfall lemon",
    });
    const at = t.clock.now();
    for (let i = 0; i < 120; i += 1) {
      await recordAudit(t.db.store, {
        tenantId: t.acme.id,
        userId: user.id,
        type: "user.sign_in_failed",
        at: new Date(at.getTime() - Math.floor(i / 7) * 1000),
      });
    }
    const seen: string[] = [];
    let query: Record<string, string> = { type: "user.sign_in_failed" };
    const sizes: number[] = [];
    for (;;) {
      const page = await auditLogPage(t.deps, t.acme, filter(query));
      sizes.push(page.rows.length);
      seen.push(...page.rows.map((r) => r.id));
      if (!page.older) break;
      query = { type: "user.sign_in_failed", before: `${page.older.createdAt.getTime()}_${page.older.id}` };
    }
    expect(sizes).toEqual([50, 50, 20]);
    expect(new Set(seen).size).toBe(120);
  });

  it("the date range is whole UTC days, the end day included", async () => {
    const user = await createUser(t.db.store, t.acme, {
      email: "cy@example.test",
      password: "violet tractor snowfall lemon",
    });
    for (const iso of [
      "2026-11-09T23:59:59.999Z",
      "2026-11-10T00:00:00.000Z",
      "2026-11-12T23:59:59.999Z",
      "2026-11-13T00:00:00.000Z",
    ]) {
      await recordAudit(t.db.store, {
        tenantId: t.acme.id,
        userId: user.id,
        type: "user.signed_in",
        at: new Date(iso),
      });
    }
    const page = await auditLogPage(
      t.deps,
      t.acme,
      filter({ user: "cy@example.test", from: "2026-11-10", to: "2026-11-12" }),
    );
    expect(page.rows.map((r) => r.createdAt.toISOString())).toEqual([
      "2026-11-12T23:59:59.999Z",
      "2026-11-10T00:00:00.000Z",
    ]);
  });

  it("an export is capped, keeps the newest rows in order and records that it was cut short", async () => {
    const user = await createUser(t.db.store, t.acme, {
      email: "dee@example.test",
      password: "violet tractor snowfall lemon",
    });
    const at = t.clock.now();
    for (let i = 0; i < 30; i += 1)
      await recordAudit(t.db.store, {
        tenantId: t.acme.id,
        userId: user.id,
        type: "user.sign_in_failed",
        at: new Date(at.getTime() - i * 1000),
      });
    const staff = await t.db.store.staff.create({ email: "sam@acme.example", name: "Sam", at });
    const capped = await exportAuditLog(t.deps, t.acme, filter({ type: "user.sign_in_failed" }), staff.id, META, {
      maxRows: 25,
      batch: 10,
    });
    expect(capped).toMatchObject({ rows: 25, truncated: true });
    const times = capped.csv
      .trim()
      .split("\r\n")
      .slice(1)
      .map((line) => line.split(",")[0]);
    expect(times[0]).toBe(at.toISOString());
    expect(times).toEqual([...times].sort().reverse());
    expect(new Set(times).size).toBe(25);
    t.clock.advance(1000);
    const whole = await exportAuditLog(t.deps, t.acme, filter({ type: "user.sign_in_failed" }), staff.id, META, {
      maxRows: 30,
      batch: 10,
    });
    expect(whole).toMatchObject({ rows: 30, truncated: false });
    const recorded = await t.db.store.audit.list(t.acme.id, { type: "audit.exported" });
    expect(recorded.map((e) => (e.fits && e.type === "audit.exported" ? e.data.truncated : null))).toEqual([
      false,
      true,
    ]);
  });
});

describe("the audit log and the one catalogue", () => {
  it("the audit log filters exactly the catalogue, staff events included (user.disabled, user.unlocked, tenant.policy_updated, staff.role_removed, step_up.policy_updated)", () => {
    expect([...AUDIT_LOG_TYPES]).toEqual([...AUDIT_TYPES]);
    for (const type of [
      "user.disabled",
      "user.unlocked",
      "user.enabled",
      "tenant.policy_updated",
      "tenant.branding_updated",
      "staff.role_removed",
      "staff.factors_reset",
      "step_up.policy_updated",
      "step_up.policy_removed",
      "session.revoked_by_staff",
      "recovery.assisted_started",
      "password_reset.started_by_staff",
    ]) {
      expect(parseAuditLogFilter({ type }).ok, type).toBe(true);
    }
    expect(parseAuditLogFilter({ type: "user.made_up" }).ok).toBe(false);
  });

  it("every catalogued event written at a tenant is found by filtering the log for its type, and only it", async () => {
    const at = t.clock.now();
    for (const type of AUDIT_TYPES) {
      // Rows as the store keeps them: this is about finding every type, not about each one's data.
      await t.db.store.audit.record({
        tenantId: t.acme.id,
        userId: null,
        type,
        ip: META.ip,
        userAgent: META.userAgent,
        data: {},
        staffId: null,
        reason: "catalogue check",
        at,
      });
    }
    for (const type of AUDIT_TYPES) {
      const parsed = parseAuditLogFilter({ type });
      expectOk(parsed, type);
      const page = await auditLogPage(t.deps, t.acme, parsed.filter);
      expect(
        page.rows.map((r) => r.type),
        type,
      ).toEqual([type]);
    }
  });
});
