// The provider's interaction page, decided: what `/{tenant}/oidc/interaction/{uid}` does with the
// Portico session the browser has. No session (or another account's than the provider's): sign in
// at Portico and come back. A session (with its valid step-ups) below the level the app needs —
// `acr_values`, an essential `acr` claim, or the client's registered minimum: Portico's step-up
// page for that level, then back here. A request for a fresh sign-in (`prompt=login`, or `max_age`
// older than the session's last proof) that no proof since this request began answers: the
// step-up page again, asking for a fresh proof at the session's level. Coming back from either
// without the proof (the person went back, or has no method that reaches the level): the app hears
// `unmet_authentication_requirements` or `login_required`. Then, for a third-party app, the
// person's consent: the consent page when they have not yet allowed every scope (or claim) asked
// for, or the app asks with `prompt=consent`; a first-party app (the tenant's own) is never asked.
// Otherwise the interaction finishes with the current acr, amr and real proof time.
import type Provider from "oidc-provider";
import type { InteractionResults, UnknownObject } from "oidc-provider";
import type { TValidSession } from "../sessions/validate-session";
import { levelOfAcr, requiredLevel } from "./assurance";
import { oidcScopesOf } from "./consent";
import type { TCurrentAssurance } from "./current-assurance";

export type TInteractionClient = { clientId: string; firstParty: boolean; minAal: number };

/** Where the browser comes back from, when the interaction sent it to the step-up page. */
export type TInteractionReturn = "step_up" | "reauth" | null;

export type TInteractionInput = {
  /** The browser's complete Portico session, or null. */
  auth: TValidSession | null;
  /** What that session proves now (its sign-in and valid step-ups); null without a session. */
  assurance: TCurrentAssurance | null;
  client: TInteractionClient;
  /** The authorization request's parameters, as the provider stored them. */
  params: UnknownObject;
  /** The prompt the provider asks for ("portico", "login" or "consent") and its reasons. */
  prompt: { name: string; reasons: string[] };
  /** The account of the provider's session, when it has one. */
  providerAccountId: string | undefined;
  /** Epoch seconds. */
  now: number;
  /** When the provider began this interaction (epoch seconds): a proof since then is fresh. */
  startedAt: number;
  returnedFrom: TInteractionReturn;
  /** What the person allowed this (third-party) app before, or null when they never did. */
  consented: { scopes: string[]; claims: string[] } | null;
  /** Claims of the `claims` parameter the provider found ungranted (beyond the scopes' own). */
  requestedClaims: string[];
};

/** What the consent page asks: the scopes and claims not yet allowed, and those already allowed. */
export type TConsentAsk = { scopes: string[]; claims: string[]; alreadyAllowed: string[] };

export type TInteractionDecision =
  | { kind: "sign_in" }
  | { kind: "step_up"; level: 1 | 2 | 3; reauth: boolean }
  | { kind: "refuse"; error: string; description: string }
  | { kind: "finish"; login: NonNullable<InteractionResults["login"]>; consent: boolean }
  | { kind: "consent"; login: NonNullable<InteractionResults["login"]>; ask: TConsentAsk };

const stringParam = (params: UnknownObject, name: string) =>
  typeof params[name] === "string" ? (params[name] as string) : undefined;

/**
 * The address an app's `login_hint` names, to fill in on the sign-in page: only a plausible email
 * address (Portico signs in by address), at most 320 characters; anything else is ignored. It is a
 * convenience and proves nothing: the person still signs in as whoever they are.
 */
export function loginHintOf(params: UnknownObject): string | undefined {
  const hint = stringParam(params, "login_hint")?.trim();
  if (!hint || hint.length > 320 || !/^[^\s@]+@[^\s@]+$/.test(hint)) return undefined;
  return hint;
}

/** The lowest level an essential `acr` claim of the `claims` parameter accepts (1 when there is none). */
export function essentialAcrLevel(params: UnknownObject): number {
  const raw = stringParam(params, "claims");
  if (!raw) return 1;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return 1;
  }
  const acr = (parsed as { id_token?: { acr?: unknown } } | null)?.id_token?.acr;
  if (typeof acr !== "object" || acr === null) return 1;
  const { essential, value, values } = acr as { essential?: unknown; value?: unknown; values?: unknown };
  if (essential !== true) return 1;
  const named = [value, ...(Array.isArray(values) ? values : [])].filter((v): v is string => typeof v === "string");
  const levels = named.map(levelOfAcr).filter((level): level is number => level !== null);
  return levels.length > 0 ? Math.min(...levels) : 1;
}

/** The level this request needs: the client's minimum, `acr_values` and an essential `acr` claim. */
export function levelNeeded(client: TInteractionClient, params: UnknownObject): 1 | 2 | 3 {
  const acrValues = (stringParam(params, "acr_values") ?? "").split(" ").filter(Boolean);
  const level = Math.max(requiredLevel(client.minAal, acrValues), essentialAcrLevel(params));
  return level >= 3 ? 3 : level <= 1 ? 1 : 2;
}

/** Whether the request asks for a proof newer than the one the session holds. */
export function wantsFreshProof(params: UnknownObject, assurance: TCurrentAssurance, now: number): boolean {
  const prompts = new Set((stringParam(params, "prompt") ?? "").split(" ").filter(Boolean));
  if (prompts.has("login")) return true;
  if (params.max_age === undefined) return false;
  const maxAge = Number(params.max_age);
  return !Number.isFinite(maxAge) || maxAge < 0 || now - assurance.authTime > maxAge;
}

export function decideInteraction(input: TInteractionInput): TInteractionDecision {
  const { auth, assurance, client, params, now, startedAt, returnedFrom } = input;
  if (!auth || !assurance) return { kind: "sign_in" };
  const needed = levelNeeded(client, params);
  if (assurance.aal < needed) {
    if (returnedFrom !== null)
      return {
        kind: "refuse",
        error: "unmet_authentication_requirements",
        description: "the End-User did not reach the assurance level requested",
      };
    return { kind: "step_up", level: needed, reauth: false };
  }
  // A proof made since this request began is the fresh sign-in the app asked for.
  if (assurance.authTime < startedAt && wantsFreshProof(params, assurance, now)) {
    if (returnedFrom !== null)
      return { kind: "refuse", error: "login_required", description: "the End-User did not sign in again" };
    const level = assurance.aal >= 3 ? 3 : assurance.aal <= 1 ? 1 : 2;
    return { kind: "step_up", level, reauth: true };
  }
  const login = {
    accountId: auth.user.id,
    acr: assurance.acr,
    amr: assurance.amr,
    ts: assurance.authTime,
    remember: true,
  };
  if (client.firstParty) return { kind: "finish", login, consent: true };
  const ask = consentToAsk(input);
  return ask ? { kind: "consent", login, ask } : { kind: "finish", login, consent: true };
}

/**
 * What a third-party app must still be allowed, or null when the person's earlier consent covers
 * the request. `prompt=consent` asks for every scope again, whatever was allowed before.
 */
export function consentToAsk(
  input: Pick<TInteractionInput, "params" | "consented" | "requestedClaims">,
): TConsentAsk | null {
  const { params, consented, requestedClaims } = input;
  const requested = oidcScopesOf(params.scope);
  const prompts = new Set((stringParam(params, "prompt") ?? "").split(" ").filter(Boolean));
  if (prompts.has("consent") || !consented) return { scopes: requested, claims: requestedClaims, alreadyAllowed: [] };
  const scopes = requested.filter((scope) => !consented.scopes.includes(scope));
  const claims = requestedClaims.filter((claim) => !consented.claims.includes(claim));
  if (scopes.length === 0 && claims.length === 0) return null;
  return { scopes, claims, alreadyAllowed: requested.filter((scope) => consented.scopes.includes(scope)) };
}

/**
 * The interaction's result for a decision to finish (or a consent the person gave): the login, and a
 * grant of the scopes and claims the app asked for (the provider lists what is still missing).
 */
export async function interactionResultFor(
  provider: Provider,
  details: { grantId?: string; params: UnknownObject; prompt: { details: UnknownObject } },
  decision: { login: NonNullable<InteractionResults["login"]> },
  clientId: string,
): Promise<InteractionResults> {
  const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  const grant =
    existing && existing.accountId === decision.login.accountId
      ? existing
      : new provider.Grant({ accountId: decision.login.accountId, clientId });
  const scope = stringParam(details.params, "scope");
  if (scope) grant.addOIDCScope(scope);
  const missingClaims = details.prompt.details.missingOIDCClaims;
  if (Array.isArray(missingClaims))
    grant.addOIDCClaims(missingClaims.filter((claim): claim is string => typeof claim === "string"));
  const grantId = await grant.save();
  return { login: decision.login, consent: { grantId } };
}
