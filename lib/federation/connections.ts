// An organisation's enterprise connection: the OpenID Provider its people sign in with. The client
// secret is sealed with the server's key (lib/security/secret-box.ts) under a context naming the
// tenant and the connection, so a sealed value copied onto another row does not open; it is never
// returned, logged or audited. The operator CLI (scripts/connection-admin.ts) and the console page
// both go through createConnection / updateConnection.
import { randomUUID } from "node:crypto";
import * as oidc from "openid-client";
import { recordStaffAudit } from "../audit/events";
import { AUDIT } from "../audit/catalog";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { fail, type TFailure } from "../kernel/outcome";
import { withTransaction } from "../kernel/transaction";
import type { TClaimMapping, TEnterpriseConnection } from "../organisations/types";
import type { TTenant } from "../tenancy/types";
import { CONNECTION } from "./outcomes";

/** The context a connection's client secret is sealed under. */
export function secretContext(tenantId: string, connectionId: string): string {
  return `connection:${tenantId}:${connectionId}`;
}

/** The redirect URI to register at the IdP: next-auth's callback for this connection under the tenant. */
export function redirectUriFor(baseUrl: URL, tenantSlug: string, connectionId: string): string {
  return new URL(`/${tenantSlug}/api/auth/callback/${connectionId}`, baseUrl).toString();
}

/** Opens the connection's client secret for the handshake (only lib/next/federation.ts needs it). */
export function openClientSecret(deps: TDeps, connection: TEnterpriseConnection): string {
  return deps.secrets.open(connection.clientSecretSealed, secretContext(connection.tenantId, connection.id));
}

// The same loopback rule as the OpenID Provider's redirect URIs (lib/oidc/clients.ts): https
// everywhere, plain http only for a loopback host, where a local IdP runs for development and tests.
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]", "localhost"]);

type TInvalid = TFailure<typeof CONNECTION, "INVALID_CONNECTION">;
const invalid = (
  field: "issuer" | "client_id" | "client_secret" | "scopes" | "claim_mapping",
  problem: "missing" | "too_long" | "not_a_url" | "insecure" | "fragment" | "no_openid" | "not_a_claim",
): TInvalid => fail(CONNECTION, "INVALID_CONNECTION", { field, problem });

/** The issuer as stored (no trailing slash), or why it is refused. */
export function checkIssuer(raw: string): { ok: true; issuer: string } | TInvalid {
  const trimmed = raw.trim();
  if (!trimmed) return invalid("issuer", "missing");
  if (trimmed.length > 300) return invalid("issuer", "too_long");
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return invalid("issuer", "not_a_url");
  }
  if (url.hash || trimmed.includes("#")) return invalid("issuer", "fragment");
  if (url.search) return invalid("issuer", "not_a_url");
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)))
    return invalid("issuer", "insecure");
  return { ok: true, issuer: url.href.replace(/\/$/, "") };
}

export type TConnectionFields = {
  issuer: string;
  clientId: string;
  scopes: string[];
  claimMapping: TClaimMapping;
  jit: boolean;
  trustIdpAssurance: boolean;
};

function checkFields(input: {
  issuer: string;
  clientId: string;
  scopes?: readonly string[];
  claimMapping?: TClaimMapping;
  jit?: boolean;
  trustIdpAssurance?: boolean;
}): { ok: true; value: TConnectionFields } | TInvalid {
  const issuer = checkIssuer(input.issuer);
  if (!issuer.ok) return issuer;
  const clientId = input.clientId.trim();
  if (!clientId) return invalid("client_id", "missing");
  if (clientId.length > 200) return invalid("client_id", "too_long");
  const scopes = [...new Set((input.scopes ?? ["openid", "email", "profile"]).map((s) => s.trim()).filter(Boolean))];
  if (!scopes.includes("openid")) return invalid("scopes", "no_openid");
  if (scopes.length > 20 || scopes.some((s) => s.length > 64 || !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(s)))
    return invalid("scopes", "too_long");
  const claimMapping = checkClaimMapping(input.claimMapping ?? {});
  if (!claimMapping.ok) return claimMapping;
  return {
    ok: true,
    value: {
      issuer: issuer.issuer,
      clientId,
      scopes,
      claimMapping: claimMapping.value,
      jit: input.jit ?? false,
      trustIdpAssurance: input.trustIdpAssurance ?? false,
    },
  };
}

const CLAIM_NAME = /^[A-Za-z0-9_:.-]{1,64}$/;

/**
 * The claim mapping: for each of email, email_verified and name, the IdP's claim that carries it
 * (empty or missing: the standard claim). Names are 1-64 characters of [A-Za-z0-9_:.-].
 */
export function checkClaimMapping(
  raw: Partial<Record<keyof TClaimMapping, string | undefined>>,
): { ok: true; value: TClaimMapping } | TInvalid {
  const value: TClaimMapping = {};
  for (const key of ["email", "email_verified", "name"] as const) {
    const name = raw[key]?.trim();
    if (!name) continue;
    if (!CLAIM_NAME.test(name)) return invalid("claim_mapping", "not_a_claim");
    value[key] = name;
  }
  return { ok: true, value };
}

function checkSecret(secret: string): string | TInvalid {
  if (!secret) return invalid("client_secret", "missing");
  if (secret.length > 500) return invalid("client_secret", "too_long");
  return secret;
}

export type TConnectionView = Omit<TEnterpriseConnection, "clientSecretSealed"> & { redirectUri: string };

function viewOf(deps: TDeps, tenant: TTenant, connection: TEnterpriseConnection): TConnectionView {
  // The sealed secret stays behind: nothing outside the handshake sees it, not even sealed.
  const { clientSecretSealed: _sealed, ...rest } = connection;
  void _sealed;
  return { ...rest, redirectUri: redirectUriFor(deps.baseUrl, tenant.slug, connection.id) };
}

/** Who changes a connection: a staff member (console) or the operator (CLI, staffId null). */
export type TConnectionActor = { staffId: string | null; by: string; meta: TRequestMeta };

export async function createConnection(
  deps: TDeps,
  actor: TConnectionActor,
  input: {
    tenant: TTenant;
    organisation: string;
    issuer: string;
    clientId: string;
    clientSecret: string;
    scopes?: readonly string[];
    claimMapping?: TClaimMapping;
    jit?: boolean;
    trustIdpAssurance?: boolean;
  },
): Promise<{ ok: true; value: TConnectionView } | TFailure<typeof CONNECTION>> {
  const { tenant } = input;
  const organisation = await deps.store.organisations.findBySlug(tenant.id, input.organisation);
  if (!organisation) return fail(CONNECTION, "ORG_NOT_FOUND");
  const fields = checkFields(input);
  if (!fields.ok) return fields;
  const secret = checkSecret(input.clientSecret);
  if (typeof secret !== "string") return secret;
  const created = await withTransaction<TEnterpriseConnection | null>(deps, async (txDeps, rollback) => {
    if (await txDeps.store.enterpriseConnections.findByOrganisation(tenant.id, organisation.id)) return rollback(null);
    // The id is chosen first so that the secret can be sealed under it; the row is then written with both.
    const id = randomUUID();
    const connection = await txDeps.store.enterpriseConnections.create({
      id,
      tenantId: tenant.id,
      organisationId: organisation.id,
      issuer: fields.value.issuer,
      clientId: fields.value.clientId,
      clientSecretSealed: deps.secrets.seal(secret, secretContext(tenant.id, id)),
      scopes: fields.value.scopes,
      claimMapping: fields.value.claimMapping,
      jitProvisioning: fields.value.jit,
      trustIdpAssurance: fields.value.trustIdpAssurance,
    });
    await recordStaffAudit(txDeps.store, {
      staffId: actor.staffId,
      tenantId: tenant.id,
      type: AUDIT.connectionCreated,
      meta: actor.meta,
      data: {
        connectionId: connection.id,
        organisationId: organisation.id,
        issuer: connection.issuer,
        clientId: connection.clientId,
        jit: connection.jitProvisioning,
        trustIdpAssurance: connection.trustIdpAssurance,
        by: actor.by,
      },
      at: deps.now(),
    });
    return connection;
  });
  if (!created) return fail(CONNECTION, "ALREADY_EXISTS");
  return { ok: true, value: viewOf(deps, tenant, created) };
}

/** The organisation's connection as the console shows it (never the secret), or null. */
export async function connectionOfOrganisation(
  deps: TDeps,
  tenant: TTenant,
  organisationSlug: string,
): Promise<
  | {
      ok: true;
      organisation: { id: string; slug: string; name: string; domains: string[] };
      connection: TConnectionView | null;
    }
  | TFailure<typeof CONNECTION, "ORG_NOT_FOUND">
> {
  const organisation = await deps.store.organisations.findBySlug(tenant.id, organisationSlug);
  if (!organisation) return fail(CONNECTION, "ORG_NOT_FOUND");
  const connection = await deps.store.enterpriseConnections.findByOrganisation(tenant.id, organisation.id);
  return {
    ok: true,
    organisation: {
      id: organisation.id,
      slug: organisation.slug,
      name: organisation.name,
      domains: organisation.domains,
    },
    connection: connection ? viewOf(deps, tenant, connection) : null,
  };
}

/**
 * Changes the connection's settings; an empty `clientSecret` keeps the sealed one (the console's
 * secret field is write-only).
 */
export async function updateConnection(
  deps: TDeps,
  actor: TConnectionActor,
  input: {
    tenant: TTenant;
    connectionId: string;
    issuer: string;
    clientId: string;
    clientSecret: string;
    scopes: readonly string[];
    /** Missing: keep the stored mapping. */
    claimMapping?: TClaimMapping;
    jit: boolean;
    trustIdpAssurance: boolean;
  },
): Promise<
  | {
      ok: true;
      value: TConnectionView;
      changed: number;
      /** Set when the issuer changed: the identities and open link requests that were removed. */
      unlinked: { identities: number; linkRequests: number } | null;
    }
  | TFailure<typeof CONNECTION>
> {
  const { tenant } = input;
  const current = await deps.store.enterpriseConnections.findById(tenant.id, input.connectionId);
  if (!current) return fail(CONNECTION, "NOT_FOUND");
  const fields = checkFields({ ...input, claimMapping: input.claimMapping ?? current.claimMapping });
  if (!fields.ok) return fields;
  const secret = input.clientSecret ? checkSecret(input.clientSecret) : null;
  if (secret !== null && typeof secret !== "string") return secret;
  const before = {
    issuer: current.issuer,
    clientId: current.clientId,
    scopes: current.scopes.join(" "),
    claimMapping: JSON.stringify(current.claimMapping),
    jit: current.jitProvisioning,
    trustIdpAssurance: current.trustIdpAssurance,
  };
  const after = {
    issuer: fields.value.issuer,
    clientId: fields.value.clientId,
    scopes: fields.value.scopes.join(" "),
    claimMapping: JSON.stringify(fields.value.claimMapping),
    jit: fields.value.jit,
    trustIdpAssurance: fields.value.trustIdpAssurance,
  };
  const changes = Object.fromEntries(
    (Object.keys(before) as (keyof typeof before)[])
      .filter((key) => before[key] !== after[key])
      .map((key) => [key, { from: before[key], to: after[key] }]),
  );
  const issuerChanged = before.issuer !== after.issuer;
  const now = deps.now();
  const updated = await withTransaction(deps, async (txDeps) => {
    // A subject is only unique at its issuer: at a new IdP the same `sub` may be someone else, so
    // every identity linked at the old issuer (and every open link request) goes with it.
    const unlinked = issuerChanged
      ? {
          identities: await txDeps.store.federatedIdentities.removeForConnection(tenant.id, current.id),
          linkRequests: await txDeps.store.federatedLinkRequests.removeOpenForConnection(tenant.id, current.id, now),
        }
      : null;
    await txDeps.store.enterpriseConnections.update(tenant.id, current.id, {
      issuer: fields.value.issuer,
      clientId: fields.value.clientId,
      scopes: fields.value.scopes,
      claimMapping: fields.value.claimMapping,
      jitProvisioning: fields.value.jit,
      trustIdpAssurance: fields.value.trustIdpAssurance,
      ...(secret ? { clientSecretSealed: deps.secrets.seal(secret, secretContext(tenant.id, current.id)) } : {}),
    });
    await recordStaffAudit(txDeps.store, {
      staffId: actor.staffId,
      tenantId: tenant.id,
      type: AUDIT.connectionUpdated,
      meta: actor.meta,
      data: {
        connectionId: current.id,
        changes,
        secretReplaced: secret !== null,
        ...(unlinked ? { unlinkedIdentities: unlinked.identities, removedLinkRequests: unlinked.linkRequests } : {}),
      },
      at: now,
    });
    const connection = await txDeps.store.enterpriseConnections.findById(tenant.id, current.id);
    return connection ? { connection, unlinked } : null;
  });
  if (!updated) return fail(CONNECTION, "NOT_FOUND");
  return {
    ok: true,
    value: viewOf(deps, tenant, updated.connection),
    changed: Object.keys(changes).length + (secret ? 1 : 0),
    unlinked: updated.unlinked,
  };
}

export async function removeConnection(
  deps: TDeps,
  actor: TConnectionActor,
  tenant: TTenant,
  connectionId: string,
): Promise<{ ok: true } | TFailure<typeof CONNECTION, "NOT_FOUND">> {
  const current = await deps.store.enterpriseConnections.findById(tenant.id, connectionId);
  if (!current) return fail(CONNECTION, "NOT_FOUND");
  await withTransaction(deps, async (txDeps) => {
    await txDeps.store.enterpriseConnections.remove(tenant.id, current.id);
    await recordStaffAudit(txDeps.store, {
      staffId: actor.staffId,
      tenantId: tenant.id,
      type: AUDIT.connectionRemoved,
      meta: actor.meta,
      data: { connectionId: current.id, issuer: current.issuer },
      at: deps.now(),
    });
  });
  return { ok: true };
}

/** What "Test connection" found in the IdP's discovery document. */
export type TDiscoveryReport = {
  issuer: string;
  issuerMatches: boolean;
  authorizationEndpoint: string | null;
  tokenEndpoint: string | null;
  jwksUri: string | null;
  userinfoEndpoint: string | null;
  scopesSupported: string[];
  claimsSupported: string[];
  pkceS256: boolean;
  /** Scopes the connection asks for that the IdP does not list (an IdP may still honour them). */
  missingScopes: string[];
};

function stageOf(error: unknown): "unreachable" | "http_status" | "not_json" | "issuer_mismatch" | "invalid" {
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  if (code === "OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED") return "issuer_mismatch";
  if (code === "OAUTH_RESPONSE_IS_NOT_CONFORM") return "http_status";
  if (code === "OAUTH_RESPONSE_IS_NOT_JSON" || code === "OAUTH_PARSE_ERROR") return "not_json";
  if (error instanceof TypeError || code === "OAUTH_TIMEOUT" || code === "ECONNREFUSED") return "unreachable";
  return "invalid";
}

/**
 * Fetches `{issuer}/.well-known/openid-configuration` with openid-client (which also checks that
 * the document names the configured issuer) and reports what the IdP offers. Audited.
 */
export async function testConnection(
  deps: TDeps,
  actor: TConnectionActor,
  tenant: TTenant,
  connectionId: string,
): Promise<{ ok: true; value: TDiscoveryReport } | TFailure<typeof CONNECTION, "NOT_FOUND" | "DISCOVERY_FAILED">> {
  const connection = await deps.store.enterpriseConnections.findById(tenant.id, connectionId);
  if (!connection) return fail(CONNECTION, "NOT_FOUND");
  const issuer = new URL(connection.issuer);
  let result: { ok: true; value: TDiscoveryReport } | TFailure<typeof CONNECTION, "DISCOVERY_FAILED">;
  try {
    const configuration = await oidc.discovery(issuer, connection.clientId, undefined, undefined, {
      ...(issuer.protocol === "http:" ? { execute: [oidc.allowInsecureRequests] } : {}),
      timeout: 10,
    });
    const server = configuration.serverMetadata();
    const scopesSupported = server.scopes_supported ?? [];
    result = {
      ok: true,
      value: {
        issuer: server.issuer,
        issuerMatches: server.issuer.replace(/\/$/, "") === connection.issuer,
        authorizationEndpoint: server.authorization_endpoint ?? null,
        tokenEndpoint: server.token_endpoint ?? null,
        jwksUri: server.jwks_uri ?? null,
        userinfoEndpoint: server.userinfo_endpoint ?? null,
        scopesSupported,
        claimsSupported: server.claims_supported ?? [],
        pkceS256: server.code_challenge_methods_supported?.includes("S256") ?? false,
        missingScopes: scopesSupported.length ? connection.scopes.filter((s) => !scopesSupported.includes(s)) : [],
      },
    };
  } catch (error) {
    result = fail(CONNECTION, "DISCOVERY_FAILED", { stage: stageOf(error) });
  }
  await withTransaction(deps, (txDeps) =>
    recordStaffAudit(txDeps.store, {
      staffId: actor.staffId,
      tenantId: tenant.id,
      type: AUDIT.connectionTested,
      meta: actor.meta,
      data: {
        connectionId: connection.id,
        outcome: result.ok ? "ok" : result.params.stage,
        issuerMatches: result.ok ? result.value.issuerMatches : false,
      },
      at: deps.now(),
    }),
  );
  return result;
}
