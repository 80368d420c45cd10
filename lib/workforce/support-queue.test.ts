// The support queue reads the risk engine's blocks from the audit log: only events whose data
// still fits the catalogue count as evidence.
import { describe, expect, it } from "vitest";
import { testScenario } from "../../tests/scenario";
import { AUDIT } from "../audit/catalog";
import { supportQueue } from "./support-queue";

const t = testScenario();

describe("the support queue's risk blocks", () => {
  it("lists a blocked sign-in with its reasons, and skips a stored block whose data no longer fits", async () => {
    const blocked = await t.user("blocked@example.com");
    const misfit = await t.user("misfit@example.com");
    const assessed = (userId: string, data: Record<string, unknown>) =>
      t.db.store.audit.record({
        tenantId: t.acme.id,
        userId,
        type: AUDIT.signInRiskAssessed,
        ip: "203.0.113.9",
        data,
        at: t.clock.now(),
      });
    await assessed(blocked.id, { method: "password", decision: "block", reasons: ["new_device", "new_network"] });
    await assessed(misfit.id, { method: "password", decision: "block", reasons: "new_device" });

    const queue = await supportQueue(t.deps, t.acme);
    expect(queue.find((e) => e.user.id === blocked.id)).toMatchObject({
      kind: "risk_blocked",
      signals: ["new device", "new network", "from 203.0.113.9"],
    });
    expect(queue.some((e) => e.user.id === misfit.id)).toBe(false);
  });
});
