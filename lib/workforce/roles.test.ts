import { describe, expect, it } from "vitest";
import { hasFreshStepUp, STAFF_POLICY, staffIdleDeadline } from "./policy";
import { canManageStaff, isStaffRole, roleOpensConsole, tenantsInConsole } from "./roles";

describe("staff roles", () => {
  it.each([
    ["owner", "admin", true],
    ["owner", "support", true],
    ["admin", "admin", true],
    ["admin", "support", true],
    ["support", "admin", false],
    ["support", "support", true],
    ["customer", "admin", false],
    ["customer", "support", false],
    ["", "support", false],
    ["OWNER", "admin", false],
  ] as const)("%s opens the %s console: %s", (role, console, expected) => {
    expect(roleOpensConsole(role, console)).toBe(expected);
  });

  it("only owners manage staff", () => {
    expect(["owner", "admin", "support", "x"].map(canManageStaff)).toEqual([true, false, false, false]);
  });

  it("recognises exactly the three roles", () => {
    expect(["owner", "admin", "support", "operator", "root"].map(isStaffRole)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it("lists the tenants a member's roles open in a console, sorted by slug", () => {
    const roles = [
      { role: "support", tenant: { slug: "globex" } },
      { role: "admin", tenant: { slug: "umbrella" } },
      { role: "owner", tenant: { slug: "acme" } },
    ];
    expect(tenantsInConsole(roles, "admin").map((r) => r.tenant.slug)).toEqual(["acme", "umbrella"]);
    expect(tenantsInConsole(roles, "support").map((r) => r.tenant.slug)).toEqual(["acme", "globex", "umbrella"]);
  });
});

describe("workforce session policy", () => {
  const now = new Date("2026-11-28T12:00:00.000Z");
  it("a step-up counts for exactly 5 minutes and never from the future", () => {
    expect(hasFreshStepUp(null, now)).toBe(false);
    expect(hasFreshStepUp(new Date(now.getTime() - 5 * 60_000), now)).toBe(true);
    expect(hasFreshStepUp(new Date(now.getTime() - 5 * 60_000 - 1), now)).toBe(false);
    expect(hasFreshStepUp(new Date(now.getTime() + 1_000), now)).toBe(false);
  });

  it("the idle deadline is 15 minutes after last use, never past the 8-hour limit", () => {
    expect(STAFF_POLICY.idleMinutes).toBe(15);
    expect(STAFF_POLICY.absoluteMinutes).toBe(480);
    const far = new Date(now.getTime() + 8 * 3_600_000);
    expect(staffIdleDeadline(now, far).getTime() - now.getTime()).toBe(15 * 60_000);
    const soon = new Date(now.getTime() + 60_000);
    expect(staffIdleDeadline(now, soon)).toEqual(soon);
  });
});
