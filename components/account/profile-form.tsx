"use client";
import { useActionState } from "react";
import { updateProfileAction } from "@/actions/account";
import { FormNotice } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { IDLE } from "@/lib/next/form-state";

export function ProfileForm({ tenant, displayName }: { tenant: string; displayName: string }) {
  const [state, action] = useActionState(updateProfileAction, IDLE);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormNotice state={state} />
      <input type="hidden" name="tenant" value={tenant} />
      <Field
        label="Display name"
        name="displayName"
        autoComplete="name"
        maxLength={100}
        defaultValue={state.values?.displayName ?? displayName}
        error={state.fieldErrors?.displayName}
      />
      <SubmitButton pendingText="Saving…">Save profile</SubmitButton>
    </form>
  );
}
