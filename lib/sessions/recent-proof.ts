import type { TSession } from "./types";

export function methodTimesOf(session: Pick<TSession, "methodTimes">): Record<string, string> {
  return session.methodTimes;
}
