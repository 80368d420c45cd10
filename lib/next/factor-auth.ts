import "server-only";
import { redirect } from "next/navigation";
import type { TTenant } from "../tenancy/types";
import type { TValidSession } from "../sessions/validate-session";
import { getAuth, getPendingAuth } from "./session";

/** Signed in, or in the middle of a sign-in that must first enrol a second factor (tenant policy). */
export async function requireFactorAuth(tenant: TTenant): Promise<TValidSession> {
  const auth = (await getAuth(tenant)) ?? (await getPendingAuth(tenant, "enrol_factor"));
  if (!auth) redirect(`/${tenant.slug}/login?notice=session-ended`);
  return auth;
}
