import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, isUniqueViolation } from "./errors";

const withFields = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

describe("telling an unreachable database from a bug", () => {
  it("recognises the ways a connection fails: Prisma codes, SQLSTATEs, socket errors and driver messages", () => {
    const unavailable = [
      withFields("Can't reach database server at localhost:5432", { code: "P1001" }),
      withFields("Timed out fetching a new connection from the connection pool", { code: "P2024" }),
      withFields("terminating connection due to administrator command", { code: "57P01", severity: "FATAL" }),
      withFields("the database system is starting up", { code: "57P03" }),
      withFields("sorry, too many clients already", { code: "53300" }),
      withFields("connection failure", { code: "08006" }),
      withFields("write EPIPE", { code: "EPIPE", syscall: "write", errno: -32 }),
      new Error("Client has encountered a connection error and is not queryable"),
      new Error("timeout exceeded when trying to connect"),
      new Error("Connection terminated unexpectedly"),
      new Error("SqliteError: database is locked"),
    ];
    for (const error of unavailable) expect(isDatabaseUnavailable(error), error.message).toBe(true);
  });

  it("looks through the ORM's wrapping: cause, meta and the driver adapter's error kind", () => {
    const driver = withFields("terminating connection due to administrator command", { code: "57P01" });
    expect(
      isDatabaseUnavailable(withFields("Invalid `prisma.user.create()` invocation", { code: "P2010", cause: driver })),
    ).toBe(true);
    expect(
      isDatabaseUnavailable(
        withFields("Transaction failed", {
          meta: { driverAdapterError: withFields("x", { cause: { kind: "ConnectionClosed" } }) },
        }),
      ),
    ).toBe(true);
    expect(isDatabaseUnavailable(withFields("wrapped", { cause: { kind: "postgres", originalCode: "57P01" } }))).toBe(
      true,
    );
    expect(isDatabaseUnavailable(withFields("wrapped", { cause: { kind: "DatabaseNotReachable" } }))).toBe(true);
  });

  it("does not take bugs, constraint violations or bad input for an outage", () => {
    const bugs = [
      new Error("Cannot read properties of undefined (reading 'id')"),
      withFields("Unique constraint failed on the fields: (`email`)", { code: "P2002", meta: { target: ["email"] } }),
      withFields("duplicate key value violates unique constraint", { code: "23505", severity: "ERROR" }),
      withFields("Record to update not found.", { code: "P2025" }),
      withFields("wrapped", { cause: { kind: "UniqueConstraintViolation" } }),
      "ECONNREFUSED",
      null,
      undefined,
    ];
    for (const error of bugs) expect(isDatabaseUnavailable(error), String(error)).toBe(false);
    expect(isUniqueViolation(withFields("Unique constraint failed", { code: "P2002" }))).toBe(true);
  });

  it("stops at a cause chain that loops", () => {
    const a: { cause?: unknown } = {};
    const b = { cause: a };
    a.cause = b;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});
