// The provider's interaction page, decided: what `/{tenant}/oidc/interaction/{uid}` does with the
// Portico session the browser has. No session (or another account's than the provider's): sign in
// at Portico and come back. A session below the level the app needs: refused with
// `unmet_authentication_requirements` (raising it from an app with Portico's step-up is a later
// step). A request for a fresh sign-in (`prompt=login`, or `max_age` older than the session's last
// proof) is refused with `login_required` for the same reason. Otherwise the interaction finishes
// with the session's own acr, amr and proof time; a first-party app's scopes are granted without a
// consent page, a third-party app is refused until the consent page exists.
import type Provider from "oidc-provider";
import type { InteractionResults, UnknownObject } from "oidc-provider";
import type { TValidSession } from "../sessions/validate-session";
import { assuranceOf, requiredLevel } from "./assurance";

export type TInteractionClient = { clientId: string; firstParty: boolean; minAal: number };

export type TInteractionInput = {
  /** The browser's complete Portico session, or null. */
  auth: TValidSession | null;
  client: TInteractionClient;
  /** The authorization request's parameters, as the provider stored them. */
  params: UnknownObject;
  /** The prompt the provider asks for ("portico", "login" or "consent") and its reasons. */
  prompt: { name: string; reasons: string[] };
  /** The account of the provider's session, when it has one. */
  providerAccountId: string | undefined;
  /** Epoch seconds. */
  now: number;
};

export type TInteractionDecision =
  | { kind: "sign_in" }
  | { kind: "refuse"; error: string; description: string }
  | { kind: "finish"; login: NonNullable<InteractionResults["login"]>; consent: boolean };

const stringParam = (params: UnknownObject, name: string) =>
  typeof params[name] === "string" ? (params[name] as string) : undefined;

export function decideInteraction(input: TInteractionInput): TInteractionDecision {
  const { auth, client, params, now } = input;
  if (!auth) return { kind: "sign_in" };
  const assurance = assuranceOf(auth.session);
  const acrValues = (stringParam(params, "acr_values") ?? "").split(" ").filter(Boolean);
  if (auth.session.aal < requiredLevel(client.minAal, acrValues))
    return {
      kind: "refuse",
      error: "unmet_authentication_requirements",
      description: "the session's assurance level is below the level requested",
    };
  const prompts = new Set((stringParam(params, "prompt") ?? "").split(" ").filter(Boolean));
  const maxAge = Number(stringParam(params, "max_age") ?? params.max_age);
  const tooOld = Number.isFinite(maxAge) && params.max_age !== undefined && now - assurance.authTime > maxAge;
  if (prompts.has("login") || tooOld)
    return {
      kind: "refuse",
      error: "login_required",
      description: "a fresh sign-in cannot be requested by an app yet",
    };
  if (!client.firstParty)
    return { kind: "refuse", error: "consent_required", description: "third-party apps need a consent page" };
  return {
    kind: "finish",
    login: { accountId: auth.user.id, acr: assurance.acr, amr: assurance.amr, ts: assurance.authTime, remember: true },
    consent: true,
  };
}

/**
 * The interaction's result for a decision to finish: the login, and for a first-party app a grant
 * of the scopes and claims it asked for (the provider lists what is still missing).
 */
export async function interactionResultFor(
  provider: Provider,
  details: { grantId?: string; params: UnknownObject; prompt: { details: UnknownObject } },
  decision: Extract<TInteractionDecision, { kind: "finish" }>,
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
