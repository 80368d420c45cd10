// Second factors written straight to the repositories, for tests that need a user who already has
// them (and for the cluster suite, which drives the product over HTTP): a confirmed authenticator
// app whose last used step lies some minutes back, so the current code is unused, and ten
// recovery codes.
import type { TStore } from "../../lib/db/store";
import { generateRecoveryCodes, hashRecoveryCode } from "../../lib/identity/recovery-codes";
import { generateTotpSecret, TOTP_PERIOD_SECONDS } from "../../lib/identity/totp";
import { totpContext } from "../../lib/identity/totp";
import type { TSecretBox } from "../../lib/security/secret-box";

export async function seedSecondFactor(
  store: TStore,
  secrets: TSecretBox,
  at: { tenantId: string; userId: string; now: Date },
): Promise<{ secret: string; codes: string[] }> {
  const { tenantId, userId, now } = at;
  const secret = generateTotpSecret();
  await store.totp.savePending(tenantId, userId, secrets.seal(secret, totpContext(tenantId, userId)), now);
  // Confirmed with a code from some minutes ago, so the current code is unused.
  await store.totp.confirm(tenantId, userId, Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS) - 10, now);
  const codes = generateRecoveryCodes();
  await store.recoveryCodes.replaceAll(
    tenantId,
    userId,
    codes.map((c) => hashRecoveryCode(c)!),
    now,
  );
  return { secret, codes };
}
