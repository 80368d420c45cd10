// A tenant's organisations (its business customers and partners): create, rename, set the email
// domains, find one by slug, id or an address's domain (home-realm discovery), list them with their
// member counts, and set or remove a member. Slugs are lower-case and URL-safe
// (/admin/{tenant}/organisations/{slug}); domains are lower-case ASCII (IDNs in punycode), and each
// belongs to at most one organisation of the tenant, so an address maps to at most one.
import { domainToASCII } from "node:url";
import { AUDIT } from "../audit/catalog";
import { isUniqueViolation } from "../db/errors";
import type { TDeps } from "../kernel/deps";
import { fail, type TFailure } from "../kernel/outcome";
import { withTransaction, type TTxDeps } from "../kernel/transaction";
import type { TTenant } from "../tenancy/types";
import type { TUser } from "../identity/types";
import { mayActOn, openActor, recordActorAudit, type TActorRefusal, type TOrgActor } from "./actor";
import { ORGANISATION } from "./outcomes";
import type { TOrganisation, TOrgRole } from "./types";
import { ORG_ROLES } from "./types";

export const ORG_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;
/** Path segments the console uses beside organisation slugs. */
const RESERVED_ORG_SLUGS: ReadonlySet<string> = new Set(["new", "connection", "policy", "members", "invitations"]);
export const MAX_DOMAINS = 20;
const MAX_NAME = 100;

type TOrgFailure = TFailure<typeof ORGANISATION> | TActorRefusal;
export type TOrganisationResult<T = TOrganisation> = { ok: true; organisation: T } | TOrgFailure;

/** An organisation as the console lists it. */
export type TOrganisationSummary = TOrganisation & { memberCount: number };

/** A display name: trimmed, 1–100 characters, no control characters. */
function parseName(raw: unknown): { ok: true; name: string } | TFailure<typeof ORGANISATION, "INVALID_INPUT"> {
  const name = typeof raw === "string" ? raw.normalize("NFC").trim().replace(/\s+/g, " ") : "";
  if (!name) return fail(ORGANISATION, "INVALID_INPUT", { field: "name", problem: "missing" });
  if (name.length > MAX_NAME) return fail(ORGANISATION, "INVALID_INPUT", { field: "name", problem: "too_long" });
  if (/[\u0000-\u001f\u007f]/.test(name))
    return fail(ORGANISATION, "INVALID_INPUT", { field: "name", problem: "invalid" });
  return { ok: true, name };
}

/** The slug a name suggests: letters and digits (accents dropped), words joined by hyphens. */
export function slugFromName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, 48)
    .replace(/-+$/, "");
}

export function isOrganisationSlug(value: string): boolean {
  return ORG_SLUG.test(value) && !RESERVED_ORG_SLUGS.has(value);
}

/**
 * An email domain as Portico stores it: trimmed, lower-case, ASCII (an internationalised name in
 * its punycode form), at least two labels of letters, digits and inner hyphens, not an IP address;
 * null when it is not a domain.
 */
export function normaliseDomain(raw: string): string | null {
  const trimmed = raw.normalize("NFC").trim().toLowerCase().replace(/^@/, "").replace(/\.$/, "");
  if (!trimmed || trimmed.length > 253 || /[\s/@:]/.test(trimmed)) return null;
  const ascii = domainToASCII(trimmed);
  if (!ascii || ascii.length > 253) return null;
  const labels = ascii.split(".");
  if (labels.length < 2) return null;
  if (!labels.every((label) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(label))) return null;
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? "")) return null;
  return ascii;
}

/** The domain part of an address, normalised; null for something that is not an address. */
export function domainOfEmail(email: string): string | null {
  const at = email.lastIndexOf("@");
  if (at <= 0) return null;
  return normaliseDomain(email.slice(at + 1));
}

type TDomainsCheck = { ok: true; domains: string[] } | TFailure<typeof ORGANISATION, "INVALID_INPUT" | "DOMAIN_TAKEN">;

/** Normalised, de-duplicated and sorted domains, none owned by another organisation of the tenant. */
async function checkDomains(
  deps: Pick<TDeps, "store">,
  tenant: TTenant,
  raw: readonly string[],
  organisationId: string | null,
): Promise<TDomainsCheck> {
  const domains = new Set<string>();
  for (const value of raw) {
    if (value.trim() === "") continue;
    const domain = normaliseDomain(value);
    if (!domain)
      return fail(ORGANISATION, "INVALID_INPUT", { field: "domain", problem: "invalid", value: value.slice(0, 80) });
    domains.add(domain);
  }
  if (domains.size > MAX_DOMAINS) return fail(ORGANISATION, "INVALID_INPUT", { field: "domain", problem: "too_many" });
  for (const domain of domains) {
    const owner = await deps.store.organisations.findByDomain(tenant.id, domain);
    if (owner && owner.id !== organisationId) return fail(ORGANISATION, "DOMAIN_TAKEN", { domain });
  }
  return { ok: true, domains: [...domains].sort() };
}

/** A unique-index violation of a create or a domain change: which of slug or domain it was. */
async function takenAfterRace(
  deps: Pick<TDeps, "store">,
  tenant: TTenant,
  slug: string | null,
  domains: readonly string[],
  organisationId: string | null,
) {
  if (slug && (await deps.store.organisations.findBySlug(tenant.id, slug)))
    return fail(ORGANISATION, "SLUG_TAKEN", { slug });
  for (const domain of domains) {
    const owner = await deps.store.organisations.findByDomain(tenant.id, domain);
    if (owner && owner.id !== organisationId) return fail(ORGANISATION, "DOMAIN_TAKEN", { domain });
  }
  return null;
}

/**
 * Creates an organisation. Without a slug one is derived from the name (with "-2", "-3"… when
 * taken); a slug given is used as given, or refused when another organisation has it.
 */
export async function createOrganisation(
  deps: TDeps,
  by: TOrgActor,
  input: { name: string; slug?: string | null; domains?: readonly string[] },
): Promise<TOrganisationResult> {
  const opened = await openActor(deps, by);
  if (!opened.ok) return opened;
  const actor = opened.actor;
  // An org_admin manages their own organisation; creating organisations is the tenant's.
  if (actor.organisationId !== null) return fail(ORGANISATION, "NOT_ALLOWED");
  const tenant = actor.tenant;
  const name = parseName(input.name);
  if (!name.ok) return name;
  const given = input.slug?.trim() ?? "";
  let slug: string;
  if (given) {
    if (given.length > 48) return fail(ORGANISATION, "INVALID_INPUT", { field: "slug", problem: "too_long" });
    if (!isOrganisationSlug(given))
      return fail(ORGANISATION, "INVALID_INPUT", { field: "slug", problem: "invalid", value: given.slice(0, 48) });
    if (await deps.store.organisations.findBySlug(tenant.id, given))
      return fail(ORGANISATION, "SLUG_TAKEN", { slug: given });
    slug = given;
  } else {
    const base = slugFromName(name.name);
    if (!base) return fail(ORGANISATION, "INVALID_INPUT", { field: "slug", problem: "missing" });
    slug = await freeSlug(deps, tenant, base);
  }
  const domains = await checkDomains(deps, tenant, input.domains ?? [], null);
  if (!domains.ok) return domains;
  const now = deps.now();
  try {
    const organisation = await withTransaction(deps, async (txDeps) => {
      const created = await txDeps.store.organisations.create({
        tenantId: tenant.id,
        slug,
        name: name.name,
        domains: domains.domains,
        policy: {},
        at: now,
      });
      await recordActorAudit(txDeps.store, actor, {
        type: AUDIT.organisationCreated,
        data: { organisation: created.id, slug, domains: domains.domains, by: actor.by },
        at: now,
      });
      return created;
    });
    return { ok: true, organisation };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const taken = await takenAfterRace(deps, tenant, slug, domains.domains, null);
    if (taken) return taken;
    throw error;
  }
}

async function freeSlug(deps: Pick<TDeps, "store">, tenant: TTenant, base: string): Promise<string> {
  const stem = RESERVED_ORG_SLUGS.has(base) ? `${base}-org` : base;
  for (let n = 1; n < 1000; n++) {
    const suffix = n === 1 ? "" : `-${n}`;
    const candidate = `${stem.slice(0, 48 - suffix.length).replace(/-+$/, "")}${suffix}`;
    if (!(await deps.store.organisations.findBySlug(tenant.id, candidate))) return candidate;
  }
  return `${stem.slice(0, 39)}-${Date.now().toString(36)}`;
}

/** The organisation the actor may change, by id. */
async function organisationToChange(deps: TDeps, by: TOrgActor, organisationId: string) {
  const opened = await openActor(deps, by);
  if (!opened.ok) return opened;
  const organisation = await findOrganisation(deps, opened.actor.tenant, { id: organisationId });
  if (!organisation || !mayActOn(opened.actor, organisation.id))
    return fail(ORGANISATION, "NOT_FOUND", { subject: "organisation" });
  return { ok: true as const, actor: opened.actor, organisation };
}

export async function renameOrganisation(
  deps: TDeps,
  by: TOrgActor,
  input: { organisationId: string; name: string },
): Promise<TOrganisationResult> {
  const opened = await organisationToChange(deps, by, input.organisationId);
  if (!opened.ok) return opened;
  const { actor, organisation } = opened;
  const name = parseName(input.name);
  if (!name.ok) return name;
  if (name.name === organisation.name) return { ok: true, organisation };
  const now = deps.now();
  await withTransaction(deps, async (txDeps) => {
    await txDeps.store.organisations.rename(actor.tenant.id, organisation.id, name.name);
    await recordActorAudit(txDeps.store, actor, {
      type: AUDIT.organisationUpdated,
      data: { organisation: organisation.id, name: { from: organisation.name, to: name.name }, by: actor.by },
      at: now,
    });
  });
  return { ok: true, organisation: { ...organisation, name: name.name, updatedAt: now } };
}

/** Replaces the organisation's email domains (an empty list leaves it with none). */
export async function setOrganisationDomains(
  deps: TDeps,
  by: TOrgActor,
  input: { organisationId: string; domains: readonly string[] },
): Promise<TOrganisationResult> {
  const opened = await organisationToChange(deps, by, input.organisationId);
  if (!opened.ok) return opened;
  const { actor, organisation } = opened;
  // Domains decide where members sign in (home-realm discovery): the tenant's to set, not an org_admin's.
  if (actor.organisationId !== null) return fail(ORGANISATION, "NOT_ALLOWED");
  const domains = await checkDomains(deps, actor.tenant, input.domains, organisation.id);
  if (!domains.ok) return domains;
  const added = domains.domains.filter((d) => !organisation.domains.includes(d));
  const removed = organisation.domains.filter((d) => !domains.domains.includes(d));
  if (added.length === 0 && removed.length === 0) return { ok: true, organisation };
  const now = deps.now();
  try {
    await withTransaction(deps, async (txDeps) => {
      await txDeps.store.organisations.replaceDomains(actor.tenant.id, organisation.id, domains.domains, now);
      await recordActorAudit(txDeps.store, actor, {
        type: AUDIT.organisationUpdated,
        data: { organisation: organisation.id, domains: { added, removed }, by: actor.by },
        at: now,
      });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const taken = await takenAfterRace(deps, actor.tenant, null, added, organisation.id);
    if (taken) return taken;
    throw error;
  }
  return { ok: true, organisation: { ...organisation, domains: domains.domains, updatedAt: now } };
}

/** One organisation of the tenant by slug or id; null when there is none (or the value is no slug). */
export async function findOrganisation(
  deps: Pick<TDeps, "store">,
  tenant: TTenant,
  key: { slug: string } | { id: string },
): Promise<TOrganisation | null> {
  if ("slug" in key) {
    if (typeof key.slug !== "string" || !ORG_SLUG.test(key.slug)) return null;
    return deps.store.organisations.findBySlug(tenant.id, key.slug);
  }
  if (typeof key.id !== "string" || key.id.length === 0 || key.id.length > 64) return null;
  return deps.store.organisations.findById(tenant.id, key.id);
}

/**
 * The organisation whose domain the address is at (home-realm discovery). It reads the domain
 * only: the answer is the same whether or not the address has an account.
 */
export async function organisationForEmail(
  deps: Pick<TDeps, "store">,
  tenant: TTenant,
  email: string,
): Promise<TOrganisation | null> {
  const domain = typeof email === "string" ? domainOfEmail(email) : null;
  return domain ? deps.store.organisations.findByDomain(tenant.id, domain) : null;
}

/** Whether the tenant has organisations (it then gets the identifier-first sign-in page). */
export function hasOrganisations(deps: Pick<TDeps, "store">, tenant: TTenant): Promise<boolean> {
  return deps.store.organisations.exists(tenant.id);
}

/** The tenant's organisations by name, each with how many members it has. */
export async function listOrganisations(deps: Pick<TDeps, "store">, tenant: TTenant): Promise<TOrganisationSummary[]> {
  const [organisations, counts] = await Promise.all([
    deps.store.organisations.list(tenant.id),
    deps.store.memberships.countsByOrganisation(tenant.id),
  ]);
  return organisations.map((o) => ({ ...o, memberCount: counts.get(o.id) ?? 0 }));
}

export type TMembershipResult = { ok: true; user: TUser } | TOrgFailure;

/**
 * Makes a user of the tenant a member of the organisation in `role` (or changes their role). A user
 * belongs to at most one organisation per tenant: one in another organisation is refused.
 */
export async function setMembership(
  deps: TDeps,
  by: TOrgActor,
  input: { organisationId: string; userId: string; role: string },
): Promise<TMembershipResult> {
  const opened = await organisationToChange(deps, by, input.organisationId);
  if (!opened.ok) return opened;
  const { actor, organisation } = opened;
  const role = ORG_ROLES.find((r) => r === input.role);
  if (!role) return fail(ORGANISATION, "INVALID_INPUT", { field: "role", problem: "invalid" });
  const user = await memberOfTenant(deps, actor.tenant, input.userId);
  if (!user) return fail(ORGANISATION, "NOT_FOUND", { subject: "user" });
  if (user.organisationId !== null && user.organisationId !== organisation.id)
    return fail(ORGANISATION, "OTHER_ORGANISATION");
  if (user.organisationId === organisation.id && user.organisationRole === role) return { ok: true, user };
  const now = deps.now();
  await withTransaction(deps, async (txDeps) => {
    await txDeps.store.memberships.set(actor.tenant.id, user.id, organisation.id, role);
    await recordActorAudit(txDeps.store, actor, {
      type: AUDIT.organisationMemberSet,
      data: {
        organisation: organisation.id,
        member: user.id,
        role,
        ...(user.organisationRole && user.organisationId === organisation.id
          ? { previousRole: user.organisationRole }
          : {}),
        by: actor.by,
      },
      at: now,
    });
  });
  return { ok: true, user: { ...user, organisationId: organisation.id, organisationRole: role } };
}

/**
 * Ends every session of a removed member inside the removal's transaction (Portico's sessions and the
 * apps'; lib/sessions/end-user-sessions.ts, which sits above this domain); returns how many ended.
 */
export type TEndMemberSessions = (txDeps: TTxDeps, tenant: TTenant, userId: string, now: Date) => Promise<number>;

/**
 * Takes a member out of the organisation (their account stays, as a consumer account of the tenant)
 * and signs them out everywhere in the same transaction: what they could reach as a member ends now.
 */
export async function removeMembership(
  deps: TDeps,
  by: TOrgActor,
  input: { organisationId: string; userId: string },
  endSessions: TEndMemberSessions,
): Promise<TMembershipResult> {
  const opened = await organisationToChange(deps, by, input.organisationId);
  if (!opened.ok) return opened;
  const { actor, organisation } = opened;
  const user = await memberOfTenant(deps, actor.tenant, input.userId);
  if (!user || user.organisationId !== organisation.id) return fail(ORGANISATION, "NOT_FOUND", { subject: "user" });
  const now = deps.now();
  const removed = await withTransaction(deps, async (txDeps) => {
    const done = await txDeps.store.memberships.remove(actor.tenant.id, user.id, organisation.id);
    if (!done) return false;
    // Their IdP account at the organisation no longer opens their Portico account.
    await txDeps.store.federatedIdentities.removeForUserAtOrganisation(actor.tenant.id, user.id, organisation.id);
    const endedSessions = await endSessions(txDeps, actor.tenant, user.id, now);
    await recordActorAudit(txDeps.store, actor, {
      type: AUDIT.organisationMemberRemoved,
      data: { organisation: organisation.id, member: user.id, by: actor.by, endedSessions },
      at: now,
    });
    return true;
  });
  if (!removed) return fail(ORGANISATION, "NOT_FOUND", { subject: "user" });
  return { ok: true, user: { ...user, organisationId: null, organisationRole: null } };
}

async function memberOfTenant(deps: Pick<TDeps, "store">, tenant: TTenant, userId: string) {
  if (typeof userId !== "string" || userId.length === 0 || userId.length > 64) return null;
  return deps.store.users.findById(tenant.id, userId);
}

export type { TOrgRole };
