// The words of a use case's failure at a tenant, for actions and routes: the message catalogue's
// sentence for its outcome, with the tenant's name and support address.
import { messageFor } from "../copy";
import type { TTenant } from "../tenancy/types";
import type { TAnyFailure } from "../kernel/outcome";
import { notice } from "../copy/words";

export function failureMessage(tenant: Pick<TTenant, "name" | "supportEmail">, failure: TAnyFailure): string {
  return messageFor(failure, { tenantName: tenant.name, supportEmail: tenant.supportEmail });
}

/**
 * A form's error state for a failure: on the field `fields` assigns its code to (with "Please
 * correct the highlighted field." above the form), or above the form when it belongs to no field.
 */
export function fieldFailure<F extends string>(
  tenant: Pick<TTenant, "name" | "supportEmail">,
  failure: TAnyFailure,
  fields: Partial<Record<string, F>>,
): { status: "error"; message: string; fieldErrors?: Partial<Record<F, string>> } {
  const words = failureMessage(tenant, failure);
  const field = fields[failure.code];
  if (!field) return { status: "error", message: words };
  return {
    status: "error",
    message: notice("correct_fields"),
    fieldErrors: { [field]: words } as Partial<Record<F, string>>,
  };
}
