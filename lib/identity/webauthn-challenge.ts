// Customer WebAuthn challenges live in the database, so any app node can finish a ceremony another
// node started. Each is bound to the browser that asked for it (the SHA-256 of a random cookie
// value), to a tenant and a purpose, expires after 5 minutes and is consumed once. (Staff
// challenges are bound to the staff session instead: lib/workforce/staff-passkeys.ts.)
import type { TStore } from "../db/store";
import { hashToken } from "../security/tokens";
import { CHALLENGE_TTL_MS, isWellFormedChallenge } from "./webauthn-rp";

export type TChallengePurpose = "registration" | "authentication";

export async function storeChallenge(
  store: Pick<TStore, "webauthnChallenges">,
  input: {
    tenantId: string;
    purpose: TChallengePurpose;
    challenge: string;
    binding: string;
    userId: string | null;
    now: Date;
  },
) {
  await store.webauthnChallenges.create({
    tenantId: input.tenantId,
    purpose: input.purpose,
    challenge: input.challenge,
    bindingHash: hashToken(input.binding),
    userId: input.userId,
    expiresAt: new Date(input.now.getTime() + CHALLENGE_TTL_MS),
    at: input.now,
  });
}

/**
 * The challenge's owner when it is good for this tenant, purpose and browser; null otherwise (and it stays unusable).
 */
export async function consumeChallenge(
  store: Pick<TStore, "webauthnChallenges">,
  input: { tenantId: string; purpose: TChallengePurpose; challenge: string; binding: string | undefined; now: Date },
): Promise<{ userId: string | null } | null> {
  if (!input.binding || !isWellFormedChallenge(input.challenge)) return null;
  const row = await store.webauthnChallenges.consume(
    input.tenantId,
    input.purpose,
    input.challenge,
    hashToken(input.binding),
    input.now,
  );
  return row ? { userId: row.userId } : null;
}
