import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { StaffSetupForm } from "@/components/workforce/staff-forms";
import { getDeps } from "@/lib/next/deps";
import { messageFor } from "@/lib/copy";
import { isLiveSetupLink } from "@/lib/workforce/provision";

export const metadata: Metadata = { title: "Set up your staff account" };

export default async function SetupPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const token = (await searchParams).token;
  const live = typeof token === "string" && (await isLiveSetupLink(getDeps(), token));
  return (
    <AuthCard
      title="Set up your staff account"
      intro={<p>Choose a password. Next you will add an authenticator app: staff accounts always use a second step.</p>}
    >
      {live ? (
        <StaffSetupForm token={token} />
      ) : (
        <Alert tone="error">{messageFor({ module: "staff", code: "SETUP_LINK_INVALID", params: {} })}</Alert>
      )}
    </AuthCard>
  );
}
