import { AUDIT } from "../audit/catalog";
import { auditRow } from "../audit/events";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { fail, type TFailure } from "../kernel/outcome";
import type { TTenant } from "../tenancy/types";
import { PASSWORD } from "./account-outcomes";
import { checkPassword, normalizePassword, type TPasswordContext, type TPasswordProblem } from "./password-policy";
import type { TUser } from "./types";

export type TNewPasswordFlow = "sign_up" | "password_reset" | "password_change" | "staff_setup";

/** Whose password it is, for the audit row when the breached check had to be skipped. */
export type TNewPasswordSubject = { tenantId: string; userId: string | null } | { staffId: string };

/**
 * The one check for every password a person chooses (sign-up, reset, change, staff set-up): the
 * local rules and the estimator, then, when a breached-password service is configured, its range
 * check. The service failing or taking longer than its timeout does not stop the person (fail open:
 * the local rules have already passed), but the skip is audited so an outage is visible.
 */
export async function checkNewPassword(
  deps: TDeps,
  input: {
    password: string;
    policy: { minLength: number };
    context: TPasswordContext;
    subject: TNewPasswordSubject;
    flow: TNewPasswordFlow;
    meta: TRequestMeta;
  },
): Promise<TPasswordProblem | null> {
  const problem = checkPassword(input.password, input.policy, input.context);
  if (problem || !deps.breachedPasswords) return problem;
  // The hash is of the password as it will be stored (NFC), so "é" typed either way is one entry.
  const result = await deps.breachedPasswords(normalizePassword(input.password));
  if (result.kind === "found") return { problem: "breached" };
  if (result.kind === "skipped") {
    const subject = input.subject;
    await withTransaction(deps, (txDeps) =>
      txDeps.store.audit.record(
        auditRow({
          tenantId: "tenantId" in subject ? subject.tenantId : null,
          userId: "tenantId" in subject ? subject.userId : null,
          staffId: "staffId" in subject ? subject.staffId : null,
          type: AUDIT.passwordBreachCheckSkipped,
          meta: input.meta,
          data: { flow: input.flow, reason: result.reason, detail: result.detail },
          at: txDeps.now(),
        }),
      ),
    );
  }
  return null;
}

/**
 * A customer's new password at reset or change, with its confirmation: the tenant's policy, the
 * breach check, then the two entries must match (compared as NFC). Null when it may be set.
 */
export async function refuseNewPassword(
  deps: TDeps,
  tenant: Pick<TTenant, "id" | "slug" | "name" | "minPasswordLength">,
  user: Pick<TUser, "id" | "email" | "displayName">,
  input: { password: string; confirmPassword: string },
  flow: "password_reset" | "password_change",
  meta: TRequestMeta,
): Promise<TFailure<typeof PASSWORD, "INVALID_PASSWORD" | "PASSWORD_MISMATCH"> | null> {
  const problem = await checkNewPassword(deps, {
    password: input.password,
    policy: { minLength: tenant.minPasswordLength },
    context: { email: user.email, name: user.displayName, tenantSlug: tenant.slug, tenantName: tenant.name },
    subject: { tenantId: tenant.id, userId: user.id },
    flow,
    meta,
  });
  if (problem) return fail(PASSWORD, "INVALID_PASSWORD", problem);
  if (input.password.normalize("NFC") !== input.confirmPassword.normalize("NFC")) {
    return fail(PASSWORD, "PASSWORD_MISMATCH", { changing: flow === "password_change" });
  }
  return null;
}
