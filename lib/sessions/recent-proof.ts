import type { TSession } from "../db/store";

export function methodTimesOf(session: Pick<TSession, "methodTimes">): Record<string, string> {
  try {
    const value: unknown = JSON.parse(session.methodTimes);
    if (typeof value !== "object" || value === null) return {};
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return {};
  }
}
