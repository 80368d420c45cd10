import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PasskeyRegister } from "@/components/account/passkey-register";
import { TotpSection } from "@/components/account/totp-section";
import { Alert } from "@/components/ui/alert";
import { isPasskeySetupSession } from "@/lib/identity/sign-in-methods";
import { getDeps } from "@/lib/next/deps";
import { getAuth, getPendingAuth } from "@/lib/next/session";
import { policyForUser } from "@/lib/organisations/policy";
import { getTenantOrNotFound } from "@/lib/next/tenant";
import { safeReturnTo } from "@/lib/security/return-to";

export const metadata: Metadata = { title: "Set up your sign-in" };

/** The tenant requires a second factor: a user without one sets it up here before anything else. */
export default async function EnrolPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const tenant = await getTenantOrNotFound((await params).tenant);
  const query = await searchParams;
  const returnTo = safeReturnTo(tenant.slug, typeof query.returnTo === "string" ? query.returnTo : undefined);
  const auth = (await getPendingAuth(tenant, "enrol_factor")) ?? (await getAuth(tenant));
  if (!auth) redirect(`/${tenant.slug}/login?notice=session-ended`);
  if (isPasskeySetupSession(auth.session)) {
    return (
      <main className="mx-auto w-full max-w-xl space-y-4">
        <h1 className="text-2xl font-bold">Create your passkey</h1>
        <p className="text-gray-800">
          Your email address is confirmed. {tenant.name} signs you in with a passkey instead of a password: your device
          keeps it and unlocks it with your fingerprint, face or screen lock. Create it now to finish setting up your
          account.
        </p>
        <section aria-labelledby="create-passkey-heading" className="rounded-lg border border-gray-300 bg-white p-6">
          <h2 id="create-passkey-heading" className="mb-4 text-lg font-semibold">
            Passkey for {auth.user.email}
          </h2>
          <PasskeyRegister tenant={tenant.slug} setup />
        </section>
      </main>
    );
  }
  // A second factor waits for a confirmed address (see lib/step-up/policies.ts), required or not.
  const confirmed = auth.user.emailVerifiedAt !== null;
  // A member gets what their organisation allows (lib/organisations/policy.ts): where it does not
  // allow passwords, the enrolment is a passkey; an authenticator app only where it is allowed.
  const member = await policyForUser(getDeps(), tenant, auth.user);
  const offerPasskey = member.tenant.allowPasskey && member.organisation !== null;
  // After an enterprise sign-in (amr fed) an app is the second step to the IdP's sign-in, not to a password.
  const offerApp = member.tenant.allowTotp && (member.tenant.allowPassword || auth.session.amr.includes("fed"));
  const organisation = member.organisation?.name;
  return (
    <main className="mx-auto w-full max-w-xl space-y-4">
      <h1 className="text-2xl font-bold">{offerApp ? "Set up a second step" : "Create your passkey"}</h1>
      <p className="text-gray-800">
        {organisation
          ? offerApp
            ? `${organisation} requires a stronger sign-in at ${tenant.name}. Create a passkey or set up an authenticator app to continue.`
            : `${organisation} signs its members in to ${tenant.name} with passkeys. Create one now to continue: your device keeps it and unlocks it with your fingerprint, face or screen lock.`
          : `${tenant.name} requires a second step at sign-in. Set up an authenticator app to continue.`}
      </p>
      {confirmed ? null : (
        <Alert tone="info">
          Confirm your email address first: open the link we sent to{" "}
          <span className="font-semibold">{auth.user.email}</span>, then sign in again to set up the second step.
        </Alert>
      )}
      {offerPasskey && confirmed ? (
        <section aria-labelledby="create-passkey-heading" className="rounded-lg border border-gray-300 bg-white p-6">
          <h2 id="create-passkey-heading" className="mb-4 text-lg font-semibold">
            Passkey for {auth.user.email}
          </h2>
          <PasskeyRegister tenant={tenant.slug} continueTo={returnTo} />
        </section>
      ) : null}
      {offerApp ? (
        <TotpSection
          tenant={member.tenant}
          auth={auth}
          continueHref={returnTo}
          canChange={confirmed}
          lockedNote={confirmed ? undefined : "Available once your email address is confirmed."}
        />
      ) : null}
    </main>
  );
}
