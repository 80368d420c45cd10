// Operator command: register an app with a tenant's OpenID Provider (the database must be
// reachable; migrations are applied first).
//   npm run client:create -- --tenant acme --name "Shop" --redirect-uri http://127.0.0.1:4000/cb
//     [--redirect-uri …] [--public] [--post-logout-redirect-uri …] [--backchannel-logout-uri …]
//     [--first-party] [--scope openid --scope email …] [--min-aal 1|2|3]
// Prints one JSON line, {"client_id":"…","client_secret":"…"} (no secret for a public client). The
// secret is shown only here: Portico keeps its hash.
import { parseArgs } from "node:util";
import { messageFor } from "../lib/copy";
import { createPrismaClient } from "../lib/db/client";
import { createStore } from "../lib/db/store";
import type { TDeps } from "../lib/kernel/deps";
import { createOidcClient } from "../lib/oidc/clients";
import { createSecretBox } from "../lib/security/secret-box";
import { prepareDatabase } from "./prepare-db";

const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({
  args: rest,
  options: {
    tenant: { type: "string" },
    name: { type: "string" },
    "redirect-uri": { type: "string", multiple: true },
    "post-logout-redirect-uri": { type: "string", multiple: true },
    "backchannel-logout-uri": { type: "string" },
    scope: { type: "string", multiple: true },
    "min-aal": { type: "string" },
    public: { type: "boolean", default: false },
    "first-party": { type: "boolean", default: false },
  },
  strict: true,
});

function usage(): never {
  console.error(
    [
      "usage:",
      '  npm run client:create -- --tenant <slug> --name "<name>" --redirect-uri <url> [--redirect-uri <url> …]',
      "    [--public] [--post-logout-redirect-uri <url> …] [--backchannel-logout-uri <url>] [--first-party]",
      "    [--scope openid --scope email …] [--min-aal 1|2|3]",
    ].join("\n"),
  );
  process.exit(2);
}

if (command !== "create" || !values.tenant || !values.name || !values["redirect-uri"]?.length) usage();
const minAal = values["min-aal"] === undefined ? 1 : Number(values["min-aal"]);
if (minAal !== 1 && minAal !== 2 && minAal !== 3) usage();

const { config } = await prepareDatabase({ seed: false });
const store = createStore(createPrismaClient(config.databaseUrl));
const deps: TDeps = {
  store,
  now: () => new Date(),
  baseUrl: config.baseUrl,
  mailMode: config.smtpUrl ? "smtp" : "outbox",
  secrets: createSecretBox(config.encryptionKey()),
  operatorName: config.operatorName,
};
let exitCode = 0;
try {
  const result = await createOidcClient(
    deps,
    {
      tenantSlug: values.tenant,
      name: values.name,
      type: values.public ? "public" : "confidential",
      redirectUris: values["redirect-uri"],
      postLogoutRedirectUris: values["post-logout-redirect-uri"] ?? [],
      backchannelLogoutUri: values["backchannel-logout-uri"] ?? null,
      ...(values.scope ? { scopes: values.scope } : {}),
      firstParty: values["first-party"],
      minAal,
      by: "operator",
    },
    { ip: null, userAgent: "portico-cli" },
  );
  if (!result.ok) {
    console.error(messageFor(result));
    exitCode = 1;
  } else {
    const { client, clientSecret } = result.value;
    console.log(
      JSON.stringify({ client_id: client.clientId, ...(clientSecret ? { client_secret: clientSecret } : {}) }),
    );
  }
} finally {
  await store.disconnect();
}
process.exit(exitCode);
