// The demo payout page: a relying app's most sensitive setting, guarded by the tenant-defined
// `payout.change` step-up action (a passkey, proven within minutes, used once) and blocked during
// the cool-down after an account recovery.
import { z } from "zod";
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TSession } from "../sessions/types";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { queueChangeNotice } from "../mail/queue-mail";
import { fail, type TFailure } from "../kernel/outcome";
import { assertStepUp, needsStepUp, type TNeedsStepUp } from "../step-up/step-up";
import { PAYOUT } from "./outcomes";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";

/**
 * ISO 13616 check digits: move the first four characters to the end, letters to numbers (A=10…),
 * and the number modulo 97 must be 1. Hand-written: a dozen lines, no dependency needed.
 */
export function isValidIban(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const digits = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

export const ZPayoutSchema = z.object({
  holder: z
    .string()
    .transform((v) => v.normalize("NFC").trim())
    .pipe(
      z
        .string()
        .min(2, { error: "holder_missing" })
        .max(100, { error: "holder_too_long" })
        .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), { error: "holder_characters" }),
    ),
  iban: z
    .string()
    .transform((v) => v.replace(/\s+/g, "").toUpperCase())
    .pipe(z.string().refine(isValidIban, { error: "iban" })),
});

const PAYOUT_PROBLEMS = ["holder_missing", "holder_too_long", "holder_characters", "iban"] as const;

export function maskIban(iban: string): string {
  return `${iban.slice(0, 4)} •••• ${iban.slice(-4)}`;
}

export type TChangePayoutResult = { ok: true } | TFailure<typeof PAYOUT> | TNeedsStepUp;

export async function changePayout(
  deps: TDeps,
  tenant: TTenant,
  auth: { session: TSession; user: TUser },
  input: { holder: string; iban: string },
  meta: TRequestMeta,
): Promise<TChangePayoutResult> {
  const parsed = ZPayoutSchema.safeParse(input);
  if (!parsed.success) {
    // The schema's issue messages are problem codes; the words are in lib/copy.
    const issue = parsed.error.issues[0];
    const field = issue?.path[0] === "holder" ? "holder" : "iban";
    const problem = PAYOUT_PROBLEMS.find((p) => p === issue?.message) ?? "iban";
    return fail(PAYOUT, "INVALID_INPUT", { field, problem });
  }
  const now = deps.now();
  const result = await withTransaction(deps, async (txDeps): Promise<TChangePayoutResult> => {
    // Checked and (single use) consumed in the transaction that makes the change.
    const gate = await assertStepUp(txDeps, tenant, auth, "payout.change", meta);
    if (!gate.ok) return needsStepUp(gate);
    await txDeps.store.users.setPayout(tenant.id, auth.user.id, {
      payoutHolder: parsed.data.holder,
      payoutIban: parsed.data.iban,
      payoutChangedAt: now,
    });
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: auth.user.id,
      type: AUDIT.payoutChanged,
      meta,
      data: { iban: maskIban(parsed.data.iban), via: gate.via },
      at: now,
    });
    await queueChangeNotice(
      txDeps,
      tenant,
      auth.user.email,
      `Your payout account was changed to ${maskIban(parsed.data.iban)}`,
    );
    return { ok: true };
  });
  return result;
}
