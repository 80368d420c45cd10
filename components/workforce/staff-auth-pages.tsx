// The sign-in steps of both consoles (admin and support share one staff realm): password, then a
// second factor (an authenticator app or a passkey, enrolled at first sign-in), and step-up before
// console actions. The code forms work without JavaScript; passkeys need it.
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { qrSvgDataUrl } from "@/lib/identity/qr-code";
import { getDeps } from "@/lib/next/deps";
import { getPendingStaffAuth, getStaffAuth, safeConsoleReturnTo } from "@/lib/next/workforce";
import type { TConsole } from "@/lib/workforce/roles";
import { pendingStaffTotp } from "@/lib/workforce/staff-factor";
import type { TStaffAuth } from "@/lib/workforce/staff-sessions";
import { StaffCodeForm, StaffSignInForm } from "./staff-forms";
import { StaffPasskeyProve, StaffPasskeyRegister } from "./staff-passkey";
import { myPasskeyCount } from "@/lib/workforce/staff-queries";

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

/** The second factors a member can prove with: the code form, the passkey button, or both. */
async function SecondFactorChoices({
  console,
  auth,
  returnTo,
  purpose,
}: {
  console: TConsole;
  auth: TStaffAuth;
  returnTo: string;
  purpose: "sign-in" | "step-up";
}) {
  const passkeys = await myPasskeyCount(getDeps(), auth);
  const app = auth.staff.totpConfirmedAt !== null;
  return (
    <div className="space-y-4">
      {passkeys > 0 ? <StaffPasskeyProve console={console} returnTo={returnTo} purpose={purpose} /> : null}
      {passkeys > 0 && app ? <p className="text-center text-sm text-gray-800">or enter a code</p> : null}
      {app ? (
        <StaffCodeForm
          console={console}
          mode={purpose === "sign-in" ? "verify" : "step-up"}
          returnTo={returnTo}
          submit={purpose === "sign-in" ? "Continue" : "Confirm"}
        />
      ) : null}
    </div>
  );
}

export async function StaffVerifyPage({ console, query }: { console: TConsole; query: TQuery }) {
  const auth = await getPendingStaffAuth("factor");
  if (!auth) redirect(`/${console}/login?notice=session-ended`);
  return (
    <AuthCard
      title="Second step"
      intro={<p>Your password was right. Now use your passkey or the current code from your authenticator app.</p>}
      footer={<StartAgain console={console} />}
    >
      <SecondFactorChoices console={console} auth={auth} returnTo={returnToFrom(console, query)} purpose="sign-in" />
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
      title="Set up your second step"
      intro={<p>Staff accounts always use a second step: a passkey (resists phishing) or an authenticator app.</p>}
      footer={<StartAgain console={console} />}
    >
      <div className="space-y-4">
        <section aria-labelledby="enrol-passkey" className="space-y-3">
          <h2 id="enrol-passkey" className="font-semibold text-gray-900">
            A passkey on this device or a security key
          </h2>
          <StaffPasskeyRegister
            console={console}
            returnTo={returnToFrom(console, query)}
            label="Create a passkey and continue"
          />
        </section>
        <h2 className="border-t border-gray-300 pt-4 font-semibold text-gray-900">Or an authenticator app</h2>
        <p className="text-sm text-gray-900">
          Scan this code with your authenticator app (or type the key), then enter the code it shows.
        </p>
        {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL rendered on the server */}
        <img
          src={qr}
          alt="QR code for your authenticator app"
          width={180}
          height={180}
          className="rounded border border-gray-300"
        />
        <p className="text-sm text-gray-900">
          Key:{" "}
          <code className="font-mono break-all" data-testid="staff-totp-secret">
            {pending.secret}
          </code>
        </p>
        <StaffCodeForm
          console={console}
          mode="enrol"
          returnTo={returnToFrom(console, query)}
          submit="Turn on and continue"
        />
      </div>
    </AuthCard>
  );
}

export async function StaffStepUpPage({ console, query }: { console: TConsole; query: TQuery }) {
  const returnTo = returnToFrom(console, query);
  const auth = await getStaffAuth();
  if (!auth) redirect(`/${console}/login?returnTo=${encodeURIComponent(returnTo)}`);
  return (
    <AuthCard
      title="Confirm it's you"
      intro={
        <p>
          Console actions need your second factor again: your passkey or a fresh code from your authenticator app. It
          counts for 5 minutes.
        </p>
      }
      footer={
        <p>
          <Link href={returnTo} className="font-semibold underline">
            Cancel
          </Link>
        </p>
      }
    >
      <SecondFactorChoices console={console} auth={auth} returnTo={returnTo} purpose="step-up" />
    </AuthCard>
  );
}
