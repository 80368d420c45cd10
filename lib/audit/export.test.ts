import { describe, expect, it } from "vitest";
import { AUDIT_CSV_HEADER, auditExportFilename, auditRowsToCsv, csvCell, csvLine } from "./export";
import type { TAuditLogRow } from "./log";

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
    expect(csvCell('=HYPERLINK("http://evil.test","x")')).toBe('"\'=HYPERLINK(""http://evil.test"",""x"")"');
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("\r=1")).toBe('"\'\r=1"');
    // Only the first character matters: an address with a plus inside is data.
    expect(csvCell("a+tag@example.test")).toBe("a+tag@example.test");
    expect(csvCell("=1,2")).toBe('"\'=1,2"');
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
      userAgent: 'Mozilla, "quoted"',
      staffId: null,
      staffName: null,
      reason: null,
      ip: "203.0.113.7",
      data: { method: "password", note: 'a "quoted", comma' },
    };
    const csv = auditRowsToCsv([row]);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(AUDIT_CSV_HEADER.join(","));
    expect(lines[1]).toBe(
      `2026-11-27T12:00:00.000Z,user.signed_in,'=cmd|' /C calc'!A0@evil.test,u1,,,,203.0.113.7,"Mozilla, ""quoted""","{""method"":""password"",""note"":""a \\""quoted\\"", comma""}"`,
    );
    expect(lines[2]).toBe("");
  });

  it("the file is named after the tenant and the UTC date", () => {
    expect(auditExportFilename("acme", new Date("2026-11-27T23:59:59.000Z"))).toBe("audit-acme-2026-11-27.csv");
  });
});
