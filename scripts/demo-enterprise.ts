// `npm run demo`'s enterprise sign-in: globex's partner organisation Initech (initech.test) and
// Initech's own identity provider, an oidc-provider on http://127.0.0.1:4100 with two people
// (ada@initech.test and grace@initech.test). The organisation and its connection (just-in-time
// provisioning on) are made through the operator's use cases on the first run and kept after it;
// every run gives the IdP's client a new random secret and stores it in the connection, so no
// secret is fixed anywhere. At globex's sign-in page an initech.test address goes to Initech's IdP
// and comes back signed in.
import { randomBytes } from "node:crypto";
import { getConfig } from "../lib/config/env";
import { createPrismaClient } from "../lib/db/client";
import { createStore } from "../lib/db/store";
import { connectionOfOrganisation, createConnection, updateConnection } from "../lib/federation/connections";
import type { TDeps } from "../lib/kernel/deps";
import { createOrganisation, findOrganisation } from "../lib/organisations/organisations";
import { createSecretBox } from "../lib/security/secret-box";
import { startEnterpriseIdp, type TEnterpriseIdp } from "../e2e/support/enterprise-idp";

export const DEMO_IDP_PORT = 4100;
const TENANT = "globex";
const ORG = { name: "Initech", slug: "initech", domain: "initech.test" };
const CLIENT_ID = "portico-globex";
const meta = { ip: null, userAgent: "portico-demo" };

/** Makes sure Initech and its connection exist, starts its IdP and returns it (with how to try it). */
export async function startDemoEnterprise(): Promise<{ idp: TEnterpriseIdp; tryIt: string }> {
  const config = getConfig();
  const store = createStore(createPrismaClient(config.databaseUrl));
  const deps: TDeps = {
    store,
    now: () => new Date(),
    baseUrl: config.baseUrl,
    mailMode: config.smtpUrl ? "smtp" : "outbox",
    secrets: createSecretBox(config.encryptionKey()),
    operatorName: config.operatorName,
  };
  try {
    const tenant = await store.tenants.findBySlug(TENANT);
    if (!tenant) throw new Error(`the demo tenant ${TENANT} is missing`);
    const operator = { kind: "operator" as const, tenant, meta };
    if (!(await findOrganisation(deps, tenant, { slug: ORG.slug }))) {
      const created = await createOrganisation(deps, operator, {
        name: ORG.name,
        slug: ORG.slug,
        domains: [ORG.domain],
      });
      if (!created.ok) throw new Error(`could not create ${ORG.name}: ${created.code}`);
    }
    const clientSecret = randomBytes(32).toString("base64url");
    const issuer = `http://127.0.0.1:${DEMO_IDP_PORT}`;
    const actor = { staffId: null, by: "operator", meta };
    const found = await connectionOfOrganisation(deps, tenant, ORG.slug);
    const existing = found.ok ? found.connection : null;
    const saved = existing
      ? await updateConnection(deps, actor, {
          tenant,
          connectionId: existing.id,
          issuer,
          clientId: CLIENT_ID,
          clientSecret,
          scopes: existing.scopes,
          jit: existing.jitProvisioning,
          trustIdpAssurance: existing.trustIdpAssurance,
        })
      : await createConnection(deps, actor, {
          tenant,
          organisation: ORG.slug,
          issuer,
          clientId: CLIENT_ID,
          clientSecret,
          jit: true,
        });
    if (!saved.ok) throw new Error(`could not save ${ORG.name}'s connection: ${saved.code}`);
    const idp = await startEnterpriseIdp({
      port: DEMO_IDP_PORT,
      redirectUris: [saved.value.redirectUri],
      clientId: CLIENT_ID,
      clientSecret,
    });
    idp.addAccount({ email: `ada@${ORG.domain}`, email_verified: true, name: "Ada Lovelace" });
    idp.addAccount({ email: `grace@${ORG.domain}`, email_verified: true, name: "Grace Hopper" });
    const tryIt = `${new URL(`/${TENANT}/login`, config.baseUrl).toString()} with ada@${ORG.domain} (Initech's IdP: ${issuer})`;
    return { idp, tryIt };
  } finally {
    await store.disconnect();
  }
}
