// Registering an app with a tenant's OpenID Provider. The client secret is 256 random bits, shown
// once and stored as its SHA-256 (as session and reset tokens are: the input is high-entropy, so a
// plain hash is enough and nothing can be brute-forced); a public client (SPA, native) has none and
// must use PKCE. Redirect URIs are matched exactly by the provider, and only https or a loopback
// http address is accepted, so a code can never be sent in the clear over a network.
import { randomBytes } from "node:crypto";
import { AUDIT } from "../audit/catalog";
import { recordStaffAudit } from "../audit/events";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { fail, type TFailure } from "../kernel/outcome";
import { withTransaction } from "../kernel/transaction";
import { hashToken } from "../security/tokens";
import { ACCESS_TOKEN_TTL_RANGE } from "./lifetimes";
import { OIDC_CLIENT } from "./outcomes";
import { OIDC_SCOPES, type TOidcClient, type TOidcClientType, type TOidcScope } from "./types";

export type TNewClientInput = {
  tenantSlug: string;
  name: string;
  type: TOidcClientType;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  backchannelLogoutUri?: string | null;
  scopes?: string[];
  firstParty?: boolean;
  minAal?: 1 | 2 | 3;
  /** Its access tokens' lifetime in seconds (default 600). */
  accessTokenTtlSeconds?: number;
  /** Who registers it, recorded in the audit event ("operator" for the CLI, the staff id in the console). */
  by: string;
  /** The staff member who registers it in the console (null from the CLI). */
  staffId?: string | null;
};

/** The fields of a registration that can be changed, as checked by `checkRegistration`. */
export type TClientRegistration = {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  scopes: TOidcScope[];
  firstParty: boolean;
  minAal: 1 | 2 | 3;
  accessTokenTtlSeconds: number;
};

/** How many redirect (or post-logout redirect) URIs one app may register. */
export const MAX_URIS = 10;

export type TCreatedClient = { client: TOidcClient; clientSecret: string | null };

type TUriField = "redirect_uris" | "post_logout_redirect_uris" | "backchannel_logout_uri";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]", "localhost"]);

/** Why a registered URI is refused, or null when it is fine: https anywhere, http only on a loopback host. */
export function uriProblem(raw: string): "not_a_url" | "insecure" | "fragment" | null {
  if (raw.length > 2000 || /[\s\u0000-\u001f\u007f]/.test(raw)) return "not_a_url";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "not_a_url";
  }
  if (url.hash || raw.includes("#")) return "fragment";
  if (url.username || url.password) return "not_a_url";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return "insecure";
}

function checkUris(field: TUriField, uris: string[]) {
  for (const uri of uris) {
    const problem = uriProblem(uri);
    if (problem) return fail(OIDC_CLIENT, "INVALID_CLIENT", { field, problem });
  }
  return null;
}

export function newClientId(): string {
  return randomBytes(18).toString("base64url");
}

export function newClientSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** Checks and normalises a registration's changeable fields (the CLI's and the console's). */
export function checkRegistration(
  input: Omit<TNewClientInput, "tenantSlug" | "type" | "by" | "staffId">,
): { ok: true; value: TClientRegistration } | TFailure<typeof OIDC_CLIENT, "INVALID_CLIENT"> {
  const name = input.name.trim();
  if (!name) return fail(OIDC_CLIENT, "INVALID_CLIENT", { field: "name", problem: "missing" });
  if (name.length > 100) return fail(OIDC_CLIENT, "INVALID_CLIENT", { field: "name", problem: "too_long" });
  if (input.redirectUris.length === 0)
    return fail(OIDC_CLIENT, "INVALID_CLIENT", { field: "redirect_uris", problem: "missing" });
  const postLogout = input.postLogoutRedirectUris ?? [];
  if (input.redirectUris.length > MAX_URIS)
    return fail(OIDC_CLIENT, "INVALID_CLIENT", { field: "redirect_uris", problem: "too_many" });
  if (postLogout.length > MAX_URIS)
    return fail(OIDC_CLIENT, "INVALID_CLIENT", { field: "post_logout_redirect_uris", problem: "too_many" });
  const backchannel = input.backchannelLogoutUri ?? null;
  const uriFailure =
    checkUris("redirect_uris", input.redirectUris) ??
    checkUris("post_logout_redirect_uris", postLogout) ??
    checkUris("backchannel_logout_uri", backchannel ? [backchannel] : []);
  if (uriFailure) return uriFailure;
  const requested = input.scopes ?? ["openid", "email", "profile", "offline_access"];
  const scopes = requested.filter((scope): scope is TOidcScope => (OIDC_SCOPES as readonly string[]).includes(scope));
  if (scopes.length !== requested.length || !scopes.includes("openid"))
    return fail(OIDC_CLIENT, "INVALID_CLIENT", { field: "scopes", problem: "unknown_scope" });
  const minAal = input.minAal ?? 1;
  if (![1, 2, 3].includes(minAal))
    return fail(OIDC_CLIENT, "INVALID_CLIENT", { field: "min_aal", problem: "out_of_range" });
  const ttl = input.accessTokenTtlSeconds ?? 600;
  if (!Number.isInteger(ttl) || ttl < ACCESS_TOKEN_TTL_RANGE.min || ttl > ACCESS_TOKEN_TTL_RANGE.max)
    return fail(OIDC_CLIENT, "INVALID_CLIENT", { field: "access_token_ttl", problem: "out_of_range" });
  return {
    ok: true,
    value: {
      name,
      redirectUris: [...new Set(input.redirectUris)],
      postLogoutRedirectUris: [...new Set(postLogout)],
      backchannelLogoutUri: backchannel,
      scopes: [...new Set(scopes)],
      firstParty: input.firstParty ?? false,
      minAal,
      accessTokenTtlSeconds: ttl,
    },
  };
}

export async function createOidcClient(
  deps: TDeps,
  input: TNewClientInput,
  meta: TRequestMeta,
): Promise<{ ok: true; value: TCreatedClient } | TFailure<typeof OIDC_CLIENT>> {
  const tenant = await deps.store.tenants.findBySlug(input.tenantSlug);
  if (!tenant) return fail(OIDC_CLIENT, "TENANT_NOT_FOUND", { tenant: input.tenantSlug });
  const checked = checkRegistration(input);
  if (!checked.ok) return checked;
  const registration = checked.value;

  const clientSecret = input.type === "confidential" ? newClientSecret() : null;
  return withTransaction(deps, async (tx) => {
    const at = tx.now();
    const client = await tx.store.oidcClients.create({
      tenantId: tenant.id,
      clientId: newClientId(),
      type: input.type,
      secretHash: clientSecret ? hashToken(clientSecret) : null,
      ...registration,
      at,
    });
    await recordStaffAudit(tx.store, {
      staffId: input.staffId ?? null,
      tenantId: tenant.id,
      type: AUDIT.oidcClientCreated,
      meta,
      data: {
        clientId: client.clientId,
        name: client.name,
        clientType: client.type,
        firstParty: client.firstParty,
        redirectUris: client.redirectUris,
        by: input.by,
      },
      at,
    });
    return { ok: true as const, value: { client, clientSecret } };
  });
}
