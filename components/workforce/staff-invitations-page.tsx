// "Your invitations": roles that owners of other tenants offered to the signed-in member. Nothing is
// granted until the member accepts here, signed in as themselves with a fresh second factor.
import Link from "next/link";
import { answerInvitationAction } from "@/actions/workforce/invitations";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { INVITATION_ANSWER_PROBLEM_WORDS } from "@/lib/copy/en";
import { doneWords } from "@/lib/copy/words";
import { getDeps } from "@/lib/next/deps";
import { requireStaff } from "@/lib/next/workforce";
import { roleLabel, type TConsole } from "@/lib/workforce/roles";
import { listMyInvitations, type TInvitationAnswerResult } from "@/lib/workforce/staff-invitations";
import { StepUpNotice } from "./step-up-notice";

type TQuery = Record<string, string | string[] | undefined>;

type TAnswerProblem = Exclude<TInvitationAnswerResult, { ok: true }>["code"];

/** What a refused answer (`?problem=` from the action) says, for each refusal the answer has. */
const PROBLEMS: Readonly<Record<TAnswerProblem, string>> = INVITATION_ANSWER_PROBLEM_WORDS;

function problemWords(code: string): string | undefined {
  return Object.hasOwn(PROBLEMS, code) ? PROBLEMS[code as TAnswerProblem] : undefined;
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function AnswerForm({
  console,
  invitationId,
  answer,
  label,
}: {
  console: TConsole;
  invitationId: string;
  answer: "accept" | "decline";
  label: string;
}) {
  return (
    <form action={answerInvitationAction}>
      <input type="hidden" name="console" value={console} />
      <input type="hidden" name="invitationId" value={invitationId} />
      <input type="hidden" name="answer" value={answer} />
      <SubmitButton variant={answer === "accept" ? "primary" : "secondary"} pendingText="Saving…">
        {label}
      </SubmitButton>
    </form>
  );
}

export async function StaffInvitationsPage({ console, query }: { console: TConsole; query: TQuery }) {
  const path = `/${console}/invitations`;
  const auth = await requireStaff(console, path);
  const invitations = await listMyInvitations(getDeps(), auth);
  const done = doneWords("invitation", typeof query.done === "string" ? query.done : undefined);
  const problem = typeof query.problem === "string" ? problemWords(query.problem) : undefined;
  return (
    <main className="space-y-6">
      <h1 className="text-2xl font-bold text-gray-900">Your invitations</h1>
      {done ? <Alert tone="success">{done}</Alert> : null}
      {problem ? <Alert tone="error">{problem}</Alert> : null}
      <p className="text-gray-900">
        An owner of a tenant can offer you a staff role there. You get it only if you accept. Its owners then see your
        name and role, never your password, passkeys, authenticator app or sessions, and cannot reset them.
      </p>
      {invitations.length === 0 ? (
        <p className="text-gray-900">No open invitations.</p>
      ) : (
        <>
          <StepUpNotice console={console} auth={auth} returnTo={path} />
          <ul className="space-y-4" aria-label="Open invitations">
            {invitations.map((i) => (
              <li
                key={i.invitationId}
                className="space-y-3 rounded-lg border border-gray-300 bg-white p-4"
                data-testid="my-invitation"
              >
                <p className="break-words text-gray-900">
                  <strong>{i.tenant.name}</strong> ({i.tenant.slug}) invites you to the role{" "}
                  <strong>{roleLabel(i.role)}</strong>.
                </p>
                <p className="text-sm text-gray-800">
                  Sent {dateFormat.format(i.invitedAt)} UTC · open until {dateFormat.format(i.expiresAt)} UTC
                </p>
                <div className="flex flex-wrap gap-3">
                  <AnswerForm
                    console={console}
                    invitationId={i.invitationId}
                    answer="accept"
                    label={`Accept the role at ${i.tenant.name}`}
                  />
                  <AnswerForm console={console} invitationId={i.invitationId} answer="decline" label="Decline" />
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <Link href={`/${console}`} className="font-semibold text-gray-900 underline">
          Back to your tenants
        </Link>
      </p>
    </main>
  );
}
