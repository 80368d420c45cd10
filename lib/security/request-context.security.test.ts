import { describe, expect, it } from "vitest";
import {
  currentRequestPeer,
  isLoopbackAddress,
  noteActionReached,
  noteMalformedRequest,
  withRequestContext,
} from "./request-context";

describe("the request's TCP peer and outcome travel beside the request, not in its headers", () => {
  it("gives code running for a request the peer its server saw, and nothing outside a request", async () => {
    let seen: (string | null)[] = [];
    await new Promise<void>((resolve) => {
      withRequestContext("192.0.2.7", () => {
        seen.push(currentRequestPeer());
        void Promise.resolve().then(() => {
          seen.push(currentRequestPeer());
          resolve();
        });
      });
    });
    expect(seen).toEqual(["192.0.2.7", "192.0.2.7"]);
    seen = [currentRequestPeer()];
    expect(seen).toEqual([null]);
  });

  it("records that an action was reached, or was handed malformed input, on its own request only", () => {
    const reached = withRequestContext("127.0.0.1", () => noteActionReached());
    const malformed = withRequestContext("127.0.0.1", () => noteMalformedRequest());
    const neither = withRequestContext("127.0.0.1", () => undefined);
    expect([reached.actionReached, reached.malformed]).toEqual([true, false]);
    expect([malformed.actionReached, malformed.malformed]).toEqual([false, true]);
    expect([neither.actionReached, neither.malformed]).toEqual([false, false]);
    noteMalformedRequest(); // outside a request: nothing to note, nothing thrown
  });

  it("counts only 127.0.0.0/8 and ::1 (also IPv4-mapped) as loopback", () => {
    for (const address of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"])
      expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of [
      "192.0.2.2",
      "::ffff:192.0.2.2",
      "fd00::2",
      "10.0.0.1",
      "127.0.0.1.evil",
      "",
      null,
      "localhost",
    ]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false);
    }
  });
});
