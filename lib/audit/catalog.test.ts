import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestContext, META, type TTestContext } from "../../tests/support/test-db";
import { auditLogPage, AUDIT_LOG_TYPES, parseAuditLogFilter } from "../workforce/audit-log";
import { recordStaffAudit } from "../workforce/audit";
import { AUDIT, AUDIT_TYPES, auditEventSpec } from "./catalog";

let t: TTestContext;
beforeEach(async () => {
  t = await createTestContext();
});
afterEach(async () => {
  await t.db.close();
});

describe("the audit catalogue", () => {
  it("declares every event type once, named noun.past_verb", () => {
    const types = Object.values(AUDIT);
    expect(new Set(types).size).toBe(types.length);
    expect(AUDIT_TYPES).toHaveLength(types.length);
    for (const type of types) expect(type).toMatch(/^[a-z_]+\.[a-z_]+$/);
  });

  it("the audit log filters exactly the catalogue, staff events included (user.disabled, user.unlocked, tenant.policy_updated, staff.role_removed, step_up.policy_updated)", () => {
    expect([...AUDIT_LOG_TYPES]).toEqual([...AUDIT_TYPES]);
    for (const type of ["user.disabled", "user.unlocked", "user.enabled", "tenant.policy_updated", "tenant.branding_updated", "staff.role_removed", "staff.factors_reset", "step_up.policy_updated", "step_up.policy_removed", "session.revoked_by_staff", "recovery.assisted_started", "password_reset.started_by_staff"]) {
      expect(parseAuditLogFilter({ type }).ok, type).toBe(true);
    }
    expect(parseAuditLogFilter({ type: "user.made_up" }).ok).toBe(false);
  });

  it("every catalogued event written at a tenant is found by filtering the log for its type, and only it", async () => {
    const at = t.clock.now();
    for (const type of AUDIT_TYPES) {
      await recordStaffAudit(t.db.store, { staffId: null, tenantId: t.acme.id, type, reason: "catalogue check", meta: META, data: { type }, at });
    }
    for (const type of AUDIT_TYPES) {
      const parsed = parseAuditLogFilter({ type });
      if (!parsed.ok) throw new Error(`${type}: ${parsed.message}`);
      const page = await auditLogPage(t.deps, t.acme, parsed.filter);
      expect(page.rows.map((r) => r.type), type).toEqual([type]);
    }
  });

  it("an event that requires a written reason cannot be recorded without one", async () => {
    expect(auditEventSpec(AUDIT.userUnlocked).reasonRequired).toBe(true);
    await expect(async () => recordStaffAudit(t.db.store, { staffId: null, tenantId: t.acme.id, type: AUDIT.userDisabled, reason: "  ", at: t.clock.now() })).rejects.toThrow(/needs a reason/);
    expect(await t.db.store.audit.list(t.acme.id, { type: AUDIT.userDisabled })).toEqual([]);
  });
});
