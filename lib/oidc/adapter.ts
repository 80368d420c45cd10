// oidc-provider's storage, on Portico's database (SQLite or PostgreSQL): registered apps come from
// OidcClient, everything the provider keeps (interactions, sessions, grants, codes, tokens, replay
// detection) from OidcState, one adapter per tenant. The provider checks a value's `consumed` mark
// before it consumes it; two requests racing with one code or one refresh token would both pass
// that check, so `consume` itself is a conditional update and the loser is refused as a replay, and
// the whole grant revoked, exactly as the provider does for a replay it sees.
import { errors, type Adapter, type AdapterPayload } from "oidc-provider";
import type { TRepositories } from "../db/store";
import type { TOidcClient } from "./types";

/** Models whose values belong to a grant and are revoked with it. */
export const GRANT_MODELS = [
  "AccessToken",
  "AuthorizationCode",
  "RefreshToken",
  "DeviceCode",
  "BackchannelAuthenticationRequest",
  "PreAuthorizedCode",
] as const;

type TStateStore = Pick<TRepositories, "oidcState">;
type TClientStore = Pick<TRepositories, "oidcClients">;

/** The client metadata oidc-provider validates and uses; the stored secret hash stands in for the secret. */
export function clientMetadata(client: TOidcClient): AdapterPayload {
  const refresh = client.scopes.includes("offline_access");
  return {
    client_id: client.clientId,
    client_name: client.name,
    ...(client.type === "confidential" && client.secretHash
      ? { client_secret: client.secretHash, token_endpoint_auth_method: "client_secret_basic" }
      : { token_endpoint_auth_method: "none" }),
    application_type: "web",
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    grant_types: refresh ? ["authorization_code", "refresh_token"] : ["authorization_code"],
    response_types: ["code"],
    scope: client.scopes.join(" "),
    id_token_signed_response_alg: "RS256",
    ...(client.backchannelLogoutUri
      ? { backchannel_logout_uri: client.backchannelLogoutUri, backchannel_logout_session_required: true }
      : {}),
    portico_first_party: client.firstParty,
    portico_min_aal: client.minAal,
    portico_access_token_ttl: client.accessTokenTtlSeconds,
  };
}

function epochOf(date: Date | null): number | undefined {
  return date ? Math.floor(date.getTime() / 1000) : undefined;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}

/**
 * The adapter of one model of one tenant. `now` is the provider's own clock (oidc-provider judges
 * expiry with Date.now), so a row and the provider agree on what has expired.
 */
export function stateAdapter(
  store: TStateStore,
  tenantId: string,
  model: string,
  now: () => Date = () => new Date(),
): Adapter {
  const payloadOf = (row: { payload: Record<string, unknown>; consumedAt: Date | null } | null) =>
    row
      ? ({ ...row.payload, ...(row.consumedAt ? { consumed: epochOf(row.consumedAt) } : {}) } as AdapterPayload)
      : undefined;
  return {
    async upsert(id, payload, expiresIn) {
      await store.oidcState.upsert(tenantId, model, id, {
        payload: { ...payload },
        grantId: stringOrNull(payload.grantId),
        uid: stringOrNull(payload.uid),
        accountId: stringOrNull(payload.accountId),
        clientId: stringOrNull(payload.clientId),
        userCode: stringOrNull(payload.userCode),
        expiresAt: typeof expiresIn === "number" ? new Date(now().getTime() + expiresIn * 1000) : null,
      });
    },
    async find(id) {
      return payloadOf(await store.oidcState.find(tenantId, model, id, now()));
    },
    async findByUid(uid) {
      return payloadOf(await store.oidcState.findByUid(tenantId, model, uid, now()));
    },
    async findByUserCode(userCode) {
      return payloadOf(await store.oidcState.findByUserCode(tenantId, model, userCode, now()));
    },
    async consume(id) {
      if (await store.oidcState.consume(tenantId, model, id, now())) return;
      // Another request consumed it between the provider's check and this update: a replay.
      const row = await store.oidcState.find(tenantId, model, id, now());
      const grantId = stringOrNull(row?.payload.grantId);
      if (grantId) {
        for (const grantModel of GRANT_MODELS) await store.oidcState.revokeByGrantId(tenantId, grantModel, grantId);
        await store.oidcState.destroy(tenantId, "Grant", grantId);
      }
      throw new errors.InvalidGrant(`${model === "RefreshToken" ? "refresh token" : "grant"} already used`);
    },
    async destroy(id) {
      await store.oidcState.destroy(tenantId, model, id);
    },
    async revokeByGrantId(grantId) {
      await store.oidcState.revokeByGrantId(tenantId, model, grantId);
    },
  };
}

/** Clients are read from the tenant's registrations; the provider never writes them (no dynamic registration). */
export function clientAdapter(store: TClientStore, tenantId: string): Adapter {
  const refuse = () => Promise.reject(new Error("clients are registered through Portico, not the provider"));
  return {
    async find(id) {
      const client = await store.oidcClients.find(tenantId, id);
      return client ? clientMetadata(client) : undefined;
    },
    findByUid: () => Promise.resolve(undefined),
    findByUserCode: () => Promise.resolve(undefined),
    upsert: refuse,
    consume: refuse,
    destroy: refuse,
    revokeByGrantId: () => Promise.resolve(undefined),
  };
}

/** The adapter factory oidc-provider calls once per model, for one tenant. */
export function adapterFactoryFor(store: TStateStore & TClientStore, tenantId: string) {
  return (model: string): Adapter =>
    model === "Client" ? clientAdapter(store, tenantId) : stateAdapter(store, tenantId, model);
}
