import { describe, expect, it } from "vitest";
import { isRecentlyRecovered, recoveryCooldownEndsAt } from "../risk/cool-down";
import { isOpen, recoveryAvailableAt, recoveryState } from "./recovery-state";

const NOW = new Date("2026-11-27T12:00:00.000Z");
const HOUR = 3_600_000;

describe("recovery request state machine", () => {
  it("a waiting request is 'waiting' before availableAt and 'ready' from availableAt on", () => {
    const availableAt = recoveryAvailableAt(NOW, 72);
    expect(availableAt.getTime() - NOW.getTime()).toBe(72 * HOUR);
    expect(recoveryState({ status: "waiting", availableAt }, NOW)).toBe("waiting");
    expect(recoveryState({ status: "waiting", availableAt }, new Date(availableAt.getTime() - 1))).toBe("waiting");
    expect(recoveryState({ status: "waiting", availableAt }, availableAt)).toBe("ready");
  });

  it("cancelled and completed are final, whatever the time", () => {
    const availableAt = recoveryAvailableAt(NOW, 72);
    for (const at of [NOW, new Date(availableAt.getTime() + HOUR)]) {
      expect(recoveryState({ status: "cancelled", availableAt }, at)).toBe("cancelled");
      expect(recoveryState({ status: "completed", availableAt }, at)).toBe("completed");
    }
    expect(isOpen("waiting")).toBe(true);
    expect(isOpen("ready")).toBe(true);
    expect(isOpen("cancelled")).toBe(false);
    expect(isOpen("completed")).toBe(false);
  });

  it("a tenant's wait of 0 or less still waits at least one hour", () => {
    expect(recoveryAvailableAt(NOW, 0).getTime() - NOW.getTime()).toBe(HOUR);
  });
});

describe("isRecentlyRecovered", () => {
  const tenant = { recoveryCooldownHours: 24 };
  it("is true from the recovery until the cool-down ends, false before any recovery and after", () => {
    expect(isRecentlyRecovered({ recoveredAt: null }, tenant, NOW)).toBe(false);
    const user = { recoveredAt: NOW };
    expect(isRecentlyRecovered(user, tenant, NOW)).toBe(true);
    expect(isRecentlyRecovered(user, tenant, new Date(NOW.getTime() + 24 * HOUR - 1))).toBe(true);
    expect(isRecentlyRecovered(user, tenant, new Date(NOW.getTime() + 24 * HOUR))).toBe(false);
    expect(recoveryCooldownEndsAt(user, tenant, NOW)).toEqual(new Date(NOW.getTime() + 24 * HOUR));
    expect(isRecentlyRecovered(user, { recoveryCooldownHours: 0 }, NOW)).toBe(false);
  });
});
