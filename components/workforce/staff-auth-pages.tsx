// The sign-in steps of both consoles (admin and support share one staff realm): password, then the
// authenticator app (enrolled at first sign-in), and step-up before console actions.
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { qrSvgDataUrl } from "@/lib/identity/qr-code";
import { getDeps } from "@/lib/next/deps";
import { getPendingStaffAuth, getStaffAuth, safeConsoleReturnTo } from "@/lib/next/workforce";
import type { TConsole } from "@/lib/workforce/roles";
import { pendingStaffTotp } from "@/lib/workforce/staff-factor";
import { StaffCodeForm, StaffSignInForm } from "./staff-forms";

type TQuery = Record<string, string | string[] | undefined>;

const NOTICES: Record<string, { tone: "info" | "error"; text: string }> = {
  "session-ended": { tone: "info", text: "Your sign-in expired. Sign in again." },
  "too-many-codes": { tone: "error", text: "Too many wrong codes. Sign in again." },
  "signed-out": { tone: "info", text: "You are signed out." },
};

function returnToFrom(console: TConsole, query: TQuery): string {
  return safeConsoleReturnTo(console, typeof query.returnTo === "string" ? query.returnTo : undefined);
}

function StartAgain({ console }: { console: TConsole }) {
  return (
    <p>
      <Link href={`/${console}/login`} className="font-semibold underline">
        Start again
      </Link>
    </p>
  );
}

export async function StaffLoginPage({ console, query }: { console: TConsole; query: TQuery }) {
  const returnTo = returnToFrom(console, query);
  if (await getStaffAuth()) redirect(returnTo);
  const notice = typeof query.notice === "string" ? NOTICES[query.notice] : undefined;
  return (
    <AuthCard
      title={console === "admin" ? "Sign in to the admin console" : "Sign in to the support workbench"}
      intro={<p>For your organisation&apos;s staff. Customers sign in on their own tenant&apos;s page.</p>}
      footer={<p>Locked out? Another owner or administrator of your organisation can send you a new set-up link.</p>}
    >
      {notice ? (
        <div className="mb-4">
          <Alert tone={notice.tone}>{notice.text}</Alert>
        </div>
      ) : null}
      <StaffSignInForm console={console} returnTo={returnTo} />
    </AuthCard>
  );
}

export async function StaffVerifyPage({ console, query }: { console: TConsole; query: TQuery }) {
  if (!(await getPendingStaffAuth("factor"))) redirect(`/${console}/login?notice=session-ended`);
  return (
    <AuthCard title="Enter your code" intro={<p>Your password was right. Now enter the current code from your authenticator app.</p>} footer={<StartAgain console={console} />}>
      <StaffCodeForm console={console} mode="verify" returnTo={returnToFrom(console, query)} submit="Continue" />
    </AuthCard>
  );
}

export async function StaffEnrolPage({ console, query }: { console: TConsole; query: TQuery }) {
  const auth = await getPendingStaffAuth("enrol");
  if (!auth) redirect(`/${console}/login?notice=session-ended`);
  const pending = await pendingStaffTotp(getDeps(), auth);
  if (!pending) redirect(`/${console}/login?notice=session-ended`);
  const qr = await qrSvgDataUrl(pending.uri);
  return (
    <AuthCard
      title="Set up your authenticator app"
      intro={<p>Staff accounts always use a second step. Scan this code with your authenticator app (or type the key), then enter the code it shows.</p>}
      footer={<StartAgain console={console} />}
    >
      <div className="space-y-4">
        {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL rendered on the server */}
        <img src={qr} alt="QR code for your authenticator app" width={180} height={180} className="rounded border border-gray-300" />
        <p className="text-sm text-gray-900">
          Key: <code className="font-mono break-all" data-testid="staff-totp-secret">{pending.secret}</code>
        </p>
        <StaffCodeForm console={console} mode="enrol" returnTo={returnToFrom(console, query)} submit="Turn on and continue" />
      </div>
    </AuthCard>
  );
}

export async function StaffStepUpPage({ console, query }: { console: TConsole; query: TQuery }) {
  const returnTo = returnToFrom(console, query);
  if (!(await getStaffAuth())) redirect(`/${console}/login?returnTo=${encodeURIComponent(returnTo)}`);
  return (
    <AuthCard
      title="Confirm it's you"
      intro={<p>Console actions need a fresh code from your authenticator app. It counts for 5 minutes.</p>}
      footer={
        <p>
          <Link href={returnTo} className="font-semibold underline">
            Cancel
          </Link>
        </p>
      }
    >
      <StaffCodeForm console={console} mode="step-up" returnTo={returnTo} submit="Confirm" />
    </AuthCard>
  );
}
