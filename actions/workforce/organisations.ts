"use server";
import { endEverySessionOf } from "@/lib/sessions/end-user-sessions";
import { redirect } from "next/navigation";
import { z } from "zod";
import { messageFor } from "@/lib/copy";
import { text } from "@/lib/next/form-input";
import type { TFormState } from "@/lib/next/form-state";
import { staffAction } from "@/lib/next/staff-action";
import {
  createOrganisation,
  removeMembership,
  renameOrganisation,
  setMembership,
  setOrganisationDomains,
} from "@/lib/organisations/organisations";
import type { TOrgActor } from "@/lib/organisations/actor";
import { inviteToTenant, resendInvitation, revokeInvitation } from "@/lib/invitations/invitations";

const ZOrganisationInput = z.object({
  intent: z.enum(["create", "rename", "domains", "role", "remove", "invite", "resend", "revoke"]),
  organisation: text(64),
  name: text(200),
  slug: text(64),
  domains: text(4000),
  userId: text(64),
  role: text(16),
  email: text(320),
  invitationId: text(64),
});

export type TOrganisationConsoleState = TFormState<typeof ZOrganisationInput>;

/** Domains as typed: one a line, or separated by commas or spaces. */
function domainList(raw: string): string[] {
  return raw.split(/[\s,;]+/).filter((d) => d.length > 0);
}

/**
 * Every change on the console's organisation pages: the gate (owner or admin, fresh step-up), then
 * the organisation or invitation use case with the console's authority. `organisation` is the
 * organisation's id and `slug` its slug (the new one for `create`), checked by the use cases
 * against the tenant.
 */
export const organisationConsoleAction = staffAction(
  {
    console: "admin",
    stepUp: "fresh",
    input: ZOrganisationInput,
    keep: ({ name, slug, domains, email, role }) => ({ name, slug, domains, email, role }),
    invalid: () => ({ status: "error", message: "That action is not available here." }),
  },
  async ({ authority, input, meta, deps }): Promise<TOrganisationConsoleState> => {
    const by: TOrgActor = { kind: "console", authority, meta };
    const base = `/admin/${authority.tenant.slug}/organisations`;
    // The page the form was on (only where to go back to; the use cases check the organisation).
    const page = `${base}/${encodeURIComponent(input.slug)}`;
    const keep = { name: input.name, slug: input.slug, domains: input.domains, email: input.email, role: input.role };
    const refuse = (result: Parameters<typeof messageFor>[0]): TOrganisationConsoleState => ({
      status: "error",
      message: messageFor(result),
      values: keep,
    });
    switch (input.intent) {
      case "create": {
        const result = await createOrganisation(deps, by, {
          name: input.name,
          slug: input.slug.trim() || null,
          domains: domainList(input.domains),
        });
        if (!result.ok) return refuse(result);
        redirect(`${base}/${result.organisation.slug}?done=created`);
      }
      case "rename":
      case "domains": {
        const result =
          input.intent === "rename"
            ? await renameOrganisation(deps, by, { organisationId: input.organisation, name: input.name })
            : await setOrganisationDomains(deps, by, {
                organisationId: input.organisation,
                domains: domainList(input.domains),
              });
        if (!result.ok) return refuse(result);
        redirect(`${base}/${result.organisation.slug}?done=${input.intent}`);
      }
      case "role":
      case "remove": {
        const result =
          input.intent === "role"
            ? await setMembership(deps, by, {
                organisationId: input.organisation,
                userId: input.userId,
                role: input.role,
              })
            : await removeMembership(
                deps,
                by,
                { organisationId: input.organisation, userId: input.userId },
                (txDeps, tenant, userId, now) =>
                  endEverySessionOf(txDeps.store, tenant, userId, "removed_from_organisation", now),
              );
        if (!result.ok) return refuse(result);
        redirect(`${page}?done=${input.intent}`);
      }
      case "invite": {
        const result = await inviteToTenant(deps, by, {
          email: input.email,
          organisation: input.slug,
          role: input.role,
        });
        if (!result.ok) return refuse(result);
        redirect(`${page}?done=invited`);
      }
      case "resend":
      case "revoke": {
        const result =
          input.intent === "resend"
            ? await resendInvitation(deps, by, { invitationId: input.invitationId })
            : await revokeInvitation(deps, by, { invitationId: input.invitationId });
        if (!result.ok) return refuse(result);
        redirect(`${page}?done=${input.intent}`);
      }
    }
  },
);
