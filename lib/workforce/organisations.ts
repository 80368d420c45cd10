// The admin console's view of a tenant's organisations: the list (member counts, domains, whether
// an enterprise connection exists) and one organisation with its members and invitations. Reads
// only; the changes are the organisation and invitation use cases', taken with the console's
// authority (lib/organisations, lib/invitations).
import type { TDeps } from "../kernel/deps";
import type { TOrganisation, TOrgRole } from "../organisations/types";
import { findOrganisation, listOrganisations } from "../organisations/organisations";
import { listOrganisationInvitations, type TInvitationView } from "../invitations/invitations";
import type { TTenant } from "../tenancy/types";
import { userState, type TUserState } from "./tenant-users";

export type TConsoleOrganisationRow = {
  slug: string;
  name: string;
  domains: string[];
  memberCount: number;
  hasConnection: boolean;
};

export async function consoleOrganisationList(deps: TDeps, tenant: TTenant): Promise<TConsoleOrganisationRow[]> {
  const [organisations, connections] = await Promise.all([
    listOrganisations(deps, tenant),
    deps.store.enterpriseConnections.list(tenant.id),
  ]);
  const connected = new Set(connections.map((c) => c.organisationId));
  return organisations.map((o) => ({
    slug: o.slug,
    name: o.name,
    domains: o.domains,
    memberCount: o.memberCount,
    hasConnection: connected.has(o.id),
  }));
}

export type TConsoleMember = { id: string; email: string; name: string | null; role: TOrgRole; state: TUserState };

export type TConsoleOrganisation = {
  organisation: TOrganisation;
  members: TConsoleMember[];
  memberTotal: number;
  invitations: TInvitationView[];
  hasConnection: boolean;
};

const MEMBERS_SHOWN = 500;

/** One organisation of the tenant by slug, for its console page; null when there is none. */
export async function consoleOrganisation(
  deps: TDeps,
  tenant: TTenant,
  slug: string,
): Promise<TConsoleOrganisation | null> {
  const organisation = await findOrganisation(deps, tenant, { slug });
  if (!organisation) return null;
  const [members, memberTotal, invitations, connection] = await Promise.all([
    deps.store.memberships.list(tenant.id, organisation.id, MEMBERS_SHOWN),
    deps.store.memberships.count(tenant.id, organisation.id),
    listOrganisationInvitations(deps, tenant, organisation.id),
    deps.store.enterpriseConnections.findByOrganisation(tenant.id, organisation.id),
  ]);
  const now = deps.now();
  return {
    organisation,
    members: members.map((m) => ({
      id: m.id,
      email: m.email,
      name: m.displayName,
      role: m.organisationRole ?? "member",
      state: userState(m, now),
    })),
    memberTotal,
    invitations: invitations.filter((i) => i.state === "pending" || i.state === "expired"),
    hasConnection: connection !== null,
  };
}
