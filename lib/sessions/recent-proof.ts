import type { TSession } from "../db/store";

export function methodTimesOf(session: Pick<TSession, "methodTimes">): Record<string, string> {
  return session.methodTimes;
}
