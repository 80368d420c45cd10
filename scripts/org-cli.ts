// The operator's organisation commands, without the process around them (scripts/org-admin.ts runs
// them against the configured database; tests run them against a test database):
//   org:create  --tenant <slug> --name "<name>" [--slug <slug>] [--domain <domain> …] [--org-admin <email>]
//   user:invite --tenant <slug> --email <email> [--org <slug>] [--role member|org_admin]
// Each prints one JSON line. The invitation link is printed here only (consoles never show it): hand
// it over only if the mail cannot reach the person. Whether the address already has an account is
// not printed. Bad arguments and refusals exit with code 2 and a message on stderr.
import { parseArgs } from "node:util";
import { messageFor } from "../lib/copy";
import { ZEmailSchema } from "../lib/identity/email";
import { inviteToTenant } from "../lib/invitations/invitations";
import type { TDeps, TRequestMeta } from "../lib/kernel/deps";
import type { TOrgActor } from "../lib/organisations/actor";
import { createOrganisation } from "../lib/organisations/organisations";
import { isTenantSlug } from "../lib/tenancy/slug";

export type TCommandOutcome = { exitCode: 0 | 1 | 2; stdout: string[]; stderr: string[] };

export const ORG_USAGE = [
  "usage:",
  '  npm run org:create -- --tenant <slug> --name "<name>" [--slug <slug>] [--domain <domain> …] [--org-admin <email>]',
  "  npm run user:invite -- --tenant <slug> --email <email> [--org <slug>] [--role member|org_admin]",
].join("\n");

const META: TRequestMeta = { ip: null, userAgent: "portico-cli" };

function refused(message: string): TCommandOutcome {
  return { exitCode: 2, stdout: [], stderr: [message] };
}

const usage = (problem?: string) => refused(problem ? `${problem}\n${ORG_USAGE}` : ORG_USAGE);

/** Reads the command's arguments; a usage message for unknown options or missing values. */
export function parseOrgArgs(argv: readonly string[]) {
  try {
    return {
      ok: true as const,
      values: parseArgs({
        args: [...argv],
        options: {
          tenant: { type: "string" },
          name: { type: "string" },
          slug: { type: "string" },
          domain: { type: "string", multiple: true },
          "org-admin": { type: "string" },
          email: { type: "string" },
          org: { type: "string" },
          role: { type: "string" },
        },
        strict: true,
        allowPositionals: false,
      }).values,
    };
  } catch (error) {
    return { ok: false as const, message: error instanceof Error ? error.message : "unreadable arguments" };
  }
}

/** Runs `command` ("create" or "invite") with `argv`. */
export async function runOrgCommand(deps: TDeps, command: string | undefined, argv: readonly string[]) {
  const parsed = parseOrgArgs(argv);
  if (!parsed.ok) return usage(parsed.message);
  const values = parsed.values;
  if (command !== "create" && command !== "invite") return usage();
  if (!values.tenant) return usage("--tenant is required.");
  const tenant = isTenantSlug(values.tenant) ? await deps.store.tenants.findBySlug(values.tenant) : null;
  if (!tenant) return refused(`No tenant "${values.tenant}".`);
  const operator: TOrgActor = { kind: "operator", tenant, meta: META };

  if (command === "create") {
    if (!values.name) return usage("--name is required.");
    const orgAdmin = values["org-admin"];
    // The address is checked before the organisation exists, so a typo leaves nothing half-made.
    if (orgAdmin !== undefined && !ZEmailSchema.safeParse(orgAdmin).success)
      return refused(`--org-admin: "${orgAdmin}" is not an email address.`);
    const created = await createOrganisation(deps, operator, {
      name: values.name,
      slug: values.slug ?? null,
      domains: values.domain ?? [],
    });
    if (!created.ok) return refused(messageFor(created, { tenantName: tenant.name }));
    const organisation = created.organisation;
    const line: Record<string, string> = {
      organisationId: organisation.id,
      slug: organisation.slug,
      tenant: tenant.slug,
    };
    if (orgAdmin !== undefined) {
      const invited = await inviteToTenant(deps, operator, {
        email: orgAdmin,
        organisation: organisation.slug,
        role: "org_admin",
      });
      if (!invited.ok)
        return {
          exitCode: 1,
          stdout: [JSON.stringify(line)],
          stderr: [`The organisation was created, but the invitation was not: ${messageFor(invited)}`],
        };
      line.invitationId = invited.invitation.id;
      line.invitationLink = invited.link ?? "";
    }
    return { exitCode: 0 as const, stdout: [JSON.stringify(line)], stderr: [] };
  }

  if (!values.email) return usage("--email is required.");
  const invited = await inviteToTenant(deps, operator, {
    email: values.email,
    organisation: values.org ?? null,
    role: values.role ?? "member",
  });
  if (!invited.ok) return refused(messageFor(invited, { tenantName: tenant.name }));
  return {
    exitCode: 0 as const,
    stdout: [
      JSON.stringify({
        invitationId: invited.invitation.id,
        tenant: tenant.slug,
        email: invited.invitation.email,
        organisation: invited.invitation.organisation?.slug ?? null,
        role: invited.invitation.role,
        expiresAt: invited.invitation.expiresAt.toISOString(),
        invitationLink: invited.link ?? "",
      }),
    ],
    stderr: [],
  };
}
