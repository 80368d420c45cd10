// argon2id with OWASP's minimum parameters (m = 19 MiB, t = 2, p = 1) via @node-rs/argon2, which
// hashes on libuv's thread pool so the event loop stays free. The salt is per password and lives
// in the PHC string.
import { hash, verify } from "@node-rs/argon2";

// @node-rs/argon2's `Algorithm` is a const enum (unusable under isolatedModules); argon2id is its
// default, asserted by a test that reads the PHC prefix.
export const ARGON2_PARAMS = { memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize("NFC"), ARGON2_PARAMS);
}

export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password.normalize("NFC"));
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/**
 * Spends the same time as a real verification when there is no account (or no password), so
 * sign-in timing does not reveal which addresses have accounts. Always false.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("portico-dummy-password-for-timing-equalisation");
  await verifyPassword(await dummyHash, password);
  return false;
}
