// Mail to staff members: queued in the caller's transaction like every mail, but belonging to no
// tenant (a staff identity can work for several) and signed by the platform operator.
import type { TDeps } from "../kernel/deps";
import { outboxMessage } from "../mail/queue-mail";
import type { TMailContent } from "../mail/templates";

export function operatorName(deps: Pick<TDeps, "operatorName">): string {
  return deps.operatorName ?? "Portico";
}

/** Queues `content` to a staff address through `txDeps`, in its transaction. */
export async function queueStaffMail(txDeps: TDeps, to: string, content: TMailContent) {
  await txDeps.store.mail.enqueue(outboxMessage(txDeps, null, to, content));
}

export function consoleUrl(deps: Pick<TDeps, "baseUrl">, pathname: string): string {
  return new URL(pathname, deps.baseUrl).toString();
}
