// A long-lived device identifier: a random value in a cookie, signed with an HMAC so that a client
// cannot mint identifiers that look like devices a user has used. Hand-written on node:crypto
// because it is one HMAC over one random value; jose would add a JWT envelope nobody reads.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { hashToken } from "./tokens";

export type TDeviceSigner = { issue(): string; verify(cookie: string | undefined): string | null };

export function createDeviceSigner(masterKey: Buffer): TDeviceSigner {
  const key = Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "portico device cookie v1", 32));
  const sign = (id: string) => createHmac("sha256", key).update(id).digest("base64url");
  return {
    issue() {
      const id = randomBytes(18).toString("base64url");
      return `${id}.${sign(id)}`;
    },
    /** The identifier inside a well-formed, correctly signed cookie; null otherwise. */
    verify(cookie) {
      if (!cookie || cookie.length > 128) return null;
      const [id, mac, extra] = cookie.split(".");
      if (!id || !mac || extra !== undefined || !/^[A-Za-z0-9_-]{24}$/.test(id)) return null;
      const expected = Buffer.from(sign(id));
      const given = Buffer.from(mac);
      return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
    },
  };
}

/** What the database keeps: the hash of the identifier, never the identifier itself. */
export function deviceHashOf(id: string): string {
  return hashToken(id);
}
