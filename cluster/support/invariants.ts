// Consistency checks read straight from PostgreSQL after a fault: rows that only make sense
// together (written in one transaction by the app) must all be there, or none of them.
import pg from "pg";

export async function withPg<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Which of `emails` have an account in the acme tenant. */
export async function existingAccounts(url: string, emails: string[]): Promise<Set<string>> {
  return withPg(url, async (client) => {
    const { rows } = await client.query<{ email: string }>(
      `SELECT u.email FROM "User" u JOIN "Tenant" t ON t.id = u."tenantId" WHERE t.slug = 'acme' AND u.email = ANY($1)`,
      [emails],
    );
    return new Set(rows.map((r) => r.email));
  });
}

/** Load sign-ups use this domain, so the checks below know which accounts came through sign-up. */
export const SIGN_UP_DOMAIN = "signup.example.test";

/**
 * Violations of what the schema and the sign-up/sign-in transactions promise, as readable lines
 * (empty when consistent):
 * - a user who signed up (an address at SIGN_UP_DOMAIN) has a password, a `user.signed_up` audit event, an email-
 *   verification token
 *   and the mail carrying it (all written in the sign-up transaction);
 * - no audit event, token, session or password belongs to a user that does not exist.
 */
export async function consistencyViolations(url: string): Promise<string[]> {
  return withPg(url, async (client) => {
    const checks: [string, string][] = [
      [
        "user without a password credential",
        `SELECT u.email AS item FROM "User" u JOIN "Tenant" t ON t.id = u."tenantId" WHERE t.slug = 'acme' AND u.email LIKE '%@${SIGN_UP_DOMAIN}' AND NOT EXISTS (SELECT 1 FROM "PasswordCredential" p WHERE p."userId" = u.id)`,
      ],
      [
        "user without its user.signed_up audit event",
        `SELECT u.email AS item FROM "User" u JOIN "Tenant" t ON t.id = u."tenantId" WHERE t.slug = 'acme' AND u.email LIKE '%@${SIGN_UP_DOMAIN}' AND NOT EXISTS (SELECT 1 FROM "AuditEvent" a WHERE a."userId" = u.id AND a.type = 'user.signed_up')`,
      ],
      [
        "unverified user without an email-verification token",
        `SELECT u.email AS item FROM "User" u JOIN "Tenant" t ON t.id = u."tenantId" WHERE t.slug = 'acme' AND u.email LIKE '%@${SIGN_UP_DOMAIN}' AND u."emailVerifiedAt" IS NULL AND NOT EXISTS (SELECT 1 FROM "OneTimeToken" o WHERE o."userId" = u.id AND o.purpose = 'email_verification')`,
      ],
      [
        "email-verification token whose mail was never queued",
        `SELECT o.email AS item FROM "OneTimeToken" o WHERE o.purpose = 'email_verification' AND NOT EXISTS (SELECT 1 FROM "MailMessage" m WHERE m."to" = o.email)`,
      ],
      [
        "audit event of a missing user",
        `SELECT a.id AS item FROM "AuditEvent" a WHERE a."userId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u.id = a."userId")`,
      ],
      [
        "token of a missing user",
        `SELECT o.id AS item FROM "OneTimeToken" o WHERE NOT EXISTS (SELECT 1 FROM "User" u WHERE u.id = o."userId")`,
      ],
      [
        "session of a missing user",
        `SELECT s.id AS item FROM "Session" s WHERE NOT EXISTS (SELECT 1 FROM "User" u WHERE u.id = s."userId")`,
      ],
      [
        "password of a missing user",
        `SELECT p.id AS item FROM "PasswordCredential" p WHERE NOT EXISTS (SELECT 1 FROM "User" u WHERE u.id = p."userId")`,
      ],
    ];
    const violations: string[] = [];
    for (const [label, sql] of checks) {
      const { rows } = await client.query<{ item: string }>(sql);
      for (const row of rows) violations.push(`${label}: ${row.item}`);
    }
    return violations;
  });
}
