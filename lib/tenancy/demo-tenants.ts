// The two demo tenants every fresh install starts with. They differ on purpose: a consumer app
// with open sign-up and a B2B partner portal that is invitation-only with shorter sessions.
import type { TStore, TTenantInput } from "../db/store";
import { DEMO_CUSTOM_ACTIONS, seedActionPolicies } from "../step-up/policies";
import { newTenantSettings } from "./tenant-defaults";

export const DEMO_TENANTS: TTenantInput[] = [
  {
    ...newTenantSettings("acme", "Acme"),
    tagline: "Everything you need, delivered tomorrow.",
    logoUrl: "/brand/acme.svg",
    primaryColor: "#c2410c",
    accentColor: "#fde68a",
    supportEmail: "help@acme.example",
  },
  {
    ...newTenantSettings("globex", "Globex Partner Portal"),
    tagline: "Orders, invoices and support for Globex partners.",
    logoUrl: "/brand/globex.svg",
    primaryColor: "#1e3a8a",
    accentColor: "#99f6e4",
    supportEmail: "partners@globex.example",
    signupMode: "invite_only",
    sessionIdleMinutes: 60,
    sessionAbsoluteMinutes: 12 * 60,
    lockoutMinutes: 30,
  },
];

/**
 * Creates missing demo tenants with their step-up action table (the built-in actions and the
 * demo payout page's `payout.change`); existing tenants and rows keep whatever they were changed to.
 */
export async function seedDemoTenants(store: TStore, now: Date = new Date()) {
  const created = [];
  for (const input of DEMO_TENANTS) {
    const tenant = await store.tenants.ensure(input);
    await seedActionPolicies(store, tenant.id, now, DEMO_CUSTOM_ACTIONS);
    created.push(tenant);
  }
  return created;
}
