import { describe, expect, it } from "vitest";
import { ARGON2_PARAMS, hashPassword, verifyAgainstDummy, verifyPassword } from "./password-hasher";

const PASSWORD = "correct horse battery staple";

describe("password storage (OWASP Password Storage: argon2id, m ≥ 19 MiB, t ≥ 2, p = 1)", () => {
  it("produces an argon2id v19 PHC string with m=19456, t=2, p=1", async () => {
    const phc = await hashPassword(PASSWORD);
    expect(phc.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")).toBe(true);
    expect(ARGON2_PARAMS).toEqual({ memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 });
    expect(phc).not.toContain(PASSWORD);
  });

  it("salts every password: two hashes of one password differ and both verify", async () => {
    const [a, b] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);
    expect(a).not.toBe(b);
    const salt = (phc: string) => phc.split("$")[4];
    expect(salt(a)).not.toBe(salt(b));
    // At least 128-bit salts (22 unpadded base64 characters).
    expect(salt(a)!.length).toBeGreaterThanOrEqual(22);
    expect(await verifyPassword(a, PASSWORD)).toBe(true);
    expect(await verifyPassword(b, PASSWORD)).toBe(true);
  });

  it("verifies the right password and refuses a wrong, truncated or case-changed one", async () => {
    const phc = await hashPassword(PASSWORD);
    expect(await verifyPassword(phc, PASSWORD)).toBe(true);
    expect(await verifyPassword(phc, "correct horse battery stapler")).toBe(false);
    expect(await verifyPassword(phc, PASSWORD.slice(0, -1))).toBe(false);
    expect(await verifyPassword(phc, PASSWORD.toUpperCase())).toBe(false);
    expect(await verifyPassword(phc, ` ${PASSWORD}`)).toBe(false);
  });

  it("never truncates long passwords: two 256-character passwords differing only in the last character differ", async () => {
    const base = "x7Qm".repeat(63) + "abc";
    const phc = await hashPassword(`${base}d`);
    expect(await verifyPassword(phc, `${base}d`)).toBe(true);
    expect(await verifyPassword(phc, `${base}e`)).toBe(false);
  });

  it("verifies a password typed decomposed against the hash of the composed form (NFC)", async () => {
    const composed = "cr\u00e8me br\u00fbl\u00e9e pour deux";
    const decomposed = composed.normalize("NFD");
    expect(decomposed).not.toBe(composed);
    const phc = await hashPassword(composed);
    expect(await verifyPassword(phc, decomposed)).toBe(true);
    const phcOfDecomposed = await hashPassword(decomposed);
    expect(await verifyPassword(phcOfDecomposed, composed)).toBe(true);
  });

  it("answers false (not an exception) for a malformed stored hash", async () => {
    expect(await verifyPassword("not-a-phc-string", PASSWORD)).toBe(false);
  });

  it("verifyAgainstDummy always returns false, even for the dummy's own password", async () => {
    expect(await verifyAgainstDummy(PASSWORD)).toBe(false);
    expect(await verifyAgainstDummy("portico-dummy-password-for-timing-equalisation")).toBe(false);
  });
});
