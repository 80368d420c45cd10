// The words of a use case's failure at a tenant, for actions and routes: the message catalogue's
// sentence for a catalogued outcome (with the tenant's name and support address), or the words a
// refusal not catalogued yet (the step-up gate's) still carries itself.
import { messageFor } from "../copy";
import type { TTenant } from "../db/store";
import type { TAnyFailure } from "../kernel/outcome";

export type TWordedRefusal = { ok: false; code: string; message: string };

export function failureMessage(tenant: Pick<TTenant, "name" | "supportEmail">, failure: TAnyFailure | TWordedRefusal): string {
  if ("message" in failure) return failure.message;
  return messageFor(failure, { tenantName: tenant.name, supportEmail: tenant.supportEmail });
}
