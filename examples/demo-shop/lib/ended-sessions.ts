// Portico sessions that ended, by `sid`, as back-channel logout tokens announced them. The shop's
// own sessions are signed cookies (next-auth's JWT strategy), so it cannot delete them: instead
// every request checks its session's `sid` here and drops a session Portico has ended. One
// process keeps them in memory; a shop with several servers would keep them in its database.
const ENDED_FOR_MS = 24 * 60 * 60 * 1000;

type TEnded = Map<string, number>;
const holder = globalThis as typeof globalThis & { __shopEndedSessions?: TEnded };
const ended: TEnded = (holder.__shopEndedSessions ??= new Map());

export function endSession(sid: string, now = Date.now()): void {
  ended.set(sid, now + ENDED_FOR_MS);
  for (const [key, until] of ended) if (until < now) ended.delete(key);
}

export function hasEnded(sid: string | undefined): boolean {
  return sid !== undefined && ended.has(sid);
}
