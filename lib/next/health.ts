import "server-only";
import { getDeps } from "./deps";

/** Whether the database answers, for the health check. Throws when it does not. */
export async function pingDatabase(): Promise<void> {
  await getDeps().store.ping();
}
