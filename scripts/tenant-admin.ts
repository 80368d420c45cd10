// Platform operator commands (the database must be reachable; migrations are applied first):
//   npm run tenant:create -- --slug <slug> --name "<name>" --owner <email> [--owner-name "<name>"]
//   npm run staff:add -- --tenant <slug> --email <email> --name "<name>" --role owner|admin|support
//   npm run staff:reset -- --email <email>
// Each prints the member's single-use set-up link (valid 24 hours) when they have no password yet
// (or, for a reset, always); hand it to them over a channel you trust. Nothing else is printed that
// could sign anyone in. A reset is the operator's: it works for anyone, including staff who work
// for several tenants, whose sign-in no single tenant's owner may reset.
import { parseArgs } from "node:util";
import { messageFor } from "../lib/copy";
import { createPrismaClient } from "../lib/db/client";
import { createStore } from "../lib/db/store";
import type { TDeps } from "../lib/kernel/deps";
import { createSecretBox } from "../lib/security/secret-box";
import { addStaffMember, createTenantWithOwner, resetStaffByOperator } from "../lib/workforce/provision";
import { prepareDatabase } from "./prepare-db";

const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({
  args: rest,
  options: {
    slug: { type: "string" },
    name: { type: "string" },
    owner: { type: "string" },
    "owner-name": { type: "string" },
    tenant: { type: "string" },
    email: { type: "string" },
    role: { type: "string" },
  },
  strict: true,
});

function usage(): never {
  console.error(
    [
      "usage:",
      '  npm run tenant:create -- --slug <slug> --name "<name>" --owner <email> [--owner-name "<name>"]',
      '  npm run staff:add -- --tenant <slug> --email <email> --name "<name>" --role owner|admin|support',
      "  npm run staff:reset -- --email <email>",
    ].join("\n"),
  );
  process.exit(2);
}

const { config } = await prepareDatabase({ seed: false });
const store = createStore(createPrismaClient(config.databaseUrl));
// Mail the commands queue (role notices, reset notices) is delivered by the running server when SMTP is configured.
const deps: TDeps = {
  store,
  now: () => new Date(),
  baseUrl: config.baseUrl,
  mailMode: config.smtpUrl ? "smtp" : "outbox",
  secrets: createSecretBox(config.encryptionKey()),
  operatorName: config.operatorName,
};
const meta = { ip: null, userAgent: "portico-cli" };
let exitCode = 0;
try {
  if (command === "create") {
    if (!values.slug || !values.name || !values.owner) usage();
    const result = await createTenantWithOwner(
      deps,
      {
        slug: values.slug,
        name: values.name,
        ownerEmail: values.owner,
        ownerName: values["owner-name"] ?? values.owner,
      },
      meta,
    );
    if (!result.ok) {
      console.error(messageFor(result));
      exitCode = 1;
    } else {
      console.log(
        `Tenant "${result.value.tenant.slug}" created: ${new URL(`/${result.value.tenant.slug}/login`, config.baseUrl)}`,
      );
      console.log(`Owner: ${result.value.owner.email}`);
      console.log(
        result.value.setupUrl
          ? `Set-up link (single use, 24 hours): ${result.value.setupUrl}`
          : "The owner already has a staff account; they sign in at /admin/login.",
      );
    }
  } else if (command === "staff-add") {
    if (!values.tenant || !values.email || !values.name || !values.role) usage();
    const result = await addStaffMember(
      deps,
      { tenantSlug: values.tenant, email: values.email, name: values.name, role: values.role, actorStaffId: null },
      meta,
    );
    if (!result.ok) {
      console.error(messageFor(result));
      exitCode = 1;
    } else {
      console.log(`${result.value.staff.email} is ${values.role} at ${values.tenant}.`);
      console.log(
        result.value.setupUrl
          ? `Set-up link (single use, 24 hours): ${result.value.setupUrl}`
          : "They already have a staff account; they sign in at /admin/login or /support/login.",
      );
    }
  } else if (command === "staff-reset") {
    if (!values.email) usage();
    const result = await resetStaffByOperator(deps, { email: values.email }, meta);
    if (!result.ok) {
      console.error(messageFor(result));
      exitCode = 1;
    } else {
      console.log(
        `${result.value.staff.email}: password, authenticator app and passkeys removed; ${result.value.endedSessions} session(s) ended. They were told by mail.`,
      );
      console.log(`Set-up link (single use, 24 hours): ${result.value.setupUrl}`);
    }
  } else {
    usage();
  }
} finally {
  await store.disconnect();
}
process.exit(exitCode);
