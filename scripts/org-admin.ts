// Platform operator commands for a tenant's organisations (the database must be reachable;
// migrations are applied first). See scripts/org-cli.ts for the commands and what they print.
import { createPrismaClient } from "../lib/db/client";
import { createStore } from "../lib/db/store";
import type { TDeps } from "../lib/kernel/deps";
import { createSecretBox } from "../lib/security/secret-box";
import { prepareDatabase } from "./prepare-db";
import { parseOrgArgs, runOrgCommand, ORG_USAGE } from "./org-cli";

const [command, ...rest] = process.argv.slice(2);
// Arguments are checked before the database is opened: a typo answers at once.
const parsed = parseOrgArgs(rest);
if (!parsed.ok || (command !== "create" && command !== "invite")) {
  console.error(parsed.ok ? ORG_USAGE : `${parsed.message}\n${ORG_USAGE}`);
  process.exit(2);
}

let exitCode = 0;
try {
  const { config } = await prepareDatabase({ seed: false });
  const store = createStore(createPrismaClient(config.databaseUrl));
  // Invitation mail is delivered by the running server when SMTP is configured (else the outbox page).
  const deps: TDeps = {
    store,
    now: () => new Date(),
    baseUrl: config.baseUrl,
    mailMode: config.smtpUrl ? "smtp" : "outbox",
    secrets: createSecretBox(config.encryptionKey()),
    operatorName: config.operatorName,
  };
  try {
    const outcome = await runOrgCommand(deps, command, rest);
    for (const line of outcome.stdout) console.log(line);
    for (const line of outcome.stderr) console.error(line);
    exitCode = outcome.exitCode;
  } finally {
    await store.disconnect();
  }
} catch (error) {
  // No stack trace for the operator: what failed, in one line.
  console.error(`The command failed: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
}
process.exit(exitCode);
