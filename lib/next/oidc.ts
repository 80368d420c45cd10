// The tenant's OpenID Provider behind `/{tenant}/oidc/…`: every protocol endpoint goes through the
// Web↔Node bridge to oidc-provider; `/{tenant}/oidc/interaction/{uid}` is Portico's own step of the
// flow (lib/oidc/interaction.ts decides it), which signs the browser in at Portico when it has no
// session and hands the provider the session's real acr, amr and proof time.
import { memberLevelFloor, withMemberFloor } from "@/lib/oidc/member-level";
import "server-only";
import { headers } from "next/headers";
import { errors } from "oidc-provider";
import type Provider from "oidc-provider";
import type { InteractionResults } from "oidc-provider";
import { APP_ACCESS } from "../copy/en";
import type { TRequestMeta } from "../kernel/deps";
import { fail, type TFailure } from "../kernel/outcome";
import { findAppConsent, grantAppAccess } from "../oidc/consent";
import { OIDC_CONSENT } from "../oidc/outcomes";
import type { TValidSession } from "../sessions/validate-session";
import { getConfig } from "../config/env";
import { currentAssurance } from "../oidc/current-assurance";
import {
  decideInteraction,
  interactionResultFor,
  loginHintOf,
  type TConsentAsk,
  type TInteractionDecision,
} from "../oidc/interaction";
import { appSignInAction } from "../step-up/policies";
import { stepUpPath } from "../step-up/step-up";
import { interactionPath, porticoMetadataOf, providerFor, type TOidcHooks } from "../oidc/provider";
import { createStateSweeper } from "../oidc/sweep";
import { validateSession } from "../sessions/validate-session";
import type { TTenant } from "../tenancy/types";
import { getDeps } from "./deps";
import { BodyTooLarge, nodePairFor, type TNodePair } from "./oidc-bridge";
import { getRequestMeta } from "./request";
import { clearSessionCookie, getAuth, sessionCookieName } from "./session";
import { signOut } from "../account/revoke-session";
import { findTenant } from "./tenant";

/**
 * The policy of the provider's own pages (error page, form_post, logout confirmation): no scripts
 * but the inline ones whose hash the provider adds, and forms may post to the app (form_post).
 */
const PROVIDER_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; base-uri 'none'; frame-ancestors 'none'";

function hooksFor(tenant: TTenant): TOidcHooks {
  return {
    // The provider is cached; the tenant's settings (session lifetimes, risk policy) are read anew.
    porticoSession: async (cookie) => {
      const current = await findTenant(tenant.slug);
      if (!current || current.id !== tenant.id) return null;
      return validateSession(getDeps(), current, cookie(sessionCookieName(current.slug)), {
        meta: await getRequestMeta(),
      });
    },
    cookieSecret: getConfig().encryptionKey(),
  };
}

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}

function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
}

async function pairFor(request: Request, tenant: TTenant) {
  return nodePairFor(request, {
    baseUrl: getConfig().baseUrl,
    mountPath: `/${tenant.slug}/oidc`,
    clientIp: (await getRequestMeta()).ip,
    contentSecurityPolicy: PROVIDER_CSP,
  });
}

const EXPIRED = "This sign-in request has expired. Go back to the app and start again.";

/** The consent page of an interaction: under its path, so the browser sends the interaction's cookie. */
export function consentPath(tenantSlug: string, uid: string): string {
  return `${interactionPath(tenantSlug, uid)}/consent`;
}

type TDecided = {
  req: TNodePair["req"];
  res: TNodePair["res"];
  details: Awaited<ReturnType<Provider["interactionDetails"]>>;
  decision: TInteractionDecision;
  clientId: string;
  clientName: string;
  auth: TValidSession | null;
};

/**
 * The interaction `uid` of this browser (its interaction cookie must name it, so nobody can answer
 * another browser's request), decided with the browser's Portico session; null when it is over.
 */
async function decide(request: Request, tenant: TTenant, provider: Provider, uid: string): Promise<TDecided | null> {
  const { req, res } = await pairFor(request, tenant);
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch (error) {
    if (error instanceof errors.SessionNotFound) return null;
    throw error;
  }
  if (details.uid !== uid) return null;
  const clientId = typeof details.params.client_id === "string" ? details.params.client_id : "";
  const client = await provider.Client.find(clientId);
  if (!client) return null;
  const auth = await getAuth(tenant);
  const deps = getDeps();
  const after = new URL(request.url).searchParams.get("after");
  const metadata = porticoMetadataOf(client);
  const consent = auth && !metadata.firstParty ? await findAppConsent(deps, tenant.id, auth.user.id, clientId) : null;
  const missingClaims = details.prompt.details.missingOIDCClaims;
  const decision = decideInteraction({
    auth,
    assurance: auth ? await currentAssurance(deps.store, tenant.id, auth, deps.now()) : null,
    // A member's organisation may require a higher level than the app (lib/oidc/member-level.ts).
    client: withMemberFloor({ clientId, ...metadata }, auth ? await memberLevelFloor(deps, tenant, auth.user) : 1),
    params: details.params,
    prompt: details.prompt,
    providerAccountId: details.session?.accountId,
    now: Math.floor(deps.now().getTime() / 1000),
    startedAt: typeof details.iat === "number" ? details.iat : 0,
    returnedFrom: after === "step_up" || after === "reauth" ? after : null,
    consented: consent,
    requestedClaims: Array.isArray(missingClaims)
      ? missingClaims.filter((claim): claim is string => typeof claim === "string")
      : [],
  });
  const name = client.metadata().client_name;
  return { req, res, details, decision, clientId, clientName: typeof name === "string" ? name : clientId, auth };
}

async function interaction(request: Request, tenant: TTenant, provider: Provider, uid: string): Promise<Response> {
  const decided = await decide(request, tenant, provider, uid);
  if (!decided) return plain(400, EXPIRED);
  const { req, res, details, decision, clientId } = decided;
  if (decision.kind === "sign_in") {
    const back = interactionPath(tenant.slug, uid);
    const hint = loginHintOf(details.params);
    return redirect(
      `/${tenant.slug}/login?returnTo=${encodeURIComponent(back)}${hint ? `&login_hint=${encodeURIComponent(hint)}` : ""}`,
    );
  }
  if (decision.kind === "step_up") {
    // Portico's own step-up page, for the level alone; it comes back here, marked, so that coming
    // back without the proof ends the request with an error for the app instead of a loop.
    const back = `${interactionPath(tenant.slug, uid)}?after=${decision.reauth ? "reauth" : "step_up"}`;
    const path = stepUpPath(tenant.slug, appSignInAction(decision.level), back);
    return redirect(decision.reauth ? `${path}&reauth=1` : path);
  }
  // A third-party app the person has not (fully) allowed: Portico's consent page answers it.
  if (decision.kind === "consent") return redirect(consentPath(tenant.slug, uid));
  const result =
    decision.kind === "finish"
      ? await interactionResultFor(provider, details, decision, clientId)
      : { error: decision.error, error_description: decision.description };
  return redirect(await provider.interactionResult(req, res, result, { mergeWithLastSubmission: false }));
}

/** Where the consent page's answer sends the browser: a page of Portico that goes on to the provider. */
export function consentAnsweredPath(tenantSlug: string, uid: string): string {
  return `${interactionPath(tenantSlug, uid)}/continue`;
}

/**
 * The step between the consent page's answer and the app. A form's redirects must stay on
 * Portico's origin (the pages' policy says `form-action 'self'`), but the provider's resume
 * redirects to the app: so the answer lands here, on Portico, and this page moves on to the resume
 * by a refresh (no script needed), which the policy does not limit.
 */
function continuePage(tenant: TTenant, uid: string): Response {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(uid)) return plain(400, EXPIRED);
  const resume = `/${tenant.slug}/oidc/auth/${uid}`;
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="0;url=${resume}"><title>${APP_ACCESS.continueTitle}</title></head><body><main><h1>${APP_ACCESS.continueTitle}</h1><p><a href="${resume}">${APP_ACCESS.continueLink}</a></p></main></body></html>`;
  return new Response(html, {
    status: 200,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
    },
  });
}

/** The browser's request as the provider must see it for the interaction `uid` (its cookies, its path). */
async function interactionRequest(tenant: TTenant, uid: string): Promise<Request> {
  const cookie = (await headers()).get("cookie");
  return new Request(new URL(interactionPath(tenant.slug, uid), getConfig().baseUrl), {
    headers: cookie ? { cookie } : {},
  });
}

export type TConsentPage =
  | { kind: "ask"; appName: string; ask: TConsentAsk; email: string }
  | { kind: "continue"; location: string }
  | { kind: "expired" };

/**
 * What the consent page of interaction `uid` shows: the app and what it asks, or (when the request
 * no longer needs this page, e.g. it was answered in another tab) where the browser goes on.
 */
export async function consentPageFor(tenant: TTenant, uid: string): Promise<TConsentPage> {
  const provider = await providerFor(getDeps(), tenant, hooksFor(tenant));
  const decided = await decide(await interactionRequest(tenant, uid), tenant, provider, uid);
  if (!decided) return { kind: "expired" };
  const { decision, auth } = decided;
  if (decision.kind !== "consent" || !auth) return { kind: "continue", location: interactionPath(tenant.slug, uid) };
  return { kind: "ask", appName: decided.clientName, ask: decision.ask, email: auth.user.email };
}

/**
 * The person's answer on the consent page. Allow: their consent is recorded (and audited), a grant
 * of what the app asked is saved and the interaction finishes. Deny: the app hears `access_denied`.
 * The request is decided again first, with this browser's cookies and session, so a stale or
 * forged answer cannot finish a request that is not waiting for this person's consent.
 */
export async function answerConsent(
  tenant: TTenant,
  uid: string,
  answer: "allow" | "deny",
  meta: TRequestMeta,
): Promise<{ ok: true } | TFailure<typeof OIDC_CONSENT, "REQUEST_EXPIRED">> {
  const deps = getDeps();
  const provider = await providerFor(deps, tenant, hooksFor(tenant));
  const decided = await decide(await interactionRequest(tenant, uid), tenant, provider, uid);
  if (!decided) return fail(OIDC_CONSENT, "REQUEST_EXPIRED");
  const { req, res, details, decision, clientId } = decided;
  // Nothing to answer (answered in another tab, or no longer needed): the resume decides again.
  if (decision.kind !== "consent") return { ok: true };
  let result: InteractionResults;
  if (answer === "deny") {
    result = { error: "access_denied", error_description: APP_ACCESS.deniedDescription };
  } else {
    await grantAppAccess(
      deps,
      tenant,
      { userId: decision.login.accountId, clientId, scopes: decision.ask.scopes, claims: decision.ask.claims },
      meta,
    );
    result = await interactionResultFor(provider, details, decision, clientId);
  }
  await provider.interactionResult(req, res, result, { mergeWithLastSubmission: false });
  return { ok: true };
}

/** A POST to the provider's logout confirmation that says "yes, sign me out". */
async function isConfirmedSignOut(request: Request, path: string[]): Promise<boolean> {
  if (request.method !== "POST" || path.join("/") !== "session/end/confirm") return false;
  try {
    const form = new URLSearchParams(await request.clone().text());
    return form.get("logout") === "yes";
  } catch {
    return false;
  }
}

async function endPorticoSession(tenant: TTenant) {
  const auth = await getAuth(tenant);
  if (auth) await signOut(getDeps(), tenant, auth.session, await getRequestMeta());
  await clearSessionCookie(tenant);
}

let sweeper: ReturnType<typeof createStateSweeper> | null = null;

function sweepExpiredState() {
  sweeper ??= createStateSweeper(getDeps().store);
  sweeper().catch((error: unknown) => console.error("oidc state sweep failed", error));
}

/** Answers one request to `/{tenant}/oidc/{path…}`. */
export async function handleOidcRequest(request: Request, slug: string, path: string[]): Promise<Response> {
  const tenant = await findTenant(slug);
  if (!tenant) return plain(404, "Not found");
  sweepExpiredState();
  // The interaction page and the provider's resume act on a GET (they finish or end the request):
  // a router's prefetch must not, nor the server's own fetch of a redirect's target after a server
  // action (Next.js fetches it with the browser's cookies, `rsc: 1`, and follows its redirects):
  // the browser then navigates there itself, once.
  if (
    request.method === "GET" &&
    (request.headers.get("rsc") ||
      request.headers.get("next-router-prefetch") ||
      request.headers.get("purpose") === "prefetch" ||
      (request.headers.get("sec-purpose") ?? "").includes("prefetch"))
  )
    return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
  const provider = await providerFor(getDeps(), tenant, hooksFor(tenant));
  try {
    if (path.length === 2 && path[0] === "interaction" && path[1]) {
      if (request.method !== "GET") return plain(405, "Method not allowed");
      return await interaction(request, tenant, provider, path[1]);
    }
    if (path.length === 3 && path[0] === "interaction" && path[1] && path[2] === "continue") {
      if (request.method !== "GET") return plain(405, "Method not allowed");
      return continuePage(tenant, path[1]);
    }
    const signingOut = await isConfirmedSignOut(request, path);
    const { req, res, finished } = await pairFor(request, tenant);
    await provider.callback()(req, res);
    const response = await finished;
    // The provider accepted the sign-out (its xsrf check passed, it redirects): Portico's own
    // session, the session of record, ends with it.
    if (signingOut && response.status >= 300 && response.status < 400) await endPorticoSession(tenant);
    return response;
  } catch (error) {
    if (error instanceof BodyTooLarge) return plain(413, "The request is too large.");
    throw error;
  }
}
