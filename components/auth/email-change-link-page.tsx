import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { TokenConfirmForm } from "@/components/auth/token-confirm-form";
import { Alert } from "@/components/ui/alert";
import type { TTenant } from "@/lib/tenancy/types";
import { isEmailChangeTokenUsable } from "@/lib/account/change-email";
import type { TFormState } from "@/lib/next/form-state";
import { getDeps } from "@/lib/next/deps";

type TLinkPage = {
  purpose: "email_change" | "email_change_undo";
  title: string;
  intro: string;
  label: string;
  pendingText: string;
  doneTitle: string;
  done: string;
  next: { path: string; label: string };
  action: (state: TFormState, formData: FormData) => Promise<TFormState>;
};

/**
 * The two links of an email change (confirm at the new address, undo from the old one): a page that uses the link up
 * only by a button press.
 */
export async function EmailChangeLinkPage({
  tenant,
  query,
  page,
}: {
  tenant: TTenant;
  query: Record<string, string | string[] | undefined>;
  page: TLinkPage;
}) {
  const next = (
    <Link href={`/${tenant.slug}/${page.next.path}`} className="font-semibold underline">
      {page.next.label}
    </Link>
  );
  if (query.done === "1") {
    return (
      <AuthCard title={page.doneTitle} footer={<p>{next}</p>}>
        <Alert tone="success">{page.done}</Alert>
      </AuthCard>
    );
  }
  const token = typeof query.token === "string" ? query.token : "";
  if (!(await isEmailChangeTokenUsable(getDeps(), tenant, page.purpose, token))) {
    return (
      <AuthCard title="This link can't be used">
        <Alert tone="error">This link is invalid, expired or already used.</Alert>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={page.title} intro={<p>{page.intro}</p>}>
      <TokenConfirmForm
        action={page.action}
        tenant={tenant.slug}
        token={token}
        label={page.label}
        pendingText={page.pendingText}
      />
    </AuthCard>
  );
}
