// What the tenant's provider does, in the tenant's audit log (events catalogued in
// lib/audit/catalog.ts; logout tokens sent or given up are recorded by the back-channel
// dispatcher):
//   - `app.signed_in`: an authorization that issued a code to an app, after a sign-in at Portico
//     or silently from an existing session (SSO, prompt=none). The dashboard counts them per app.
//   - `app_token.refused`: a token request of an app that authenticated (its secret matched, or it
//     is a public app) refused with an OAuth error (invalid_grant for a spent or revoked refresh
//     token, invalid_target, unsupported_grant_type, …). Such failures are the sign of a replayed
//     refresh token or a misconfigured app, and their error code tells which.
// A token request is attacker-triggerable, so this cannot flood the log:
//   - only the refusals of the grant step itself are recorded (GRANT_STEP_ERRORS): a request that
//     failed client authentication (`invalid_client`: wrong secret, unknown client) or was refused
//     before the grant step (`invalid_request`, which a request can reach naming a confidential
//     app without its secret) writes nothing;
//   - a public app authenticates with its client_id alone, so anyone may fail its token requests:
//     each app is held to REFUSALS_PER_WINDOW events per WINDOW_MS on each node; the next event
//     recorded says how many were left out (`suppressed`);
//   - each event is small: the app, the error code and the grant type (one of a fixed list),
//     never the request's code, token, secret or free text.
// The provider emits these events after answering; the rows are written off the request
// (`settleProviderAudit` waits for them), and a failed write is logged, never turned into a
// failed sign-in.
import type Provider from "oidc-provider";
import type { KoaContextWithOIDC } from "oidc-provider";
import { AUDIT } from "../audit/catalog";
import { recordAudit } from "../audit/events";
import type { TDeps } from "../kernel/deps";

export const REFUSALS_PER_WINDOW = 10;
export const REFUSAL_WINDOW_MS = 60_000;

const GRANT_TYPES = new Set(["authorization_code", "refresh_token", "client_credentials"]);
/** The OAuth errors only the grant step gives, after the app authenticated (RFC 6749 §5.2, RFC 8707). */
const GRANT_STEP_ERRORS = new Set([
  "invalid_grant",
  "invalid_scope",
  "invalid_target",
  "unauthorized_client",
  "unsupported_grant_type",
]);

const pending = new Set<Promise<void>>();

/** Resolves once every audit row the providers have begun writing is written (or its failure logged). */
export async function settleProviderAudit(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}

function track(work: Promise<void>, log: (message: string) => void) {
  const settled = work.catch((error: unknown) => {
    log(`provider audit event not recorded: ${error instanceof Error ? error.message : String(error)}`);
  });
  pending.add(settled);
  void settled.finally(() => pending.delete(settled));
}

/** Per app, the refusals of the current window: recorded ones and those left out. */
type TWindow = { start: number; recorded: number; suppressed: number };

export function auditProviderEvents(
  provider: Provider,
  deps: Pick<TDeps, "store" | "now">,
  tenantId: string,
  log: (message: string) => void = (message) => console.warn(message),
) {
  // Keys are client ids that authenticated, so registered apps of this tenant only: bounded.
  const windows = new Map<string, TWindow>();

  provider.on("authorization.success", (ctx: KoaContextWithOIDC, out: unknown) => {
    const clientId = ctx.oidc.client?.clientId;
    const issuedCode = typeof out === "object" && out !== null && "code" in out;
    if (!clientId || !issuedCode) return;
    track(
      recordAudit(deps.store, {
        tenantId,
        userId: ctx.oidc.session?.accountId ?? null,
        type: AUDIT.appSignedIn,
        data: { clientId },
        at: deps.now(),
      }),
      log,
    );
  });

  provider.on("grant.error", (ctx: KoaContextWithOIDC, error: unknown) => {
    const clientId = ctx.oidc.client?.clientId;
    const code = errorCodeOf(error);
    if (!clientId || code === null || !GRANT_STEP_ERRORS.has(code)) return;
    const now = deps.now().getTime();
    let window = windows.get(clientId);
    if (!window || now - window.start >= REFUSAL_WINDOW_MS) {
      window = { start: now, recorded: 0, suppressed: window?.suppressed ?? 0 };
      windows.set(clientId, window);
    }
    if (window.recorded >= REFUSALS_PER_WINDOW) {
      window.suppressed += 1;
      return;
    }
    window.recorded += 1;
    const suppressed = window.suppressed;
    window.suppressed = 0;
    const grantType = typeof ctx.oidc.params?.grant_type === "string" ? ctx.oidc.params.grant_type : "";
    track(
      recordAudit(deps.store, {
        tenantId,
        type: AUDIT.appTokenRefused,
        data: {
          clientId,
          error: code.slice(0, 64),
          grantType: GRANT_TYPES.has(grantType) ? grantType : "other",
          ...(suppressed > 0 ? { suppressed } : {}),
        },
        at: deps.now(),
      }),
      log,
    );
  });
}

function errorCodeOf(error: unknown): string | null {
  if (typeof error !== "object" || error === null || !("error" in error)) return null;
  return typeof error.error === "string" ? error.error : null;
}
