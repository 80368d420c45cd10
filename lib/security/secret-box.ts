// Encrypts secrets that must be recoverable (TOTP shared secrets) with AES-256-GCM from node:crypto.
// Each value is bound to its context (e.g. "totp:<tenant>:<user>") as associated data, so a sealed
// value copied onto another row does not open.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export type TSecretBox = {
  seal(plain: string, context: string): string;
  open(sealed: string, context: string): string;
};

export function createSecretBox(key: Buffer): TSecretBox {
  if (key.length !== 32) throw new Error("the encryption key must be 32 bytes");
  return {
    seal(plain, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(context, "utf8"));
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return [
        "v1",
        iv.toString("base64url"),
        body.toString("base64url"),
        cipher.getAuthTag().toString("base64url"),
      ].join(".");
    },
    open(sealed, context) {
      const [version, iv, body, tag] = sealed.split(".");
      if (version !== "v1" || !iv || !body || !tag) throw new Error("not a sealed value");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    },
  };
}
