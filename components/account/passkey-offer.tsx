"use client";
import { useActionState } from "react";
import { dismissPasskeyOfferAction } from "@/actions/account";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";
import { PasskeyRegister } from "./passkey-register";

/** Offered after sign-up or a password sign-in until the user creates a passkey or says no. */
export function PasskeyOffer({ tenant }: { tenant: string }) {
  const [state, dismiss] = useActionState(dismissPasskeyOfferAction, IDLE);
  if (state.status === "success") return null;
  return (
    <section aria-labelledby="passkey-offer-heading" className="rounded-lg border border-gray-300 bg-white p-4">
      <h2 id="passkey-offer-heading" className="font-semibold text-gray-900">
        Sign in faster with a passkey
      </h2>
      <p className="mt-1 text-sm text-gray-800">
        Use your fingerprint, face or device PIN next time instead of your password.
      </p>
      <div className="mt-3">
        <PasskeyRegister tenant={tenant} />
      </div>
      <form action={dismiss} className="mt-3">
        <input type="hidden" name="tenant" value={tenant} />
        <SubmitButton variant="secondary" pendingText="…">
          Not now
        </SubmitButton>
      </form>
    </section>
  );
}
