// Mail is written to the outbox table inside the caller's transaction (so a change and its notice
// commit together) and delivered afterwards by the dispatcher. Requests never wait on SMTP, which
// also keeps response times independent of whether a mail was sent.
import type { TRepositories } from "../db/store";
import type { TDeps } from "../kernel/deps";
import type { TMailContent } from "./templates";
import type { TTenant } from "../tenancy/types";

export async function queueMail(tx: TRepositories, deps: TDeps, tenant: TTenant, to: string, content: TMailContent) {
  await tx.mail.enqueue({
    tenantId: tenant.id,
    to,
    subject: content.subject,
    text: content.text,
    html: content.html,
    status: deps.mailMode === "smtp" ? "pending" : "outbox",
    at: deps.now(),
  });
}

export function tenantUrl(deps: TDeps, tenant: TTenant, pathname: string, params: Record<string, string> = {}): string {
  const url = new URL(`/${tenant.slug}/${pathname}`, deps.baseUrl);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}
