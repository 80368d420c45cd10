import { describe, expect, it } from "vitest";
import type { TUser } from "../identity/types";
import { userState } from "./tenant-users";

const now = new Date("2026-11-28T12:00:00.000Z");
const base = { status: "active", lockedUntil: null, emailVerifiedAt: now } as Pick<
  TUser,
  "status" | "lockedUntil" | "emailVerifiedAt"
>;
const state = (over: Partial<typeof base>) => userState({ ...base, ...over } as TUser, now);

describe("account state as staff see it", () => {
  it("tells a permanent lock, a running temporary lock and an ended one apart", () => {
    expect(state({ status: "locked", lockedUntil: null })).toBe("locked");
    expect(state({ status: "locked", lockedUntil: new Date(now.getTime() + 60_000) })).toBe("locked_temporarily");
    expect(state({ status: "locked", lockedUntil: new Date(now.getTime() - 1) })).toBe("active");
  });

  it("disabled wins over a lock; an unverified address shows", () => {
    expect(state({ status: "disabled", lockedUntil: new Date(now.getTime() + 60_000) })).toBe("disabled");
    expect(state({ emailVerifiedAt: null })).toBe("unverified");
    expect(state({})).toBe("active");
  });
});
