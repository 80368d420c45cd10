// Ports and addresses shared by the Playwright config, the server it starts and the tests.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2526);
export const SINK_HTTP_PORT = Number(process.env.E2E_SINK_PORT ?? 2527);
export const BASE_URL = `http://localhost:${E2E_PORT}`;
/** A partner account seeded into the invitation-only globex tenant for the tests. */
export const GLOBEX_PARTNER = { email: "partner@globex.test", password: "orbital lighthouse paperclip" };
/** Everything the e2e server prints is also written here, so tests can prove no secret is logged. */
export const SERVER_LOG = new URL("../../.data/e2e-server.log", import.meta.url).pathname;
/**
 * The e2e server's clock offset in milliseconds (see lib/next/deps.ts); tests move time with
 * `setClockOffset` in fixtures.ts and reset it afterwards.
 */
export const TEST_CLOCK_FILE = new URL("../../.data/e2e-clock", import.meta.url).pathname;
/**
 * The database the e2e server runs on: E2E_DATABASE_URL (a local PostgreSQL test database) when
 * set, else a SQLite file that start-server.ts recreates for every run. Tests that drive the
 * operator CLI against the running server's data point DATABASE_URL here.
 */
export const E2E_SQLITE_DIR = new URL("../../.data/e2e", import.meta.url).pathname;
export function e2eDatabaseUrl(): string {
  return process.env.E2E_DATABASE_URL || `file:${E2E_SQLITE_DIR}/portico-e2e.db`;
}
