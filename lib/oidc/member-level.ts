// What an organisation's policy means for the apps its members sign in to: a sign-in for an app
// never completes below the organisation's minimum level, whatever the app asked for (the level
// needed is the highest of the app's registered minimum, `acr_values`, an essential `acr` claim and
// the member's organisation's minAal), and the member's ID token and userinfo name the organisation.
import type { TDeps } from "../kernel/deps";
import { policyForUser } from "../organisations/policy";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";

/** The lowest level an app's token for this person is issued at (1 for a consumer). */
export async function memberLevelFloor(
  deps: Pick<TDeps, "store">,
  tenant: TTenant,
  user: Pick<TUser, "organisationId">,
): Promise<1 | 2 | 3> {
  return user.organisationId ? (await policyForUser(deps, tenant, user)).minAal : 1;
}

/** An app client's registered minimum, raised to the member's floor. */
export function withMemberFloor<C extends { minAal: number }>(client: C, floor: number): C {
  return { ...client, minAal: Math.max(client.minAal, floor) };
}

/**
 * The organisation claims of a member (`org_id`, `org_name`, `org_role`, as Auth0 names them),
 * released with the `profile` scope; a consumer has none.
 */
export async function organisationClaims(
  deps: Pick<TDeps, "store">,
  tenant: TTenant,
  user: Pick<TUser, "organisationId" | "organisationRole">,
): Promise<Record<string, string>> {
  if (!user.organisationId) return {};
  const organisation = await deps.store.organisations.findById(tenant.id, user.organisationId);
  if (!organisation) return {};
  return {
    org_id: organisation.id,
    org_name: organisation.name,
    ...(user.organisationRole ? { org_role: user.organisationRole } : {}),
  };
}
