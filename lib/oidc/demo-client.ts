// The demo tenant's own app: a first-party, confidential web app ("Acme Shop") on
// http://localhost:4000, so a fresh install can sign in to an app through Acme's provider at once.
// Its client id is fixed (`demo-shop`); its secret comes from PORTICO_DEMO_CLIENT_SECRET, else the
// documented local default below, which is public knowledge and therefore only fit for a laptop: a
// deployment sets the variable or rotates the secret in the admin console. Only the secret's hash is
// stored, and an existing registration is never changed (a rotated secret stays rotated).
import type { TStore } from "../db/store";
import { hashToken } from "../security/tokens";

export const DEMO_CLIENT_ID = "demo-shop";
/** The local default of PORTICO_DEMO_CLIENT_SECRET (documented in README.md; never for a deployment). */
export const DEMO_CLIENT_LOCAL_SECRET = "local-demo-shop-secret-change-me";
const DEMO_APP = "http://localhost:4000";

/** Registers the demo app with `tenantId` unless a client `demo-shop` exists; true when it registered it. */
export async function seedDemoClient(store: TStore, tenantId: string, secret: string, now: Date): Promise<boolean> {
  if (await store.oidcClients.find(tenantId, DEMO_CLIENT_ID)) return false;
  // The client id is unique across tenants: another tenant holding it keeps it.
  if (await store.oidcClients.existsAnywhere(DEMO_CLIENT_ID)) return false;
  await store.oidcClients.create({
    tenantId,
    clientId: DEMO_CLIENT_ID,
    name: "Acme Shop (demo app)",
    type: "confidential",
    secretHash: hashToken(secret),
    redirectUris: [`${DEMO_APP}/api/auth/callback/portico`],
    postLogoutRedirectUris: [`${DEMO_APP}/`],
    backchannelLogoutUri: `${DEMO_APP}/api/backchannel-logout`,
    scopes: ["openid", "email", "profile", "offline_access"],
    firstParty: true,
    minAal: 1,
    at: now,
  });
  return true;
}
