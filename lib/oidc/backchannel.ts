// Sessions reach the apps: Portico's session is the session of record, and each provider session
// is bound to the Portico session that signed it in (`bindProviderSession`, called by the
// provider's "portico" prompt). When a Portico session ends — signing out, ending sessions from
// the account or the console, a password reset, disabling the account, a context shift — the use
// case calls `endAppSessions` (lib/sessions/app-sessions.ts) in the same transaction, which:
//   - deletes the provider session bound to it (its cookie then finds nothing);
//   - revokes every grant of that provider session with its authorization codes, access tokens and
//     refresh tokens (the rows are deleted, so the token endpoint refuses the refresh token and
//     introspection reports the access token inactive at once, not at its expiry);
//   - queues one OpenID Back-Channel Logout 1.0 token for every app of that session that
//     registered a backchannel_logout_uri. The queue row commits with the revocation; the
//     back-channel dispatcher delivers it and retries with backoff.
// Every logout token carries both `sub` and `sid`, so `backchannel_logout_session_required` is
// always satisfied and Portico advertises `backchannel_logout_session_supported`.
//
// RP-initiated logout (the provider's end_session) destroys the provider session and revokes its
// grants itself; its per-client `backchannelLogout` is replaced by `queueLogoutToken`, so the
// tokens it would have sent go through the same queue (see `withQueuedBackchannelLogout`).
import { createPrivateKey, sign } from "node:crypto";
import type { TDeps } from "../kernel/deps";
import type { TTenant } from "../tenancy/types";
import { queueLogoutToken } from "../sessions/app-sessions";
import { signingKeysFor } from "./keys";
import { LOGOUT_TOKEN_TTL_SECONDS } from "./lifetimes";

/** The event a logout token carries (OpenID Back-Channel Logout 1.0, section 2.4). */
export const BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

type TStoreDeps = Pick<TDeps, "store" | "now">;

/** Records that the provider session `providerSessionUid` belongs to the Portico session `porticoSession`. */
export async function bindProviderSession(
  deps: TStoreDeps,
  tenantId: string,
  providerSessionUid: string,
  porticoSession: { id: string; userId: string },
) {
  const existing = await deps.store.oidcSessionLinks.find(tenantId, providerSessionUid);
  if (existing?.porticoSessionId === porticoSession.id && existing.userId === porticoSession.userId) return;
  await deps.store.oidcSessionLinks.bind({
    tenantId,
    providerSessionUid,
    porticoSessionId: porticoSession.id,
    userId: porticoSession.userId,
    at: deps.now(),
  });
}

/** The claims of a logout token (no `nonce`: section 2.4 forbids it). */
export function logoutTokenClaims(input: {
  issuer: string;
  clientId: string;
  sub: string;
  sid: string;
  jti: string;
  now: Date;
}) {
  const iat = Math.floor(input.now.getTime() / 1000);
  return {
    iss: input.issuer,
    aud: input.clientId,
    iat,
    exp: iat + LOGOUT_TOKEN_TTL_SECONDS,
    jti: input.jti,
    sub: input.sub,
    sid: input.sid,
    events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
  };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * Signs `claims` with the tenant's current RS256 key (the key its ID tokens are signed with and its
 * JWKS publishes), typ "logout+jwt".
 */
export async function signLogoutToken(deps: TDeps, tenant: Pick<TTenant, "id">, claims: object): Promise<string> {
  const keys = await signingKeysFor(deps, tenant.id);
  const key = keys.find((candidate) => candidate.alg === "RS256");
  if (!key) throw new Error("the tenant has no RS256 signing key");
  const input = `${b64({ alg: "RS256", kid: key.kid, typ: "logout+jwt" })}.${b64(claims)}`;
  const signature = sign("sha256", Buffer.from(input), createPrivateKey({ key: key, format: "jwk" }));
  return `${input}.${signature.toString("base64url")}`;
}

/**
 * RP-initiated logout: the provider's end_session calls `client.backchannelLogout(sub, sid)` for
 * each app of the session with a back-channel URI; instead of posting from the request, the token
 * is queued for the dispatcher like every other.
 */
export function queueProviderBackchannelLogout(client: { prototype: object }, deps: TStoreDeps, tenantId: string) {
  // oidc-provider's typings do not declare the method it calls (lib/models/client.js, lib/actions/end_session.js).
  Object.assign(client.prototype, {
    async backchannelLogout(this: { clientId: string }, sub: string, sid: string) {
      await queueLogoutToken(deps.store, tenantId, { clientId: this.clientId, sub, sid }, deps.now());
    },
  });
}
