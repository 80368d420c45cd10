// The session a sign-in step ends in: a signed-in one completes the sign-in in the same
// transaction (completeSignIn: the audit event with the risk decision, the device and network
// remembered, the new-device mail); a pending stage (second factor, email code, enrolment) waits
// for its next step, which comes back here.
import type { TDeps } from "../kernel/deps";
import { completeSignIn } from "../risk/sign-in-risk";
import { createSession } from "../sessions/create-session";
import { isSignedInStage } from "../sessions/sign-in-stage";
import type { TUser } from "./types";

type TSessionInput = Omit<Parameters<typeof createSession>[1], "userId">;
type TCompletion = Omit<Parameters<typeof completeSignIn>[1], "tenant" | "user" | "sessionId" | "meta">;

/** `txDeps`: the deps bound to the caller's transaction (`withTransaction`). */
export async function startSignInSession(
  txDeps: TDeps,
  user: TUser,
  session: TSessionInput,
  completion: TCompletion,
): Promise<Awaited<ReturnType<typeof createSession>>> {
  const made = await createSession(txDeps, { ...session, userId: user.id, organisationId: user.organisationId });
  if (isSignedInStage(session.stage ?? "complete")) {
    await completeSignIn(txDeps, {
      tenant: session.tenant,
      user,
      sessionId: made.session.id,
      meta: session.meta,
      ...completion,
    });
  }
  return made;
}
