// The admin console's apps page: a tenant's admins list the apps registered with the tenant's
// OpenID Provider, register one, change one, rotate its secret, remove one, and rotate the
// provider's signing keys. Every use case takes the console gate's authority and refuses a stale
// step-up itself (whatever the caller checked); every lookup names the authority's tenant, so an
// app of another tenant is "not found" and never changed; every change is one transaction with its
// audit row, and the destructive ones (a secret rotated, an app removed, keys rotated) carry the
// written reason the console asks for. A new secret is returned once, to be shown once: only its
// SHA-256 is stored, and no audit row holds it.
import { z } from "zod";
import { AUDIT } from "../audit/catalog";
import { recordStaffAudit } from "../audit/events";
import { isFreshAuthority, STALE_STEP_UP, type TConsoleAuthority } from "../kernel/authority";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { fail, type TFailure } from "../kernel/outcome";
import { withTransaction } from "../kernel/transaction";
import { hashToken } from "../security/tokens";
import type { STEP_UP } from "../step-up/outcomes";
import { STAFF } from "../workforce/outcomes";
import { checkRegistration, createOidcClient, newClientSecret, type TClientRegistration } from "./clients";
import { isPastWindow, rotateSigningKeys } from "./keys";
import { RETIRED_KEY_WINDOW_SECONDS } from "./lifetimes";
import { OIDC_CLIENT } from "./outcomes";
import type { TOidcClient, TOidcClientType, TOidcSigningAlg } from "./types";

/** Who acts, as the console gate vouches for them, and from where. */
export type TAppsActor = { authority: TConsoleAuthority; meta: TRequestMeta };

type TStale = TFailure<typeof STEP_UP, "STAFF_REQUIRED">;
type TReasonRefused = TFailure<typeof STAFF, "REASON_INVALID">;

/** What the apps page shows of an app: everything but its secret hash (only whether it has one). */
export type TAppView = Omit<TOidcClient, "secretHash" | "tenantId"> & { hasSecret: boolean };

/** The registration as the console's form posts it (every field a string, lists one per line). */
export type TAppForm = {
  name: string;
  type: string;
  redirectUris: string;
  postLogoutRedirectUris: string;
  backchannelLogoutUri: string;
  scopes: string[];
  firstParty: boolean;
  minAal: string;
  accessTokenTtlMinutes: string;
};

/** A written reason for the audit log, as the console's other overriding actions ask for one. */
const ZReason = z.string().trim().min(10, { error: "too_short" }).max(500, { error: "too_long" });

function checkReason(reason: string): { ok: true; value: string } | TReasonRefused {
  const parsed = ZReason.safeParse(reason);
  if (parsed.success) return { ok: true, value: parsed.data };
  return fail(STAFF, "REASON_INVALID", {
    problem: parsed.error.issues[0]?.message === "too_long" ? "too_long" : "too_short",
  });
}

function viewOf({ secretHash, tenantId: _tenant, ...client }: TOidcClient): TAppView {
  return { ...client, hasSecret: secretHash !== null };
}

const linesOf = (text: string) =>
  text
    .split(/[\r\n]+/)
    .map((line) => line.trim())
    .filter(Boolean);

/** The posted form as the registration rules read it; a level or a lifetime that is not a number is out of range. */
function registrationOf(form: TAppForm) {
  const minAal = /^[123]$/.test(form.minAal.trim()) ? (Number(form.minAal.trim()) as 1 | 2 | 3) : null;
  const minutes = /^\d{1,5}$/.test(form.accessTokenTtlMinutes.trim()) ? Number(form.accessTokenTtlMinutes.trim()) : NaN;
  if (minAal === null) return fail(OIDC_CLIENT, "INVALID_CLIENT", { field: "min_aal", problem: "out_of_range" });
  const checked = checkRegistration({
    name: form.name,
    redirectUris: linesOf(form.redirectUris),
    postLogoutRedirectUris: linesOf(form.postLogoutRedirectUris),
    backchannelLogoutUri: form.backchannelLogoutUri.trim() || null,
    scopes: form.scopes.includes("openid") ? form.scopes : ["openid", ...form.scopes],
    firstParty: form.firstParty,
    minAal,
    accessTokenTtlSeconds: minutes * 60,
  });
  return checked;
}

/** The tenant's apps, oldest first (for the apps page, which the console gate opened for this tenant). */
export async function listApps(deps: Pick<TDeps, "store">, tenant: { id: string }): Promise<TAppView[]> {
  return (await deps.store.oidcClients.list(tenant.id)).map(viewOf);
}

/** One of the tenant's apps, or null (another tenant's app is not found). */
export async function findApp(
  deps: Pick<TDeps, "store">,
  tenant: { id: string },
  clientId: string,
): Promise<TAppView | null> {
  if (clientId.length === 0 || clientId.length > 64) return null;
  const client = await deps.store.oidcClients.find(tenant.id, clientId);
  return client ? viewOf(client) : null;
}

/** Registers an app; a confidential app's secret is in the answer, and nowhere else ever again. */
export async function registerApp(
  deps: TDeps,
  by: TAppsActor,
  form: TAppForm,
): Promise<
  { ok: true; value: { app: TAppView; clientSecret: string | null } } | TFailure<typeof OIDC_CLIENT> | TStale
> {
  if (!isFreshAuthority(by.authority, deps.now())) return STALE_STEP_UP;
  const type: TOidcClientType | null =
    form.type === "confidential" ? "confidential" : form.type === "public" ? "public" : null;
  if (!type) return fail(OIDC_CLIENT, "INVALID_CLIENT", { field: "type", problem: "unknown_value" });
  const checked = registrationOf(form);
  if (!checked.ok) return checked;
  const created = await createOidcClient(
    deps,
    {
      tenantSlug: by.authority.tenant.slug,
      type,
      ...checked.value,
      by: by.authority.staffId,
      staffId: by.authority.staffId,
    },
    by.meta,
  );
  if (!created.ok) return created;
  return { ok: true, value: { app: viewOf(created.value.client), clientSecret: created.value.clientSecret } };
}

function auditable(r: TClientRegistration) {
  return {
    name: r.name,
    redirectUris: r.redirectUris.join(" "),
    postLogoutRedirectUris: r.postLogoutRedirectUris.join(" "),
    backchannelLogoutUri: r.backchannelLogoutUri,
    scopes: r.scopes.join(" "),
    firstParty: r.firstParty,
    minAal: r.minAal,
    accessTokenTtlSeconds: r.accessTokenTtlSeconds,
  };
}

/** Changes an app's registration (not its type or id); takes effect at the provider's next request. */
export async function updateApp(
  deps: TDeps,
  by: TAppsActor,
  clientId: string,
  form: TAppForm,
): Promise<
  | {
      ok: true;
      value: TAppView;
      changed: Record<string, { from: string | number | boolean | null; to: string | number | boolean | null }>;
    }
  | TFailure<typeof OIDC_CLIENT>
  | TStale
> {
  if (!isFreshAuthority(by.authority, deps.now())) return STALE_STEP_UP;
  const { tenant, staffId } = by.authority;
  const checked = registrationOf(form);
  if (!checked.ok) return checked;
  return withTransaction(deps, async (tx) => {
    const current = await tx.store.oidcClients.find(tenant.id, clientId);
    if (!current) return fail(OIDC_CLIENT, "NOT_FOUND");
    const before = auditable({ ...current, minAal: current.minAal as 1 | 2 | 3 });
    const after = auditable(checked.value);
    const changed: Record<string, { from: string | number | boolean | null; to: string | number | boolean | null }> =
      {};
    for (const key of Object.keys(after) as Array<keyof typeof after>)
      if (before[key] !== after[key]) changed[key] = { from: before[key], to: after[key] };
    if (Object.keys(changed).length === 0) return { ok: true as const, value: viewOf(current), changed };
    const at = tx.now();
    if (!(await tx.store.oidcClients.update(tenant.id, clientId, checked.value, at)))
      return fail(OIDC_CLIENT, "NOT_FOUND");
    await recordStaffAudit(tx.store, {
      staffId,
      tenantId: tenant.id,
      type: AUDIT.oidcClientUpdated,
      meta: by.meta,
      data: { clientId, changed },
      at,
    });
    const updated = await tx.store.oidcClients.find(tenant.id, clientId);
    return { ok: true as const, value: viewOf(updated ?? current), changed };
  });
}

/** Gives a confidential app a new secret; the old one stops working at once. */
export async function rotateAppSecret(
  deps: TDeps,
  by: TAppsActor,
  input: { clientId: string; reason: string },
): Promise<
  { ok: true; value: { app: TAppView; clientSecret: string } } | TFailure<typeof OIDC_CLIENT> | TStale | TReasonRefused
> {
  if (!isFreshAuthority(by.authority, deps.now())) return STALE_STEP_UP;
  const reason = checkReason(input.reason);
  if (!reason.ok) return reason;
  const { tenant, staffId } = by.authority;
  return withTransaction(deps, async (tx) => {
    const current = await tx.store.oidcClients.find(tenant.id, input.clientId);
    if (!current) return fail(OIDC_CLIENT, "NOT_FOUND");
    if (current.type !== "confidential") return fail(OIDC_CLIENT, "NO_SECRET");
    const clientSecret = newClientSecret();
    const at = tx.now();
    if (!(await tx.store.oidcClients.replaceSecretHash(tenant.id, input.clientId, hashToken(clientSecret), at)))
      return fail(OIDC_CLIENT, "NOT_FOUND");
    await recordStaffAudit(tx.store, {
      staffId,
      tenantId: tenant.id,
      type: AUDIT.oidcClientSecretRotated,
      reason: reason.value,
      meta: by.meta,
      data: { clientId: input.clientId },
      at,
    });
    return { ok: true as const, value: { app: viewOf(current), clientSecret } };
  });
}

/** Removes an app: the provider no longer knows it, so its codes and tokens are refused from then on. */
export async function removeApp(
  deps: TDeps,
  by: TAppsActor,
  input: { clientId: string; reason: string },
): Promise<{ ok: true; value: { name: string } } | TFailure<typeof OIDC_CLIENT> | TStale | TReasonRefused> {
  if (!isFreshAuthority(by.authority, deps.now())) return STALE_STEP_UP;
  const reason = checkReason(input.reason);
  if (!reason.ok) return reason;
  const { tenant, staffId } = by.authority;
  return withTransaction(deps, async (tx) => {
    const current = await tx.store.oidcClients.find(tenant.id, input.clientId);
    if (!current || !(await tx.store.oidcClients.remove(tenant.id, input.clientId)))
      return fail(OIDC_CLIENT, "NOT_FOUND");
    await recordStaffAudit(tx.store, {
      staffId,
      tenantId: tenant.id,
      type: AUDIT.oidcClientRemoved,
      reason: reason.value,
      meta: by.meta,
      data: { clientId: input.clientId, name: current.name },
      at: tx.now(),
    });
    return { ok: true as const, value: { name: current.name } };
  });
}

export type TKeyView = {
  kid: string;
  alg: TOidcSigningAlg;
  createdAt: Date;
  /** null: signs; else retired at, and published for verification until `leavesAt`. */
  retiredAt: Date | null;
  leavesAt: Date | null;
};

/** The provider's published keys: the signing ones, then the retired ones still verifying. */
export async function listSigningKeys(deps: TDeps, tenant: { id: string }): Promise<TKeyView[]> {
  const now = deps.now();
  const rows = (await deps.store.oidcSigningKeys.list(tenant.id)).filter((key) => !isPastWindow(key, now));
  return [...rows.filter((key) => !key.retiredAt), ...rows.filter((key) => key.retiredAt)].map((key) => ({
    kid: key.kid,
    alg: key.alg,
    createdAt: key.createdAt,
    retiredAt: key.retiredAt,
    leavesAt: key.retiredAt ? new Date(key.retiredAt.getTime() + RETIRED_KEY_WINDOW_SECONDS * 1000) : null,
  }));
}

/** New signing keys for the tenant's provider; the old ones verify until every token they signed expired. */
export async function rotateKeys(
  deps: TDeps,
  by: TAppsActor,
  input: { reason: string },
): Promise<{ ok: true; value: { retired: string[]; created: string[] } } | TStale | TReasonRefused> {
  if (!isFreshAuthority(by.authority, deps.now())) return STALE_STEP_UP;
  const reason = checkReason(input.reason);
  if (!reason.ok) return reason;
  const { tenant, staffId } = by.authority;
  const rotated = await rotateSigningKeys(deps, tenant.id, async (tx, value) => {
    await recordStaffAudit(tx.store, {
      staffId,
      tenantId: tenant.id,
      type: AUDIT.oidcSigningKeysRotated,
      reason: reason.value,
      meta: by.meta,
      data: value,
      at: tx.now(),
    });
  });
  return { ok: true, value: rotated };
}
