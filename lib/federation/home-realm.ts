// Home-realm discovery for identifier-first sign-in: which way an address signs in. The answer
// depends only on the address's domain — an organisation of the tenant that owns the domain and has
// an enterprise connection sends it to that IdP — never on whether an account exists, so the step
// tells nothing about accounts. The connection is always derived here, from the domain; nothing a
// form sends can choose another organisation's IdP.
import { normalizeEmail } from "../identity/email";
import type { TDeps } from "../kernel/deps";
import type { TEnterpriseConnection } from "../organisations/types";
import type { TTenant } from "../tenancy/types";

export type TRealm =
  { kind: "federated"; connection: TEnterpriseConnection; email: string } | { kind: "local"; email: string };

/** Whether the tenant's sign-in page asks for the address first (it has organisations). */
export function usesIdentifierFirst(deps: TDeps, tenant: TTenant): Promise<boolean> {
  return deps.store.organisations.exists(tenant.id);
}

export async function discoverRealm(deps: TDeps, tenant: TTenant, rawEmail: string): Promise<TRealm> {
  const email = normalizeEmail(rawEmail);
  const at = email.lastIndexOf("@");
  const domain = at > 0 ? email.slice(at + 1) : "";
  if (!domain) return { kind: "local", email };
  const organisation = await deps.store.organisations.findByDomain(tenant.id, domain);
  const connection = organisation
    ? await deps.store.enterpriseConnections.findByOrganisation(tenant.id, organisation.id)
    : null;
  return connection ? { kind: "federated", connection, email } : { kind: "local", email };
}

/** The tenant's connections, for the handshake's provider list. */
export function tenantConnections(deps: TDeps, tenant: TTenant): Promise<TEnterpriseConnection[]> {
  return deps.store.enterpriseConnections.list(tenant.id);
}

/** One of the tenant's connections by id (another tenant's connection is not found). */
export function findTenantConnection(
  deps: TDeps,
  tenant: TTenant,
  connectionId: string,
): Promise<TEnterpriseConnection | null> {
  return deps.store.enterpriseConnections.findById(tenant.id, connectionId);
}
