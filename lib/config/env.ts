// Runtime configuration read from the environment, validated once. Plain TypeScript so that
// domain code, scripts and the Next.js app share it.
import path from "node:path";
import { z } from "zod";

const ZEnvSchema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  PORTICO_BASE_URL: z.url().optional(),
  PORTICO_DATA_DIR: z.string().min(1).optional(),
  SMTP_URL: z.string().min(1).optional(),
  MAIL_FROM: z.string().min(3).optional(),
  PORTICO_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).optional(),
});

export type TConfig = {
  databaseUrl: string;
  databaseKind: "sqlite" | "postgresql";
  /** Public base URL (scheme, host, port) that links in mail are built from; never the Host header. */
  baseUrl: URL;
  smtpUrl: string | null;
  mailFrom: string;
  /** How many reverse proxies in front of the app append to X-Forwarded-For. */
  trustedProxyHops: number;
  dataDir: string;
};

let cached: TConfig | null = null;

export function databaseKindOf(url: string): "sqlite" | "postgresql" {
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return "postgresql";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error("DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)");
}

export function getConfig(): TConfig {
  if (cached) return cached;
  const env = ZEnvSchema.parse(process.env);
  const dataDir = path.resolve(/*turbopackIgnore: true*/ env.PORTICO_DATA_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), ".data"));
  const databaseUrl = env.DATABASE_URL ?? `file:${path.join(dataDir, "portico.db")}`;
  cached = {
    databaseUrl,
    databaseKind: databaseKindOf(databaseUrl),
    baseUrl: new URL(env.PORTICO_BASE_URL ?? `http://localhost:${process.env.PORT ?? "3000"}`),
    smtpUrl: env.SMTP_URL ?? null,
    mailFrom: env.MAIL_FROM ?? "Portico <no-reply@portico.localhost>",
    trustedProxyHops: env.PORTICO_TRUSTED_PROXY_HOPS ?? 1,
    dataDir,
  };
  return cached;
}

/** The local outbox page is served only when mail is not sent over SMTP and the portal runs on a loopback host. */
export function isLocalOutboxEnabled(config: TConfig = getConfig()): boolean {
  const host = config.baseUrl.hostname;
  return config.smtpUrl === null && (host === "localhost" || host === "127.0.0.1" || host === "[::1]");
}
