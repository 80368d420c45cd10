import Link from "next/link";
import { getDeps } from "@/lib/next/deps";
import { needsStaffStepUp, staffStepUpPath } from "@/lib/next/workforce";
import { STAFF_POLICY } from "@/lib/workforce/policy";
import type { TStaffAuth } from "@/lib/workforce/staff-sessions";
import type { TConsole } from "@/lib/workforce/roles";

/**
 * Above every console form: whether changes are allowed now (second factor proven in the last 5 minutes), and the way
 * to allow them.
 */
export function StepUpNotice({ console, auth, returnTo }: { console: TConsole; auth: TStaffAuth; returnTo: string }) {
  if (needsStaffStepUp(auth) || !auth.session.steppedUpAt) {
    return (
      <div
        className="mb-6 flex flex-wrap items-center justify-between gap-3 rounded-md border border-gray-400 bg-white p-4"
        data-testid="step-up-notice"
      >
        <p className="text-sm text-gray-900">
          Changes here need your passkey or a fresh authenticator code (valid {STAFF_POLICY.stepUpMinutes} minutes).
        </p>
        <Link
          href={staffStepUpPath(console, returnTo)}
          className="rounded-md bg-brand px-3 py-1.5 text-sm font-semibold text-brand-text"
        >
          Confirm it&apos;s you
        </Link>
      </div>
    );
  }
  const until = new Date(auth.session.steppedUpAt.getTime() + STAFF_POLICY.stepUpMinutes * 60_000);
  const minutesLeft = Math.max(0, Math.ceil((until.getTime() - getDeps().now().getTime()) / 60_000));
  return (
    <p
      className="mb-6 rounded-md border border-green-700 bg-green-50 p-3 text-sm text-green-900"
      data-testid="step-up-notice"
    >
      Confirmed: you can make changes for about {minutesLeft} more minute{minutesLeft === 1 ? "" : "s"}.
    </p>
  );
}
