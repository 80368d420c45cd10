import { messageFor } from "@/lib/copy";
import type { TTenant } from "@/lib/tenancy/types";
import type { TValidSession } from "@/lib/sessions/validate-session";
import type { TStepUpRequired } from "@/lib/step-up/step-up";
import { StepUpCodeForm, StepUpPasskeyButton, StepUpPasswordForm } from "./step-up-forms";

const LEVEL_TEXT: Record<number, string> = {
  1: "your password or another sign-in method",
  2: "a second factor (a passkey or your authenticator app)",
  3: "a passkey kept on this device",
};

/** The methods that satisfy a step-up policy, and nothing else. */
export function StepUpPanel({
  tenant,
  auth,
  check,
  returnTo,
}: {
  tenant: TTenant;
  auth: TValidSession;
  check: TStepUpRequired;
  returnTo: string;
}) {
  const { action, methods, requiredAal } = check.params;
  const props = { tenant: tenant.slug, action, returnTo };
  const hasCode = methods.includes("totp") || methods.includes("recovery_code");
  return (
    <div className="space-y-4" data-testid="step-up-panel">
      <p className="text-sm text-gray-900">
        {messageFor(check)} This needs {LEVEL_TEXT[requiredAal]}.
      </p>
      {methods.includes("passkey") ? <StepUpPasskeyButton {...props} /> : null}
      {hasCode ? <StepUpCodeForm {...props} recoveryCodes={methods.includes("recovery_code")} /> : null}
      {methods.includes("password") ? <StepUpPasswordForm {...props} email={auth.user.email} /> : null}
    </div>
  );
}
