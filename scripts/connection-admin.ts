// Operator command: give an organisation its enterprise connection (an OpenID Provider its people
// sign in with). The database must be reachable; migrations are applied first.
//   npm run connection:create -- --tenant globex --org initech --issuer https://idp.initech.test
//     --client-id portico --client-secret …|- [--jit] [--trust-idp-assurance] [--scopes "openid email profile"]
//     [--claim-email <claim>] [--claim-email-verified <claim>] [--claim-name <claim>]
// Prints one JSON line, {"connectionId":"…","redirectUri":"…"}: the redirect URI to register at
// the IdP. The client secret is sealed at rest and never printed.
import { parseArgs } from "node:util";
import { messageFor } from "../lib/copy";
import { createPrismaClient } from "../lib/db/client";
import { createStore } from "../lib/db/store";
import { createConnection } from "../lib/federation/connections";
import type { TDeps } from "../lib/kernel/deps";
import { createSecretBox } from "../lib/security/secret-box";
import { prepareDatabase } from "./prepare-db";

function usage(problem?: string): never {
  if (problem) console.error(problem);
  console.error(
    [
      "usage:",
      "  npm run connection:create -- --tenant <slug> --org <organisation slug> --issuer <url>",
      '    --client-id <id> --client-secret <secret | - to read it from stdin> [--jit] [--trust-idp-assurance] [--scopes "openid email profile"]',
      "    [--claim-email <claim>] [--claim-email-verified <claim>] [--claim-name <claim>]",
    ].join("\n"),
  );
  process.exit(2);
}

const [command, ...rest] = process.argv.slice(2);
let values: Record<string, string | boolean | undefined>;
try {
  values = parseArgs({
    args: rest,
    options: {
      tenant: { type: "string" },
      org: { type: "string" },
      issuer: { type: "string" },
      "client-id": { type: "string" },
      "client-secret": { type: "string" },
      scopes: { type: "string" },
      "claim-email": { type: "string" },
      "claim-email-verified": { type: "string" },
      "claim-name": { type: "string" },
      jit: { type: "boolean", default: false },
      "trust-idp-assurance": { type: "boolean", default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  usage((error as Error).message);
}
const str = (name: string): string | undefined =>
  typeof values[name] === "string" ? (values[name] as string) : undefined;
const tenantSlug = str("tenant");
const org = str("org");
const issuer = str("issuer");
const clientId = str("client-id");
// `--client-secret -` reads the secret from standard input, so that it stays out of the process
// list and the shell's history.
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8").trim();
}
const secretArg = str("client-secret");
const clientSecret = secretArg === "-" ? await readStdin() : secretArg;
if (command !== "create" || !tenantSlug || !org || !issuer || !clientId || !clientSecret) usage();

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
  const tenant = await store.tenants.findBySlug(tenantSlug);
  if (!tenant) {
    console.error(`There is no tenant "${tenantSlug}".`);
    exitCode = 2;
  } else {
    const result = await createConnection(
      deps,
      { staffId: null, by: "operator", meta: { ip: null, userAgent: "portico-cli" } },
      {
        tenant,
        organisation: org,
        issuer,
        clientId,
        clientSecret,
        ...(str("scopes") ? { scopes: (str("scopes") ?? "").split(/\s+/) } : {}),
        claimMapping: {
          ...(str("claim-email") !== undefined ? { email: str("claim-email") } : {}),
          ...(str("claim-email-verified") !== undefined ? { email_verified: str("claim-email-verified") } : {}),
          ...(str("claim-name") !== undefined ? { name: str("claim-name") } : {}),
        },
        jit: values.jit === true,
        trustIdpAssurance: values["trust-idp-assurance"] === true,
      },
    );
    if (!result.ok) {
      console.error(messageFor(result));
      exitCode = 2;
    } else {
      console.log(JSON.stringify({ connectionId: result.value.id, redirectUri: result.value.redirectUri }));
    }
  }
} finally {
  await store.disconnect();
}
process.exit(exitCode);
