import { describe, expect, it } from "vitest";
import {
  AUDIT_CSV_HEADER,
  auditExportFilename,
  auditLogQueryString,
  auditRowsToCsv,
  csvCell,
  csvLine,
  decodeAuditCursor,
  encodeAuditCursor,
  parseAuditLogFilter,
  parseUtcDate,
  type TAuditLogRow,
} from "./audit-log";

describe("CSV cells", () => {
  it("leave plain values alone and write dates as ISO UTC", () => {
    expect(csvCell("user.signed_in")).toBe("user.signed_in");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(42)).toBe("42");
    expect(csvCell(new Date("2026-11-27T12:00:00.000Z"))).toBe("2026-11-27T12:00:00.000Z");
  });

  it("quote cells with a comma, a quote or a line break, doubling the quotes", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell("carriage\rreturn")).toBe('"carriage\rreturn"');
    expect(csvCell('{"reason":"x"}')).toBe('"{""reason"":""x""}"');
  });

  it("neutralise cells a spreadsheet would run as a formula", () => {
    expect(csvCell("=HYPERLINK(\"http://evil.test\",\"x\")")).toBe('"\'=HYPERLINK(""http://evil.test"",""x"")"');
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("\r=1")).toBe("\"'\r=1\"");
    // Only the first character matters: an address with a plus inside is data.
    expect(csvCell("a+tag@example.test")).toBe("a+tag@example.test");
    expect(csvCell("=1,2")).toBe("\"'=1,2\"");
  });

  it("a line joins cells with commas", () => {
    expect(csvLine(["a", "b,c", null, "=x"])).toBe('a,"b,c",,\'=x');
  });

  it("a file has the header, one CRLF-terminated line per event, and survives hostile values", () => {
    const row: TAuditLogRow = {
      id: "e1",
      createdAt: new Date("2026-11-27T12:00:00.000Z"),
      type: "user.signed_in",
      userId: "u1",
      userEmail: "=cmd|' /C calc'!A0@evil.test",
      userAgent: "Mozilla, \"quoted\"",
      staffId: null,
      staffName: null,
      reason: null,
      ip: "203.0.113.7",
      data: "{}",
    };
    const csv = auditRowsToCsv([row]);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(AUDIT_CSV_HEADER.join(","));
    expect(lines[1]).toBe(`2026-11-27T12:00:00.000Z,user.signed_in,'=cmd|' /C calc'!A0@evil.test,u1,,,,203.0.113.7,"Mozilla, ""quoted""",{}`);
    expect(lines[2]).toBe("");
  });

  it("the file is named after the tenant and the UTC date", () => {
    expect(auditExportFilename("acme", new Date("2026-11-27T23:59:59.000Z"))).toBe("audit-acme-2026-11-27.csv");
  });
});

describe("audit log filter", () => {
  it("an empty query is every event", () => {
    const result = parseAuditLogFilter({});
    expect(result).toMatchObject({ ok: true, filter: { email: null, type: null, from: null, to: null, before: null } });
  });

  it("reads a customer address (normalised), a known type and a UTC date range with an exclusive end", () => {
    const result = parseAuditLogFilter(new URLSearchParams("user=%20Ann%40Example.TEST%20&type=user.signed_in&from=2026-11-01&to=2026-11-27"));
    if (!result.ok) throw new Error(result.message);
    expect(result.filter.email).toBe("ann@example.test");
    expect(result.filter.type).toBe("user.signed_in");
    expect(result.filter.from?.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(result.filter.to?.toISOString()).toBe("2026-11-28T00:00:00.000Z");
    expect(auditLogQueryString(result.filter.values)).toBe("?user=Ann%40Example.TEST&type=user.signed_in&from=2026-11-01&to=2026-11-27");
  });

  it("refuses an unknown type, bad dates and a reversed range with clear messages instead of throwing", () => {
    expect(parseAuditLogFilter({ type: "user.deleted_everything" })).toMatchObject({ ok: false, code: "INVALID_FILTER", fieldErrors: { type: "Choose an event type from the list." } });
    expect(parseAuditLogFilter({ from: "27/11/2026" })).toMatchObject({ ok: false, fieldErrors: { from: "Enter the start date as YYYY-MM-DD." } });
    expect(parseAuditLogFilter({ to: "2026-02-30" })).toMatchObject({ ok: false, fieldErrors: { to: "Enter the end date as YYYY-MM-DD." } });
    expect(parseAuditLogFilter({ from: "2026-11-27", to: "2026-11-01" })).toMatchObject({ ok: false, fieldErrors: { to: "The end date must be on or after the start date." } });
    expect(parseAuditLogFilter({ user: "not-an-address" })).toMatchObject({ ok: false, fieldErrors: { user: expect.stringContaining("email address") } });
    expect(parseAuditLogFilter({ before: "'; DROP TABLE" })).toMatchObject({ ok: false, fieldErrors: { before: expect.any(String) } });
    expect(parseAuditLogFilter({ type: ["user.signed_in", "user.locked"] })).toMatchObject({ ok: false, fieldErrors: { type: "Give one value only." } });
    const bad = parseAuditLogFilter({ type: "nope", from: "yesterday" });
    if (bad.ok) throw new Error("accepted");
    expect(bad.message).toContain("event type");
    expect(bad.message).toContain("start date");
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
