import { z } from "zod";
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TSession } from "../sessions/types";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { assertStepUp, needsStepUp, type TNeedsStepUp } from "../step-up/step-up";
import { fail, type TFailure } from "../kernel/outcome";
import { ACCOUNT } from "../identity/account-outcomes";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";

export const ZDisplayNameSchema = z
  .string()
  .transform((value) => value.normalize("NFC").trim())
  .pipe(
    z
      .string()
      .max(100, { error: "Use at most 100 characters." })
      .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), {
        error: "The name contains characters that are not allowed.",
      }),
  );

export type TUpdateProfileResult = { ok: true } | TFailure<typeof ACCOUNT, "INVALID_NAME"> | TNeedsStepUp;

export async function updateProfile(
  deps: TDeps,
  tenant: TTenant,
  auth: { session: TSession; user: TUser },
  input: { displayName: string },
  meta: TRequestMeta,
): Promise<TUpdateProfileResult> {
  const parsed = ZDisplayNameSchema.safeParse(input.displayName);
  if (!parsed.success)
    return fail(ACCOUNT, "INVALID_NAME", {
      problem: parsed.error.issues[0]?.code === "too_big" ? "too_long" : "characters",
    });
  const displayName = parsed.data.length > 0 ? parsed.data : null;
  const now = deps.now();
  const { user } = auth;
  return withTransaction(deps, async (txDeps): Promise<TUpdateProfileResult> => {
    const gate = await assertStepUp(txDeps, tenant, auth, "profile.update", meta);
    if (!gate.ok) return needsStepUp(gate);
    await txDeps.store.users.updateProfile(tenant.id, user.id, { displayName });
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: user.id,
      type: AUDIT.profileUpdated,
      meta,
      data: { fields: ["displayName"] },
      at: now,
    });
    return { ok: true };
  });
}
