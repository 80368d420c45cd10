import { describe, expect, it } from "vitest";
import { META } from "../../tests/support/test-db";
import { testScenario } from "../../tests/scenario";
import { AUDIT, type TAuditType } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import { createOidcClient } from "../oidc/clients";
import { dashboardFromCounts, dashboardWindow, describeSeries, tenantDashboard } from "./dashboard";

// The test clock starts at 2026-11-27T12:00:00Z.
const NOW = new Date("2026-11-27T12:00:00.000Z");
const at = (iso: string) => new Date(iso);

const t = testScenario();

async function seed(events: ReadonlyArray<{ type: TAuditType; createdAt: Date }>) {
  for (const event of events) {
    await t.db.store.audit.record({
      tenantId: t.acme.id,
      userId: null,
      type: event.type,
      ip: META.ip,
      userAgent: META.userAgent,
      data: {},
      staffId: null,
      reason: null,
      at: event.createdAt,
    });
  }
}

describe("dashboard day buckets", () => {
  it("the window is the last 30 UTC days, today included, starting at midnight", () => {
    const { since, days } = dashboardWindow(NOW);
    expect(days).toHaveLength(30);
    expect(days[0]).toBe("2026-10-29");
    expect(days.at(-1)).toBe("2026-11-27");
    expect(since.toISOString()).toBe("2026-10-29T00:00:00.000Z");
    // Just after midnight UTC a new day starts, whatever the server's time zone.
    expect(dashboardWindow(new Date("2026-11-28T00:00:00.001Z")).days.at(-1)).toBe("2026-11-28");
  });

  it("days without events are zeros, so every series has 30 points", async () => {
    const dashboard = await tenantDashboard(t.deps, t.acme);
    for (const series of dashboard.series) {
      expect(series.counts).toEqual(new Array(30).fill(0));
      expect(series.total).toBe(0);
      expect(series.peak).toBeNull();
    }
    expect(dashboard.series.map((s) => s.label)).toEqual([
      "Sign-ups",
      "Sign-ins",
      "Failed sign-ins",
      "Lockouts",
      "Step-ups",
    ]);
  });

  it("counts per type and UTC day in the database, finds the peak, and ignores other types", async () => {
    await seed([
      { type: "user.signed_in" as const, createdAt: at("2026-11-27T00:00:00.000Z") },
      { type: "user.signed_in" as const, createdAt: at("2026-11-27T11:59:59.999Z") },
      { type: "user.signed_in" as const, createdAt: at("2026-11-26T23:59:59.999Z") },
      ...Array.from({ length: 40 }, (_, i) => ({
        type: "user.sign_in_failed" as const,
        createdAt: at(`2026-11-20T10:${String(i).padStart(2, "0")}:00.000Z`),
      })),
      { type: "user.sign_in_failed" as const, createdAt: at("2026-11-21T10:00:00.000Z") },
      { type: "session.revoked" as const, createdAt: at("2026-11-27T10:00:00.000Z") },
    ]);
    const dashboard = await tenantDashboard(t.deps, t.acme);
    const signIns = dashboard.series.find((s) => s.type === "user.signed_in")!;
    expect(signIns.counts.at(-1)).toBe(2);
    expect(signIns.counts.at(-2)).toBe(1);
    expect(signIns.total).toBe(3);
    expect(signIns.peak).toEqual({ day: "2026-11-27", count: 2 });
    const failed = dashboard.series.find((s) => s.type === "user.sign_in_failed")!;
    expect(failed.counts[dashboard.days.indexOf("2026-11-20")]).toBe(40);
    expect(failed.total).toBe(41);
    expect(failed.peak).toEqual({ day: "2026-11-20", count: 40 });
    expect(describeSeries(failed)).toBe("Failed sign-ins: 41 in the last 30 days, most on 2026-11-20 (40).");
    expect(describeSeries(dashboard.series.find((s) => s.type === "user.locked")!)).toBe(
      "Lockouts: 0 in the last 30 days.",
    );
  });

  it("the window's edges: the first midnight counts, a millisecond before it and anything after today do not", async () => {
    await seed([
      { type: "user.signed_up" as const, createdAt: at("2026-10-29T00:00:00.000Z") },
      { type: "user.signed_up" as const, createdAt: at("2026-10-28T23:59:59.999Z") },
      { type: "user.signed_up" as const, createdAt: at("2026-11-28T00:00:00.000Z") },
    ]);
    const signUps = (await tenantDashboard(t.deps, t.acme)).series.find((s) => s.type === "user.signed_up")!;
    expect(signUps.counts[0]).toBe(1);
    expect(signUps.total).toBe(1);
  });

  it("the series are built from per-day counts: the latest of equal days is the peak", () => {
    const window = dashboardWindow(NOW, 3);
    const dashboard = dashboardFromCounts(window, [
      [{ type: "user.locked", count: 2 }],
      [],
      [
        { type: "user.locked", count: 2 },
        { type: "other", count: 9 },
      ],
    ]);
    const locked = dashboard.series.find((s) => s.type === "user.locked")!;
    expect(locked.counts).toEqual([2, 0, 2]);
    expect(locked.peak).toEqual({ day: window.days[2], count: 2 });
  });
});

describe("sign-ins by app", () => {
  async function app(tenantSlug: "acme" | "globex", name: string) {
    const created = await createOidcClient(
      t.deps,
      { tenantSlug, name, type: "confidential", redirectUris: ["https://shop.example/cb"], by: "operator" },
      META,
    );
    if (!created.ok) throw new Error("not registered");
    return created.value.client;
  }
  async function signedInTo(tenantId: string, clientId: string, at: Date) {
    await recordAudit(t.db.store, { tenantId, type: AUDIT.appSignedIn, data: { clientId }, at });
  }

  it("counts each registered app's sign-ins over the window, lists apps without one as 0, and counts only the tenant's own", async () => {
    const shop = await app("acme", "Shop");
    const blog = await app("acme", "Blog");
    const portal = await app("globex", "Portal");
    await signedInTo(t.acme.id, shop.clientId, at("2026-11-27T11:00:00.000Z"));
    await signedInTo(t.acme.id, shop.clientId, at("2026-10-29T00:00:00.000Z"));
    // Before the window, after today, and another tenant's: not counted.
    await signedInTo(t.acme.id, shop.clientId, at("2026-10-28T23:59:59.999Z"));
    await signedInTo(t.acme.id, shop.clientId, at("2026-11-28T00:00:00.000Z"));
    await signedInTo(t.globex.id, portal.clientId, at("2026-11-27T11:00:00.000Z"));
    // An event naming another tenant's app does not show at acme.
    await signedInTo(t.acme.id, portal.clientId, at("2026-11-27T11:00:00.000Z"));
    expect((await tenantDashboard(t.deps, t.acme)).appSignIns).toEqual([
      { clientId: shop.clientId, name: "Shop", count: 2 },
      { clientId: blog.clientId, name: "Blog", count: 0 },
    ]);
    expect((await tenantDashboard(t.deps, t.globex)).appSignIns).toEqual([
      { clientId: portal.clientId, name: "Portal", count: 1 },
    ]);
  });
});
