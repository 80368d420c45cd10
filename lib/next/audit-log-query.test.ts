import { describe, expect, it } from "vitest";
import { decodeAuditCursor, encodeAuditCursor } from "../audit/log";
import { auditLogQueryString, parseAuditLogFilter, parseUtcDate } from "./audit-log-query";
import { messageFor } from "../copy";
import { auditFilterFieldWords } from "../copy/words";
import { expectOk } from "../../tests/support/expect-ok";

describe("audit log filter", () => {
  it("an empty query is every event", () => {
    const result = parseAuditLogFilter({});
    expect(result).toMatchObject({ ok: true, filter: { email: null, type: null, from: null, to: null, before: null } });
  });

  it("reads a customer address (normalised), a known type and a UTC date range with an exclusive end", () => {
    const result = parseAuditLogFilter(
      new URLSearchParams("user=%20Ann%40Example.TEST%20&type=user.signed_in&from=2026-11-01&to=2026-11-27"),
    );
    expectOk(result);
    expect(result.filter.email).toBe("ann@example.test");
    expect(result.filter.type).toBe("user.signed_in");
    expect(result.filter.from?.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(result.filter.to?.toISOString()).toBe("2026-11-28T00:00:00.000Z");
    expect(auditLogQueryString(result.filter.values)).toBe(
      "?user=Ann%40Example.TEST&type=user.signed_in&from=2026-11-01&to=2026-11-27",
    );
  });

  it("refuses an unknown type, bad dates and a reversed range with clear messages instead of throwing", () => {
    expect(parseAuditLogFilter({ type: "user.deleted_everything" })).toMatchObject({
      ok: false,
      module: "audit_filter",
      code: "INVALID_FILTER",
      params: { problems: { type: "type" } },
    });
    expect(parseAuditLogFilter({ from: "27/11/2026" })).toMatchObject({
      ok: false,
      params: { problems: { from: "from_date" } },
    });
    expect(parseAuditLogFilter({ to: "2026-02-30" })).toMatchObject({
      ok: false,
      params: { problems: { to: "to_date" } },
    });
    expect(parseAuditLogFilter({ from: "2026-11-27", to: "2026-11-01" })).toMatchObject({
      ok: false,
      params: { problems: { to: "date_order" } },
    });
    expect(parseAuditLogFilter({ user: "not-an-address" })).toMatchObject({
      ok: false,
      params: { problems: { user: "email" } },
    });
    expect(parseAuditLogFilter({ before: "'; DROP TABLE" })).toMatchObject({
      ok: false,
      params: { problems: { before: "cursor" } },
    });
    expect(parseAuditLogFilter({ type: ["user.signed_in", "user.locked"] })).toMatchObject({
      ok: false,
      params: { problems: { type: "one_value" } },
    });
    const bad = parseAuditLogFilter({ type: "nope", from: "yesterday" });
    if (bad.ok) throw new Error("accepted");
    expect(messageFor(bad)).toBe("Choose an event type from the list. Enter the start date as YYYY-MM-DD.");
    expect(auditFilterFieldWords(bad.params.problems)).toEqual({
      type: "Choose an event type from the list.",
      from: "Enter the start date as YYYY-MM-DD.",
    });
    // The submitted values come back to refill the form.
    expect(bad.values).toMatchObject({ type: "nope", from: "yesterday" });
  });

  it("dates are real calendar days", () => {
    expect(parseUtcDate("2028-02-29")?.toISOString()).toBe("2028-02-29T00:00:00.000Z");
    expect(parseUtcDate("2026-02-29")).toBeNull();
    expect(parseUtcDate("2026-13-01")).toBeNull();
    expect(parseUtcDate("2026-1-1")).toBeNull();
    expect(parseUtcDate("")).toBeNull();
  });

  it("a page cursor round-trips and nothing else decodes", () => {
    const cursor = { createdAt: new Date("2026-11-27T12:00:00.123Z"), id: "0b9d6f4e-1c2a-4c7e-9a51-2f8f7f1d2e3a" };
    expect(decodeAuditCursor(encodeAuditCursor(cursor))).toEqual(cursor);
    expect(decodeAuditCursor("123_not-a-uuid")).toBeNull();
    expect(decodeAuditCursor("")).toBeNull();
    const parsed = parseAuditLogFilter({ before: encodeAuditCursor(cursor) });
    expect(parsed).toMatchObject({ ok: true, filter: { before: cursor } });
  });
});
