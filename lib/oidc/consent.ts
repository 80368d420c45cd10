// A person's consent to a third-party app of the tenant. The consent page records what they
// allowed (`grantAppAccess`): later sign-ins to the same app asking for the same or fewer scopes
// are not asked again, because the provider's grant is rebuilt from this record
// (`loadExistingGrant`, lib/oidc/provider.ts) even in a new provider session. Revoking it from
// Connected apps (`revokeAppAccess`) deletes the record with every grant, code, access token and
// refresh token of that app for that person, in one transaction: the app's tokens stop working at
// once and its next sign-in asks again. Every query names the tenant and the person, so nobody can
// see or revoke another's consent, nor use one tenant's at another.
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { fail, type TFailure } from "../kernel/outcome";
import { withTransaction } from "../kernel/transaction";
import type { TTenant } from "../tenancy/types";
import { GRANT_MODELS } from "./adapter";
import { OIDC_CONSENT } from "./outcomes";
import { OIDC_SCOPES, type TOidcConsent } from "./types";

/** The OpenID scopes of a `scope` parameter that Portico knows, in its order, once each. */
export function oidcScopesOf(scope: unknown): string[] {
  const asked = new Set(typeof scope === "string" ? scope.split(" ").filter(Boolean) : []);
  return OIDC_SCOPES.filter((known) => asked.has(known));
}

/** The person's consent to one app, or null. */
export function findAppConsent(
  deps: Pick<TDeps, "store">,
  tenantId: string,
  userId: string,
  clientId: string,
): Promise<TOidcConsent | null> {
  return deps.store.oidcConsents.find(tenantId, userId, clientId);
}

/**
 * Records that the person allowed the app `scopes` (and `claims`), added to what they allowed it
 * before; audited with what this answer added.
 */
export async function grantAppAccess(
  deps: TDeps,
  tenant: TTenant,
  input: { userId: string; clientId: string; scopes: string[]; claims: string[] },
  meta: TRequestMeta,
): Promise<TOidcConsent> {
  const now = deps.now();
  return withTransaction(deps, async (txDeps) => {
    const before = await txDeps.store.oidcConsents.find(tenant.id, input.userId, input.clientId);
    const had = new Set(before?.scopes ?? []);
    const scopes = OIDC_SCOPES.filter((scope) => had.has(scope) || input.scopes.includes(scope));
    const claims = [...new Set([...(before?.claims ?? []), ...input.claims])];
    const saved = await txDeps.store.oidcConsents.save(
      { tenantId: tenant.id, userId: input.userId, clientId: input.clientId, scopes, claims },
      now,
    );
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId: input.userId,
      type: AUDIT.appAccessGranted,
      meta,
      data: { clientId: input.clientId, scopes, added: scopes.filter((scope) => !had.has(scope)) },
      at: now,
    });
    return saved;
  });
}

/**
 * Ends the person's consent to the app: the record goes with every grant, code and token of that
 * app for that person. Another person's or another tenant's consent is not found.
 */
export async function revokeAppAccess(
  deps: TDeps,
  tenant: TTenant,
  userId: string,
  clientId: string,
  meta: TRequestMeta,
): Promise<{ ok: true; appName: string | null } | TFailure<typeof OIDC_CONSENT, "NOT_FOUND">> {
  const now = deps.now();
  return withTransaction(deps, async (txDeps) => {
    const consent = await txDeps.store.oidcConsents.find(tenant.id, userId, clientId);
    if (!consent || !(await txDeps.store.oidcConsents.remove(tenant.id, userId, clientId)))
      return fail(OIDC_CONSENT, "NOT_FOUND");
    const tokens = await txDeps.store.oidcState.revokeForAccountAndClient(tenant.id, userId, clientId, [
      "Grant",
      ...GRANT_MODELS,
    ]);
    await recordAudit(txDeps.store, {
      tenantId: tenant.id,
      userId,
      type: AUDIT.appAccessRevoked,
      meta,
      data: { clientId, scopes: consent.scopes, tokens },
      at: now,
    });
    const client = await txDeps.store.oidcClients.find(tenant.id, clientId);
    return { ok: true as const, appName: client?.name ?? null };
  });
}

export type TConnectedApp = {
  clientId: string;
  /** The app's registered name; null when the tenant has since removed the app. */
  name: string | null;
  scopes: string[];
  grantedAt: Date;
  updatedAt: Date;
};

/** The third-party apps the person allowed at this tenant, the most recently allowed first. */
export async function listConnectedApps(
  deps: Pick<TDeps, "store">,
  tenantId: string,
  userId: string,
): Promise<TConnectedApp[]> {
  const consents = await deps.store.oidcConsents.listForUser(tenantId, userId);
  return Promise.all(
    consents.map(async (consent) => {
      const client = await deps.store.oidcClients.find(tenantId, consent.clientId);
      return {
        clientId: consent.clientId,
        name: client?.name ?? null,
        scopes: consent.scopes,
        grantedAt: consent.grantedAt,
        updatedAt: consent.updatedAt,
      };
    }),
  );
}
