import { describe, expect, it } from "vitest";
import { doneWords } from "./words";

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
