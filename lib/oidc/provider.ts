// One OpenID Provider per tenant, issuer `{base}/{tenant}/oidc`, built on oidc-provider (an
// OpenID-certified implementation: Portico does not write the protocol itself) and cached for the
// life of the process. Each tenant has its own issuer, signing keys, clients, state rows and cookie
// names, so nothing issued at one tenant is valid at another.
//
// Portico's own session is the session of record. The provider's "portico" prompt, checked before
// any other, looks up the Portico session of the browser: without one (or with another account's)
// the request goes to the interaction page (`login_required` for prompt=none); with one, the
// provider's session takes its current acr, amr and auth time, so a token never claims more (or
// older) assurance than Portico's session holds. A level the client or `acr_values` requires above
// the session's is `unmet_authentication_requirements`.
import { hkdfSync, timingSafeEqual } from "node:crypto";
import Provider, {
  errors,
  interactionPolicy,
  type Configuration,
  type KoaContextWithOIDC,
  type UnknownObject,
} from "oidc-provider";
import type { TDeps } from "../kernel/deps";
import { hashToken } from "../security/tokens";
import type { TValidSession } from "../sessions/validate-session";
import type { TTenant } from "../tenancy/types";
import { adapterFactoryFor } from "./adapter";
import { requiredLevel } from "./assurance";
import { bindProviderSession, queueProviderBackchannelLogout } from "./backchannel";
import { findAppConsent } from "./consent";
import { currentAssurance } from "./current-assurance";
import { memberLevelFloor, organisationClaims } from "./member-level";
import { keyVersionOf, openKeys, publishedKeyRows } from "./keys";
import { auditProviderEvents } from "./provider-audit";
import { ID_TOKEN_TTL_SECONDS } from "./lifetimes";
import { ACR_VALUES, OIDC_SCOPES, type TOidcSigningKey } from "./types";

export type TOidcHooks = {
  /** The complete Portico session of the browser that sent these cookies, validated; null when there is none. */
  porticoSession(cookie: (name: string) => string | undefined): Promise<TValidSession | null>;
  /** 32 bytes the provider's cookie-signing keys are derived from (per tenant). */
  cookieSecret: Buffer;
};

/** Where the provider of `tenant` lives. */
export function issuerFor(baseUrl: URL, tenantSlug: string): string {
  return new URL(`/${tenantSlug}/oidc`, baseUrl).href;
}

export function interactionPath(tenantSlug: string, uid: string): string {
  return `/${tenantSlug}/oidc/interaction/${uid}`;
}

/**
 * The tenant API: the one resource indicator (RFC 8707) a tenant's provider recognises. An app that
 * names it with `resource` gets an RFC 9068 JWT access token for it (see `tenantApiResourceServer`).
 */
export function tenantApiResource(baseUrl: URL, tenantSlug: string): string {
  return new URL(`/${tenantSlug}/api`, baseUrl).href;
}

/** The scopes a tenant API token may carry: what the person let the app see (never offline_access). */
export const TENANT_API_SCOPES = ["openid", "email", "profile"] as const;

/** Cookie names carry the tenant, so two tenants' provider sessions never share a cookie. */
export function providerCookieNames(tenantSlug: string) {
  return {
    session: `portico-oidc-${tenantSlug}`,
    interaction: `portico-oidc-${tenantSlug}-interaction`,
    resume: `portico-oidc-${tenantSlug}-resume`,
  };
}

const sessions = new WeakMap<KoaContextWithOIDC, Promise<TValidSession | null>>();

function porticoSessionOf(ctx: KoaContextWithOIDC, hooks: TOidcHooks): Promise<TValidSession | null> {
  let found = sessions.get(ctx);
  if (!found) {
    found = hooks.porticoSession((name) => ctx.cookies.get(name));
    sessions.set(ctx, found);
  }
  return found;
}

/** Portico's client metadata, as the adapter handed it to the provider. */
export function porticoMetadataOf(client: { metadata(): UnknownObject } | undefined): {
  firstParty: boolean;
  minAal: number;
  accessTokenTtlSeconds: number;
} {
  const metadata = client?.metadata() ?? {};
  const ttl = metadata.portico_access_token_ttl;
  return {
    firstParty: metadata.portico_first_party === true,
    minAal: typeof metadata.portico_min_aal === "number" ? metadata.portico_min_aal : 1,
    accessTokenTtlSeconds: typeof ttl === "number" && ttl >= 60 && ttl <= 86_400 ? ttl : 600,
  };
}

/**
 * Access tokens for the tenant API. The userinfo endpoint refuses an access token bound to a
 * resource server (oidc-provider: "token audience prevents accessing the userinfo endpoint"), so
 * the format follows what the token is for, as Auth0's `audience` and Logto's API resources do:
 *   - a token request without `resource` gets an opaque access token for userinfo (and
 *     introspection), as before;
 *   - a token request (authorization_code or refresh_token) with `resource` set to the tenant API
 *     indicator, which the authorization request named too, gets a JWT (`typ: at+jwt`, RS256 with
 *     the tenant's current key, `aud` the indicator) that the API verifies offline with the
 *     tenant's JWKS. Its lifetime is the client registration's access token TTL.
 * Any other indicator is `invalid_target`, so no app can have Portico sign a token for an audience
 * the tenant does not own; and only the tenant's first-party apps may name the tenant API (a
 * third-party app would need the person's consent to act on the API, and Portico has no consent
 * page): for them it is `invalid_target` as well.
 */
function tenantApiResourceServer(deps: TDeps, tenant: TTenant) {
  const indicator = tenantApiResource(deps.baseUrl, tenant.slug);
  return (_ctx: KoaContextWithOIDC, resource: string, client: { metadata(): UnknownObject }) => {
    const portico = porticoMetadataOf(client);
    if (resource !== indicator || !portico.firstParty)
      throw new errors.InvalidTarget("the resource is not an API of this tenant this app may call");
    return Promise.resolve({
      audience: indicator,
      scope: TENANT_API_SCOPES.join(" "),
      accessTokenFormat: "jwt" as const,
      accessTokenTTL: portico.accessTokenTtlSeconds,
      jwt: { sign: { alg: "RS256" as const } },
    });
  };
}

function acrValuesOf(ctx: KoaContextWithOIDC): string[] {
  const raw = ctx.oidc.params?.acr_values;
  return typeof raw === "string" ? raw.split(" ").filter(Boolean) : [];
}

type TProviderSession = NonNullable<KoaContextWithOIDC["oidc"]["session"]>;

function forgetAccount(session: TProviderSession) {
  delete session.accountId;
  delete session.acr;
  delete session.amr;
  delete session.loginTs;
  session.authorizations = {};
  session.resetIdentifier();
}

function policyFor(deps: TDeps, tenant: TTenant, hooks: TOidcHooks) {
  const { Check, Prompt, base } = interactionPolicy;
  const policy = base();
  const portico = new Prompt(
    { name: "portico", requestable: false },
    new Check("portico_session", "End-User authentication is required", "login_required", async (ctx) => {
      const found = await porticoSessionOf(ctx, hooks);
      const session = ctx.oidc.session;
      if (!session) return Check.REQUEST_PROMPT;
      if (session.accountId && session.accountId !== found?.user.id) {
        // The provider's session belongs to someone Portico no longer has signed in on this browser
        // (signed out, or another account): it is emptied, so it can never be resumed for them.
        forgetAccount(session);
      }
      if (!found || session.accountId !== found.user.id) return Check.REQUEST_PROMPT;
      // The session of record decides what this request may claim: its level, methods and proof time
      // (raised by its valid step-ups: lib/oidc/current-assurance.ts).
      const assurance = await currentAssurance(deps.store, tenant.id, found, deps.now());
      session.acr = assurance.acr;
      session.amr = assurance.amr;
      session.loginTs = assurance.authTime;
      // The provider session ends when this Portico session does (lib/oidc/backchannel.ts).
      await bindProviderSession(deps, tenant.id, session.uid, found.session);
      return Check.NO_NEED_TO_PROMPT;
    }),
    new Check(
      "portico_aal",
      "the session's assurance level is below the level requested",
      "unmet_authentication_requirements",
      async (ctx) => {
        const found = await porticoSessionOf(ctx, hooks);
        if (!found) return Check.NO_NEED_TO_PROMPT;
        // A member's organisation may require more than the app: lib/oidc/member-level.ts.
        const floor = await memberLevelFloor(deps, tenant, found.user);
        const needed = Math.max(requiredLevel(porticoMetadataOf(ctx.oidc.client).minAal, acrValuesOf(ctx)), floor);
        const { aal } = await currentAssurance(deps.store, tenant.id, found, deps.now());
        return aal < needed ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
      },
    ),
  );
  policy.add(portico, 0);
  return policy;
}

function configurationFor(deps: TDeps, tenant: TTenant, hooks: TOidcHooks, jwks: Configuration["jwks"]): Configuration {
  const cookieKey = Buffer.from(
    hkdfSync("sha256", hooks.cookieSecret, Buffer.from(tenant.id), "portico oidc cookies", 32),
  ).toString("base64url");
  return {
    adapter: adapterFactoryFor(deps.store, tenant.id),
    jwks,
    clients: [],
    acrValues: [...ACR_VALUES],
    scopes: [...OIDC_SCOPES],
    claims: {
      openid: ["sub", "acr", "amr", "auth_time", "sid"],
      email: ["email", "email_verified"],
      // A member's organisation (lib/oidc/member-level.ts) goes with the profile: whoever may
      // know the person's name may know whose staff they are.
      profile: ["name", "org_id", "org_name", "org_role"],
    },
    // The ID token carries the claims of the granted scopes (email, name), as Auth0 and Keycloak
    // do: apps that read only the ID token (next-auth's OIDC provider) know the person without a
    // userinfo call. Userinfo returns the same claims.
    conformIdTokenClaims: false,
    cookies: {
      names: providerCookieNames(tenant.slug),
      keys: [cookieKey],
      long: { httpOnly: true, sameSite: "lax", signed: true },
      short: { httpOnly: true, sameSite: "lax", signed: true },
    },
    responseTypes: ["code"],
    pkce: { required: (_ctx, client) => client.clientAuthMethod === "none" },
    clientDefaults: {
      grant_types: ["authorization_code"],
      response_types: ["code"],
      id_token_signed_response_alg: "RS256",
      token_endpoint_auth_method: "client_secret_basic",
    },
    clientAuthMethods: ["client_secret_basic", "client_secret_post", "none"],
    enabledJWA: {
      idTokenSigningAlgValues: ["RS256", "ES256"],
      userinfoSigningAlgValues: ["RS256", "ES256"],
      introspectionSigningAlgValues: ["RS256", "ES256"],
      authorizationSigningAlgValues: ["RS256", "ES256"],
      requestObjectSigningAlgValues: ["RS256", "ES256"],
      clientAuthSigningAlgValues: ["RS256", "ES256"],
    },
    extraClientMetadata: { properties: ["portico_first_party", "portico_min_aal", "portico_access_token_ttl"] },
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      // An app may introspect only its own tokens: another app of the tenant learns nothing of them.
      introspection: { enabled: true, allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId },
      revocation: { enabled: true },
      // Logout tokens are queued and delivered by Portico's dispatcher (lib/oidc/backchannel.ts).
      backchannelLogout: { enabled: true },
      userinfo: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // No `resource`: the access token is the opaque one userinfo accepts.
        defaultResource: (_ctx, _client, oneOf) => Promise.resolve(oneOf),
        useGrantedResource: () => Promise.resolve(false),
        getResourceServerInfo: tenantApiResourceServer(deps, tenant),
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.type = "html";
          ctx.body = page(
            `Sign out of ${tenant.name}?`,
            `${form}<p>The app asks to sign you out. Signing out here ends your ${escapeHtml(
              tenant.name,
            )} session on this device.</p><button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button> <button type="submit" form="op.logoutForm">No, stay signed in</button>`,
          );
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.type = "html";
          ctx.body = page("You are signed out", `<p>You are signed out of ${escapeHtml(tenant.name)}.</p>`);
        },
      },
    },
    interactions: {
      policy: policyFor(deps, tenant, hooks),
      url: (_ctx, interaction) => interactionPath(tenant.slug, interaction.uid),
    },
    // The first-party apps of a tenant are its own: their users are not asked to consent. A
    // third-party app holds exactly what the person allowed it on the consent page (the stored
    // consent, lib/oidc/consent.ts): a grant of those scopes and claims, rebuilt in a new provider
    // session, so a sign-in asking for no more skips the page and `prompt=none` works; without a
    // consent there is no grant (the consent prompt, or `consent_required` for prompt=none), even
    // if a grant of a revoked consent were still found.
    loadExistingGrant: async (ctx) => {
      const { oidc } = ctx;
      if (!oidc.client || !oidc.session) return undefined;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(oidc.client.clientId);
      const found = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
      const accountId = oidc.session.accountId;
      if (!accountId) return found;
      const clientId = oidc.client.clientId;
      const existing = found && found.accountId === accountId && found.clientId === clientId ? found : undefined;
      if (porticoMetadataOf(oidc.client).firstParty) {
        const grant = existing ?? new oidc.provider.Grant({ clientId, accountId });
        const requested = typeof oidc.params?.scope === "string" ? oidc.params.scope : "openid";
        grant.addOIDCScope(requested);
        // The tenant API, when the request names it (getResourceServerInfo admitted it: first party).
        const asked = requested.split(" ");
        for (const resource of Object.keys(oidc.resourceServers ?? {}))
          grant.addResourceScope(resource, TENANT_API_SCOPES.filter((scope) => asked.includes(scope)).join(" "));
        await grant.save();
        return grant;
      }
      const consent = await findAppConsent(deps, tenant.id, accountId, clientId);
      if (!consent) return undefined;
      const grant = existing ?? new oidc.provider.Grant({ clientId, accountId });
      if (consent.scopes.length > 0) grant.addOIDCScope(consent.scopes.join(" "));
      if (consent.claims.length > 0) grant.addOIDCClaims(consent.claims);
      await grant.save();
      return grant;
    },
    findAccount: async (_ctx, sub) => {
      const user = await deps.store.users.findById(tenant.id, sub);
      if (!user || user.status === "disabled") return undefined;
      const organisation = await organisationClaims(deps, tenant, user);
      return {
        accountId: user.id,
        claims: () => ({
          sub: user.id,
          email: user.email,
          email_verified: user.emailVerifiedAt !== null,
          ...(user.displayName ? { name: user.displayName } : {}),
          ...organisation,
        }),
      };
    },
    rotateRefreshToken: true,
    // Every code and token, offline_access included, ends with the session that issued it (the
    // provider's session, which ends with Portico's): RP-initiated logout revokes the grants too.
    expiresWithSession: () => true,
    issueRefreshToken: async (_ctx, client, code) =>
      client.grantTypeAllowed("refresh_token") && code.scopes.has("offline_access"),
    ttl: {
      // The client registration sets its access tokens' lifetime (10 minutes unless it says otherwise).
      AccessToken: (_ctx, _token, client) => porticoMetadataOf(client).accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: ID_TOKEN_TTL_SECONDS,
      Interaction: 600,
      Grant: 14 * 24 * 60 * 60,
      Session: 14 * 24 * 60 * 60,
      RefreshToken: 14 * 24 * 60 * 60,
    },
    renderError: (ctx, out) => {
      ctx.type = "html";
      ctx.body = errorPage(tenant.name, typeof out.error === "string" ? out.error : "invalid_request");
    },
  };
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** A plain page of the provider; `body` is trusted HTML (callers escape what they put in). */
function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(
    title,
  )}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

/** The provider's error page: the OAuth error code and nothing that could leak internals. */
function errorPage(tenantName: string, error: string): string {
  return page(
    `${tenantName}: the sign-in request could not be completed`,
    `<p>The app that sent you here made a request Portico cannot accept (${escapeHtml(
      error,
    )}). Go back to the app and try again.</p>`,
  );
}

/**
 * The client secret is stored as its SHA-256, never in the clear: the provider's secret comparison
 * is replaced by a comparison of hashes (the documented extension point, Client.prototype
 * .compareClientSecret). HMAC signing and symmetric encryption, which would need the secret
 * itself, are not offered (`enabledJWA` lists no HS* or dir algorithms).
 */
function compareHashedSecrets(provider: Provider) {
  provider.Client.prototype.compareClientSecret = function compareClientSecret(
    this: { clientSecret?: string },
    actual: string,
  ) {
    const stored = this.clientSecret;
    if (typeof stored !== "string" || typeof actual !== "string") return Promise.resolve(false);
    const presented = Buffer.from(hashToken(actual));
    const expected = Buffer.from(stored);
    return Promise.resolve(expected.length === presented.length && timingSafeEqual(expected, presented));
  };
}

// One cache per store (each test has its own database), one provider per tenant and base URL, built
// from one version of the tenant's published keys: a rotation (or a retired key leaving the JWKS)
// changes the version, and the next request builds a provider with the new keys.
const providers = new WeakMap<object, Map<string, { version: string; provider: Promise<Provider> }>>();

async function buildProvider(
  deps: TDeps,
  tenant: TTenant,
  hooks: TOidcHooks,
  keyRows: readonly TOidcSigningKey[],
): Promise<Provider> {
  const keys = openKeys(deps, keyRows);
  const provider = new Provider(issuerFor(deps.baseUrl, tenant.slug), configurationFor(deps, tenant, hooks, { keys }));
  // Endpoints are built from the configured base URL (the bridge sets Host from it); forwarded
  // headers of a request are never trusted to name the issuer.
  provider.proxy = false;
  compareHashedSecrets(provider);
  // Every ID token names its session (`sid`), not only those of clients registered for back-channel
  // logout: an app can then match a later logout token to the sign-in it ended.
  provider.Client.prototype.includeSid = () => true;
  queueProviderBackchannelLogout(provider.Client, deps, tenant.id);
  auditProviderEvents(provider, deps, tenant.id);
  return provider;
}

/**
 * The tenant's provider, built once per process and version of its published keys (the first call
 * creates the tenant's signing keys). Clients are read through the adapter on every request, so a
 * registration changed in the console counts at once without a rebuild.
 */
export async function providerFor(deps: TDeps, tenant: TTenant, hooks: TOidcHooks): Promise<Provider> {
  let perStore = providers.get(deps.store);
  if (!perStore) {
    perStore = new Map();
    providers.set(deps.store, perStore);
  }
  const cacheKey = `${tenant.id}:${deps.baseUrl.href}`;
  const keyRows = await publishedKeyRows(deps, tenant.id);
  const version = keyVersionOf(keyRows);
  const cached = perStore.get(cacheKey);
  if (cached?.version === version) return cached.provider;
  const provider = buildProvider(deps, tenant, hooks, keyRows);
  const cache = perStore;
  provider.catch(() => {
    if (cache.get(cacheKey)?.provider === provider) cache.delete(cacheKey);
  });
  perStore.set(cacheKey, { version, provider });
  return provider;
}
