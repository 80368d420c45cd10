import { describe, expect, it } from "vitest";
import { testScenario } from "../../tests/scenario";
import { AUDIT, AUDIT_TYPES, auditEventSpec, parseAuditData } from "./catalog";
import { recordAudit, recordStaffAudit } from "./events";

const t = testScenario();

describe("the audit catalogue", () => {
  it("declares every event type once, named noun.past_verb", () => {
    const types = Object.values(AUDIT);
    expect(new Set(types).size).toBe(types.length);
    expect(AUDIT_TYPES).toHaveLength(types.length);
    for (const type of types) expect(type).toMatch(/^[a-z_]+\.[a-z_]+$/);
  });

  it("an event that requires a written reason cannot be recorded without one", async () => {
    expect(auditEventSpec(AUDIT.userUnlocked).reasonRequired).toBe(true);
    await expect(async () =>
      recordStaffAudit(t.db.store, {
        staffId: null,
        tenantId: t.acme.id,
        type: AUDIT.userDisabled,
        reason: "  ",
        at: t.clock.now(),
      }),
    ).rejects.toThrow(/needs a reason/);
    expect(await t.db.store.audit.list(t.acme.id, { type: AUDIT.userDisabled })).toEqual([]);
  });

  it("checks each event's data against its schema: a wrong or unknown field is refused, a fitting one is stored as given", () => {
    expect(parseAuditData(AUDIT.passwordChanged, { endedSessions: 2 })).toEqual({ endedSessions: 2 });
    expect(() => parseAuditData(AUDIT.passwordChanged, { endedSessions: "2" })).toThrow(
      /password.changed has data that does not fit/,
    );
    expect(() => parseAuditData(AUDIT.passwordChanged, {})).toThrow(/endedSessions/);
    expect(() => parseAuditData(AUDIT.passwordChanged, { endedSessions: 2, password: "hunter2" })).toThrow(/password/);
    expect(() => parseAuditData(AUDIT.userSignedUp, { anything: true })).toThrow();
    expect(
      parseAuditData(AUDIT.tenantPolicyUpdated, { changed: { mfaPolicy: { from: "optional", to: "required" } } }),
    ).toEqual({ changed: { mfaPolicy: { from: "optional", to: "required" } } });
  });

  it("an event whose data does not fit rolls back the change it was written with", async () => {
    const user = await t.db.store.users.create({
      tenantId: t.acme.id,
      email: "audit-data@example.com",
      displayName: null,
      at: t.clock.now(),
    });
    const misfit = { endedSessions: 1, note: "not in the catalogue" } as unknown as { endedSessions: number };
    await expect(
      t.db.store.transaction(async (tx) => {
        await tx.users.markEmailVerified(t.acme.id, user.id, user.email, t.clock.now());
        await recordAudit(tx, {
          tenantId: t.acme.id,
          userId: user.id,
          type: AUDIT.passwordChanged,
          data: misfit,
          at: t.clock.now(),
        });
      }),
    ).rejects.toThrow(/does not fit/);
    expect((await t.db.store.users.findById(t.acme.id, user.id))?.emailVerifiedAt).toBeNull();
    expect(await t.db.store.audit.list(t.acme.id, { userId: user.id })).toEqual([]);
  });
});
