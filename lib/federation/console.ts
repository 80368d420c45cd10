// The console's enterprise-connection page (/admin/{tenant}/organisations/{slug}/connection): what
// it reads, and the changes it makes behind the console authority's fresh step-up.
import { isFreshAuthority, STALE_STEP_UP, type TConsoleAuthority } from "../kernel/authority";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import {
  checkClaimMapping,
  connectionOfOrganisation,
  createConnection,
  testConnection,
  updateConnection,
  type TConnectionActor,
} from "./connections";

export type TConnectionConsoleActor = { authority: TConsoleAuthority; meta: TRequestMeta };

function actorOf(by: TConnectionConsoleActor): TConnectionActor {
  return { staffId: by.authority.staffId, by: by.authority.staffId, meta: by.meta };
}

/** The organisation and its connection as the page shows them (never the secret). */
export function connectionPage(deps: TDeps, authority: Pick<TConsoleAuthority, "tenant">, organisationSlug: string) {
  return connectionOfOrganisation(deps, authority.tenant, organisationSlug);
}

export type TConnectionForm = {
  organisation: string;
  issuer: string;
  clientId: string;
  /** Empty: keep the stored secret (the field is write-only). */
  clientSecret: string;
  scopes: string;
  /** The IdP's claims for email, email_verified and name; empty: the standard claim. */
  claimEmail: string;
  claimEmailVerified: string;
  claimName: string;
  jit: boolean;
  trustIdpAssurance: boolean;
};

/** Creates the organisation's connection, or changes the one it has. */
export async function saveConnection(deps: TDeps, by: TConnectionConsoleActor, form: TConnectionForm) {
  if (!isFreshAuthority(by.authority, deps.now())) return STALE_STEP_UP;
  const tenant = by.authority.tenant;
  const current = await connectionOfOrganisation(deps, tenant, form.organisation);
  if (!current.ok) return current;
  const scopes = form.scopes.split(/[\s,]+/).filter(Boolean);
  const claimMapping = checkClaimMapping({
    email: form.claimEmail,
    email_verified: form.claimEmailVerified,
    name: form.claimName,
  });
  if (!claimMapping.ok) return claimMapping;
  if (!current.connection) {
    const created = await createConnection(deps, actorOf(by), {
      tenant,
      organisation: form.organisation,
      issuer: form.issuer,
      clientId: form.clientId,
      clientSecret: form.clientSecret,
      scopes,
      claimMapping: claimMapping.value,
      jit: form.jit,
      trustIdpAssurance: form.trustIdpAssurance,
    });
    // A new connection has nothing linked yet.
    return created.ok ? { ...created, unlinked: null } : created;
  }
  return updateConnection(deps, actorOf(by), {
    tenant,
    connectionId: current.connection.id,
    issuer: form.issuer,
    clientId: form.clientId,
    clientSecret: form.clientSecret,
    scopes,
    jit: form.jit,
    trustIdpAssurance: form.trustIdpAssurance,
  });
}

/** "Test connection": fetches the IdP's discovery document and reports what it found. */
export async function testConnectionFromConsole(deps: TDeps, by: TConnectionConsoleActor, organisationSlug: string) {
  if (!isFreshAuthority(by.authority, deps.now())) return STALE_STEP_UP;
  const current = await connectionOfOrganisation(deps, by.authority.tenant, organisationSlug);
  if (!current.ok) return current;
  if (!current.connection) return { ok: false as const, notConfigured: true as const };
  return testConnection(deps, actorOf(by), by.authority.tenant, current.connection.id);
}
