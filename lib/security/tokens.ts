// Secrets handed to users (session cookies, links in mail) are 256-bit CSPRNG values; the database
// only ever sees their SHA-256. A plain hash (no salt, no stretching) is right here: the input is
// already high-entropy, so there is nothing to brute-force, and lookups stay one indexed query.
import { createHash, randomBytes } from "node:crypto";

export const TOKEN_BYTES = 32;

export function generateToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Tokens we issue are 43 base64url characters; anything else is rejected before a lookup. */
export function isWellFormedToken(token: unknown): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}
