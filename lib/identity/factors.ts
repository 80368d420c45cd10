import type { TStore } from "../db/store";

export type TUserFactors = { totp: boolean; passkeys: number; recoveryCodes: number };

export async function userFactors(store: Pick<TStore, "totp" | "recoveryCodes" | "passkeys">, tenantId: string, userId: string): Promise<TUserFactors> {
  const [totp, recoveryCodes, passkeys] = await Promise.all([
    store.totp.findByUserId(tenantId, userId),
    store.recoveryCodes.countRemaining(tenantId, userId),
    store.passkeys.countForUser(tenantId, userId),
  ]);
  return { totp: totp?.confirmedAt != null, passkeys, recoveryCodes };
}

export function hasSecondFactor(factors: TUserFactors): boolean {
  return factors.totp || factors.passkeys > 0;
}
