// Home-realm discovery for identifier-first sign-in: which way an address signs in. The answer
// depends only on the address's domain — an organisation of the tenant that owns the domain and has
// an enterprise connection sends it to that IdP — never on whether an account exists, so the step
// tells nothing about accounts. The connection is always derived here, from the domain; nothing a
// form sends can choose another organisation's IdP.
import { normalizeEmail } from "../identity/email";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { fail, type TFailure } from "../kernel/outcome";
import { consumeRateLimit, RATE_LIMITS } from "../risk/rate-limit";
import { FEDERATION } from "./outcomes";
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

/**
 * Counts one enterprise sign-in start (which makes next-auth fetch the IdP's discovery document)
 * per client network and per tenant; RATE_LIMITED when either budget is spent.
 */
export async function admitFederatedStart(
  deps: TDeps,
  tenant: TTenant,
  meta: TRequestMeta,
): Promise<{ ok: true } | TFailure<typeof FEDERATION, "RATE_LIMITED">> {
  const now = deps.now();
  const perIp = await consumeRateLimit(
    deps.store,
    `fed-start:ip:${tenant.id}:${meta.ip ?? "unknown"}`,
    RATE_LIMITS.federatedStartPerIp.limit,
    RATE_LIMITS.federatedStartPerIp.windowSeconds,
    now,
  );
  if (!perIp.allowed)
    return fail(FEDERATION, "RATE_LIMITED", { scope: "identify", retryAfterSeconds: perIp.retryAfterSeconds });
  const perTenant = await consumeRateLimit(
    deps.store,
    `fed-start:tenant:${tenant.id}`,
    RATE_LIMITS.federatedStartPerTenant.limit,
    RATE_LIMITS.federatedStartPerTenant.windowSeconds,
    now,
  );
  if (!perTenant.allowed)
    return fail(FEDERATION, "RATE_LIMITED", { scope: "identify", retryAfterSeconds: perTenant.retryAfterSeconds });
  return { ok: true };
}
