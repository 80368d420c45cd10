// Checks a code typed by the user against their second factors: a current authenticator-app code
// (each time step usable once) or an unused recovery code (used up here). Shared by the second
// step of sign-in and by step-up.
import type { TRepositories, TTenant, TUser } from "../db/store";
import type { TDeps } from "../kernel/deps";
import { hashRecoveryCode, normalizeRecoveryCode } from "./recovery-codes";
import { checkTotp } from "./totp";
import { totpContext } from "./totp-enrolment";

export type TCodeProof = { method: "totp" | "recovery_code" | null; kind: "totp" | "recovery_code" };

/** `repos`: the transaction to use the code up in (so a rolled-back transaction gives it back). */
export async function proveCode(
  deps: TDeps,
  tenant: TTenant,
  user: Pick<TUser, "id">,
  code: string,
  now: Date,
  repos: Pick<TRepositories, "recoveryCodes" | "totp"> = deps.store,
): Promise<TCodeProof> {
  const recoveryHash = normalizeRecoveryCode(code) ? hashRecoveryCode(code) : null;
  if (recoveryHash) {
    return { method: (await repos.recoveryCodes.consume(tenant.id, user.id, recoveryHash, now)) ? "recovery_code" : null, kind: "recovery_code" };
  }
  const factor = await repos.totp.findByUserId(tenant.id, user.id);
  if (!factor?.confirmedAt || !tenant.allowTotp) return { method: null, kind: "totp" };
  const check = checkTotp(deps.secrets.open(factor.secretSealed, totpContext(tenant.id, user.id)), code, now, factor.lastUsedStep);
  // The conditional update decides between two concurrent uses of one code.
  const used = check.ok && (await repos.totp.useStep(tenant.id, user.id, check.step));
  return { method: used ? "totp" : null, kind: "totp" };
}
