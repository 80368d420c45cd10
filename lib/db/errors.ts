/** True when a write failed on a unique constraint (Prisma error P2002), e.g. two concurrent sign-ups of one address. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002";
}

/** True when the database could not be reached (connection refused, pool timeout, server shutting down). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = "code" in error ? String((error as { code: unknown }).code) : "";
  const message = error instanceof Error ? error.message : "";
  return (
    ["P1001", "P1002", "P1008", "P1017", "P2024", "ECONNREFUSED", "ECONNRESET", "57P01", "57P03"].includes(code) ||
    /ECONNREFUSED|Connection terminated|the database system is (starting up|shutting down)|database is locked/i.test(message)
  );
}
