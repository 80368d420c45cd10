import { describe, expect, it } from "vitest";
import { doneWords, notice } from "./words";

describe("doneWords", () => {
  it("finds a page's notice by the outcome its action redirected with", () => {
    expect(doneWords("account_action", "unlock")).toBe("Sign-in is unlocked, and the customer was told by mail.");
    expect(doneWords("team", "invited")).toBe(
      "Invitation sent. They already have a staff sign-in, so they get the role only when they accept it.",
    );
  });

  it("says nothing for a key it does not know, including an object's own property names", () => {
    expect(doneWords("team", undefined)).toBeUndefined();
    expect(doneWords("team", "deleted")).toBeUndefined();
    expect(doneWords("account_action", "constructor")).toBeUndefined();
    expect(doneWords("account_action", "__proto__")).toBeUndefined();
  });
});

describe("notice", () => {
  it("words a confirmation with the facts it names, one and many apart", () => {
    expect(notice("password_changed", { endedSessions: 1 })).toBe(
      "Your password was changed. 1 other session was signed out.",
    );
    expect(notice("password_changed", { endedSessions: 3 })).toBe(
      "Your password was changed. 3 other sessions were signed out.",
    );
    expect(notice("other_sessions_ended", { count: 0 })).toBe("No other sessions were active.");
    expect(notice("email_code_resent", { email: "ada@example.test" })).toBe(
      "We sent a new code to ada@example.test. The earlier code no longer works.",
    );
  });
});
