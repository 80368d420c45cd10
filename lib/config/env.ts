// Runtime configuration read from the environment, validated once. Plain TypeScript so that
// domain code, scripts and the Next.js app share it.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const ZEnvSchema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  PORTICO_BASE_URL: z.url().optional(),
  PORTICO_DATA_DIR: z.string().min(1).optional(),
  SMTP_URL: z.string().min(1).optional(),
  MAIL_FROM: z.string().min(3).optional(),
  PORTICO_OPERATOR_NAME: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[^\r\n]+$/, { error: "PORTICO_OPERATOR_NAME must be one line" })
    .optional(),
  PORTICO_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).optional(),
  PORTICO_LISTEN_HOST: z.string().optional(),
  PORTICO_ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, {
      error: "PORTICO_ENCRYPTION_KEY must be 32 random bytes, base64url-encoded (43 characters)",
    })
    .optional(),
  PORTICO_BREACHED_PASSWORDS_URL: z.url({ protocol: /^https?$/ }).optional(),
});

export type TConfig = {
  databaseUrl: string;
  databaseKind: "sqlite" | "postgresql";
  /** Public base URL (scheme, host, port) that links in mail are built from; never the Host header. */
  baseUrl: URL;
  smtpUrl: string | null;
  mailFrom: string;
  /** The platform operator's name in staff mail (never a tenant's name or branding). */
  operatorName: string;
  /** How many reverse proxies in front of the app append to X-Forwarded-For. */
  trustedProxyHops: number;
  /** The address `npm start` binds; undefined means every interface. */
  listenHost: string | undefined;
  dataDir: string;
  /** Key for secrets that must be recoverable (TOTP); from PORTICO_ENCRYPTION_KEY or a local key file. */
  encryptionKey: () => Buffer;
  /** Root of a Pwned Passwords–style range API that new passwords are checked against; null = off (the default). */
  breachedPasswordsUrl: URL | null;
};

let cached: TConfig | null = null;

/**
 * Without PORTICO_ENCRYPTION_KEY (the embedded default), a key is generated once into the data
 * folder, readable by the owner only. Deployments set the variable from their secret store.
 */
function localKey(dataDir: string): Buffer {
  const file = path.join(/*turbopackIgnore: true*/ dataDir, "encryption.key");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return Buffer.from(readFileSync(file, "utf8").trim(), "base64url");
}

export function databaseKindOf(url: string): "sqlite" | "postgresql" {
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return "postgresql";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error("DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)");
}

export function getConfig(): TConfig {
  if (cached) return cached;
  const env = ZEnvSchema.parse(process.env);
  const dataDir = path.resolve(
    /*turbopackIgnore: true*/ env.PORTICO_DATA_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), ".data"),
  );
  const databaseUrl = env.DATABASE_URL ?? `file:${path.join(dataDir, "portico.db")}`;
  cached = {
    databaseUrl,
    databaseKind: databaseKindOf(databaseUrl),
    baseUrl: new URL(env.PORTICO_BASE_URL ?? `http://localhost:${process.env.PORT ?? "3000"}`),
    smtpUrl: env.SMTP_URL ?? null,
    mailFrom: env.MAIL_FROM ?? "Portico <no-reply@portico.localhost>",
    operatorName: env.PORTICO_OPERATOR_NAME ?? "Portico",
    trustedProxyHops: env.PORTICO_TRUSTED_PROXY_HOPS ?? 1,
    listenHost: listenHostFor(env),
    dataDir,
    breachedPasswordsUrl: env.PORTICO_BREACHED_PASSWORDS_URL ? new URL(env.PORTICO_BREACHED_PASSWORDS_URL) : null,
    encryptionKey: () =>
      env.PORTICO_ENCRYPTION_KEY ? Buffer.from(env.PORTICO_ENCRYPTION_KEY, "base64url") : localKey(dataDir),
  };
  return cached;
}

/**
 * PORTICO_LISTEN_HOST when set; otherwise, with no PORTICO_BASE_URL (the local default, with the
 * local outbox and demo tenants), loopback only, so a portal started for a try-out is not
 * reachable from the network. A deployment sets its base URL and then listens on every interface.
 */
export function listenHostFor(env: { PORTICO_BASE_URL?: string; PORTICO_LISTEN_HOST?: string }): string | undefined {
  if (env.PORTICO_LISTEN_HOST) return env.PORTICO_LISTEN_HOST;
  return env.PORTICO_BASE_URL ? undefined : "127.0.0.1";
}

/** The local outbox page is served only when mail is not sent over SMTP and the portal runs on a loopback host. */
export function isLocalOutboxEnabled(config: TConfig = getConfig()): boolean {
  const host = config.baseUrl.hostname;
  return config.smtpUrl === null && (host === "localhost" || host === "127.0.0.1" || host === "[::1]");
}
