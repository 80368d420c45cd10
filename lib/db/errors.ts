/**
 * True when a write failed on a unique constraint (Prisma error P2002), e.g. two concurrent sign-ups of one address.
 */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002"
  );
}

// Prisma codes: cannot reach / timed out / closed the connection / pool timeout / too many
// connections. PostgreSQL SQLSTATEs: admin, crash and cannot-connect-now shutdowns, too many
// connections (class 08, connection exception, is matched by prefix). Socket errors of the driver.
const UNAVAILABLE_CODES = new Set([
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  "P2024",
  "P2037",
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
]);
// Driver adapter error kinds (Prisma's DriverAdapterError causes) that mean the same.
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// What node-postgres, Prisma and SQLite say when the connection (not the query) is the problem.
const UNAVAILABLE_MESSAGE =
  /ECONNREFUSED|ECONNRESET|EPIPE|Connection terminated|not queryable|timeout exceeded when trying to connect|Can't reach database server|Server has closed the connection|terminating connection due to (administrator command|crash of another server process)|the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)|database is locked/i;

function unavailableHere(error: object): boolean {
  const fields = error as { code?: unknown; kind?: unknown; originalCode?: unknown };
  for (const code of [fields.code, fields.originalCode]) {
    if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  }
  if (typeof fields.kind === "string" && UNAVAILABLE_KINDS.has(fields.kind)) return true;
  return error instanceof Error && UNAVAILABLE_MESSAGE.test(error.message);
}

/**
 * True when the database could not be reached (connection refused or cut, pool timeout, server
 * shutting down or starting up), looking through the error's `cause` and `meta` chain: the ORM
 * wraps the driver's error, sometimes more than once.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 4) return false;
  if (unavailableHere(error)) return true;
  const { cause, meta } = error as { cause?: unknown; meta?: { driverAdapterError?: unknown } };
  return (
    isDatabaseUnavailable(cause, depth + 1) ||
    isDatabaseUnavailable(meta, depth + 1) ||
    isDatabaseUnavailable(meta?.driverAdapterError, depth + 1)
  );
}
