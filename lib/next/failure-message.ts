// The words of a use case's failure at a tenant, for actions and routes: the message catalogue's
// sentence for its outcome, with the tenant's name and support address.
import { messageFor } from "../copy";
import type { TTenant } from "../tenancy/types";
import type { TAnyFailure } from "../kernel/outcome";

export function failureMessage(tenant: Pick<TTenant, "name" | "supportEmail">, failure: TAnyFailure): string {
  return messageFor(failure, { tenantName: tenant.name, supportEmail: tenant.supportEmail });
}
