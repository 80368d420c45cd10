// Mail is written to the outbox table inside the caller's transaction (so a change and its notice
// commit together) and delivered afterwards by the dispatcher. Requests never wait on SMTP, which
// also keeps response times independent of whether a mail was sent.
import type { TDeps } from "../kernel/deps";
import { templates, type TMailContent } from "./templates";
import type { TTenant } from "../tenancy/types";

/**
 * The outbox row of one message: `tenantId` null for mail to staff, who belong to no tenant; left
 * for the dispatcher in "smtp" mode, shown on the local outbox page otherwise.
 */
export function outboxMessage(deps: TDeps, tenantId: string | null, to: string, content: TMailContent) {
  return {
    tenantId,
    to,
    subject: content.subject,
    text: content.text,
    html: content.html,
    status: deps.mailMode === "smtp" ? ("pending" as const) : ("outbox" as const),
    at: deps.now(),
  };
}

export async function queueMail(deps: TDeps, tenant: TTenant, to: string, content: TMailContent) {
  await deps.store.mail.enqueue(outboxMessage(deps, tenant.id, to, content));
}

/**
 * The notice to a customer's own address that something guarding the account changed (`what`: "A
 * passkey was added"), pointing at the sessions page; queued through `txDeps`, in its transaction.
 */
export async function queueChangeNotice(txDeps: TDeps, tenant: TTenant, to: string, what: string) {
  await queueMail(
    txDeps,
    tenant,
    to,
    templates.factorChanged(tenant, what, tenantUrl(txDeps, tenant, "account/sessions")),
  );
}

export function tenantUrl(deps: TDeps, tenant: TTenant, pathname: string, params: Record<string, string> = {}): string {
  const url = new URL(`/${tenant.slug}/${pathname}`, deps.baseUrl);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}
