// Mail to staff members: queued in the caller's transaction like every mail, but belonging to no
// tenant (a staff identity can work for several) and signed by the platform operator.
import type { TRepositories } from "../db/store";
import type { TDeps } from "../kernel/deps";
import type { TMailContent } from "../mail/templates";

export function operatorName(deps: Pick<TDeps, "operatorName">): string {
  return deps.operatorName ?? "Portico";
}

export async function queueStaffMail(tx: TRepositories, deps: TDeps, to: string, content: TMailContent) {
  await tx.mail.enqueue({
    tenantId: null,
    to,
    subject: content.subject,
    text: content.text,
    html: content.html,
    status: deps.mailMode === "smtp" ? "pending" : "outbox",
    at: deps.now(),
  });
}

export function consoleUrl(deps: Pick<TDeps, "baseUrl">, pathname: string): string {
  return new URL(pathname, deps.baseUrl).toString();
}
