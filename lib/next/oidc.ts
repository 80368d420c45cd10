// The tenant's OpenID Provider behind `/{tenant}/oidc/…`: every protocol endpoint goes through the
// Web↔Node bridge to oidc-provider; `/{tenant}/oidc/interaction/{uid}` is Portico's own step of the
// flow (lib/oidc/interaction.ts decides it), which signs the browser in at Portico when it has no
// session and hands the provider the session's real acr, amr and proof time.
import "server-only";
import { errors } from "oidc-provider";
import type Provider from "oidc-provider";
import { getConfig } from "../config/env";
import { currentAssurance } from "../oidc/current-assurance";
import { decideInteraction, interactionResultFor } from "../oidc/interaction";
import { appSignInAction } from "../step-up/policies";
import { stepUpPath } from "../step-up/step-up";
import { interactionPath, porticoMetadataOf, providerFor, type TOidcHooks } from "../oidc/provider";
import { createStateSweeper } from "../oidc/sweep";
import { validateSession } from "../sessions/validate-session";
import type { TTenant } from "../tenancy/types";
import { getDeps } from "./deps";
import { BodyTooLarge, nodePairFor } from "./oidc-bridge";
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

async function interaction(request: Request, tenant: TTenant, provider: Provider, uid: string): Promise<Response> {
  const { req, res } = await pairFor(request, tenant);
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch (error) {
    if (error instanceof errors.SessionNotFound)
      return plain(400, "This sign-in request has expired. Go back to the app and start again.");
    throw error;
  }
  if (details.uid !== uid) return plain(400, "This sign-in request has expired. Go back to the app and start again.");
  const clientId = typeof details.params.client_id === "string" ? details.params.client_id : "";
  const client = await provider.Client.find(clientId);
  if (!client) return plain(400, "This sign-in request has expired. Go back to the app and start again.");
  const auth = await getAuth(tenant);
  const deps = getDeps();
  const after = new URL(request.url).searchParams.get("after");
  const decision = decideInteraction({
    auth,
    assurance: auth ? await currentAssurance(deps.store, tenant.id, auth, deps.now()) : null,
    client: { clientId, ...porticoMetadataOf(client) },
    params: details.params,
    prompt: details.prompt,
    providerAccountId: details.session?.accountId,
    now: Math.floor(deps.now().getTime() / 1000),
    startedAt: typeof details.iat === "number" ? details.iat : 0,
    returnedFrom: after === "step_up" || after === "reauth" ? after : null,
  });
  if (decision.kind === "sign_in") {
    const back = interactionPath(tenant.slug, uid);
    return redirect(`/${tenant.slug}/login?returnTo=${encodeURIComponent(back)}`);
  }
  if (decision.kind === "step_up") {
    // Portico's own step-up page, for the level alone; it comes back here, marked, so that coming
    // back without the proof ends the request with an error for the app instead of a loop.
    const back = `${interactionPath(tenant.slug, uid)}?after=${decision.reauth ? "reauth" : "step_up"}`;
    const path = stepUpPath(tenant.slug, appSignInAction(decision.level), back);
    return redirect(decision.reauth ? `${path}&reauth=1` : path);
  }
  const result =
    decision.kind === "finish"
      ? await interactionResultFor(provider, details, decision, clientId)
      : { error: decision.error, error_description: decision.description };
  return redirect(await provider.interactionResult(req, res, result, { mergeWithLastSubmission: false }));
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
  const provider = await providerFor(getDeps(), tenant, hooksFor(tenant));
  try {
    if (path.length === 2 && path[0] === "interaction" && path[1]) {
      if (request.method !== "GET") return plain(405, "Method not allowed");
      // The interaction page acts on a GET (it finishes or ends the request): a router's prefetch
      // of a link to it must not, nor any React Server Components fetch (`RSC: 1`). A server
      // action that redirects here (a step-up or sign-in form's returnTo) makes Next.js fetch the
      // target on the server with the browser's cookies, and its client router fetch it again,
      // before the browser navigates: acting on those would finish the request out of the
      // browser's sight, and the real navigation would find it spent. Not an RSC answer, the 204
      // makes the router navigate the page itself, which then acts once.
      if (
        request.headers.get("next-router-prefetch") ||
        request.headers.get("purpose") === "prefetch" ||
        request.headers.get("rsc") !== null
      )
        return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
      return await interaction(request, tenant, provider, path[1]);
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
