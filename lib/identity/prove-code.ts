// The one check of a code typed by a user against their second factors: a current
// authenticator-app code (each time step usable once) or an unused recovery code (used up here).
// Used by the second step of sign-in, by step-up and by password reset; each says which kinds of
// code it accepts. The tenant's policy is not an option: a TOTP code counts only where the tenant
// allows authenticator apps, wherever it is typed (a reset must not accept what sign-in refuses).
import type { TRepositories } from "../db/store";
import type { TDeps } from "../kernel/deps";
import { hashRecoveryCode, normalizeRecoveryCode } from "./recovery-codes";
import { checkTotp, totpContext } from "./totp";
import type { TTenant } from "../tenancy/types";

export type TCodeKind = "totp" | "recovery_code";
export type TCodeProof = { method: TCodeKind | null; kind: TCodeKind };
export type TCodeOptions = { accept: { totp: boolean; recoveryCode: boolean } };

/**
 * `deps.store`: the transaction to use the code up in, so a rolled-back transaction gives it back. The
 * conditional writes (`useStep`, `consume`) decide between two concurrent uses of one code.
 * `kind` is what the code looked like, for the audit of a wrong one.
 */
export async function proveCode(
  deps: Pick<TDeps, "secrets"> & { store: Pick<TRepositories, "recoveryCodes" | "totp"> },
  tenant: Pick<TTenant, "id" | "allowTotp">,
  userId: string,
  code: string,
  now: Date,
  options: TCodeOptions,
): Promise<TCodeProof> {
  if (normalizeRecoveryCode(code)) {
    const hash = options.accept.recoveryCode ? hashRecoveryCode(code) : null;
    return {
      method: hash && (await deps.store.recoveryCodes.consume(tenant.id, userId, hash, now)) ? "recovery_code" : null,
      kind: "recovery_code",
    };
  }
  if (!options.accept.totp || !tenant.allowTotp) return { method: null, kind: "totp" };
  const factor = await deps.store.totp.findByUserId(tenant.id, userId);
  if (!factor?.confirmedAt) return { method: null, kind: "totp" };
  const check = checkTotp(
    deps.secrets.open(factor.secretSealed, totpContext(tenant.id, userId)),
    code,
    now,
    factor.lastUsedStep,
  );
  const used = check.ok && (await deps.store.totp.useStep(tenant.id, userId, check.step));
  return { method: used ? "totp" : null, kind: "totp" };
}
