import "server-only";
import { redirect } from "next/navigation";
import type { z } from "zod";
import type { TTenant } from "../tenancy/types";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import type { TValidSession } from "../sessions/validate-session";
import { formAction, tenantFromForm } from "./action";
import { getDeps } from "./deps";
import { requireFactorAuth } from "./factor-auth";
import { formFields, isSecretField } from "./form-input";
import type { TFieldName, TFormState } from "./form-state";
import { getRequestMeta, getSignInMeta } from "./request";
import { getPendingAuth, requireAuth } from "./session";
import { notice } from "../copy/words";

/**
 * Who may post a customer form:
 * - "none": anyone (sign-up, links opened from mail);
 * - "signed-in": a signed-in user; everyone else is sent to sign in, coming back to `signInReturnTo`;
 * - "pending": a sign-in half-way through at `stage`; anyone else starts again (session-ended);
 * - "factor-setup": signed in, or a sign-in that must first enrol a second factor (tenant policy).
 */
export type TAuthMode = "none" | "signed-in" | "pending" | "factor-setup";

type TAuthSpec<A extends TAuthMode, I> = A extends "signed-in"
  ? { signInReturnTo: (tenant: TTenant, input: I) => string }
  : A extends "pending"
    ? { stage: "second_factor" | "email_code" }
    : unknown;

export type TTenantActionSpec<S extends z.ZodObject, A extends TAuthMode, E extends string> = {
  auth: A;
  input: S;
  /** "sign-in": the request meta gives the browser a device cookie if it has none. */
  meta?: "request" | "sign-in";
  /** The answer when the form names no tenant there is (default "This page is no longer valid."). */
  noTenant?: string;
  /** The answer to input the schema refuses (default: the fields' errors, "Please correct the highlighted field."). */
  invalid?: (issues: z.core.$ZodIssue[]) => TFormState<TFieldName<S>>;
  /** Values the state shows that are not input fields (e.g. recovery codes shown once). */
  shows?: readonly E[];
} & TAuthSpec<A, z.output<S>>;

export type TTenantActionContext<S extends z.ZodObject, A extends TAuthMode> = {
  tenant: TTenant;
  auth: A extends "none" ? null : TValidSession;
  input: z.output<S>;
  meta: TRequestMeta;
  deps: TDeps;
};

/**
 * A customer form's server action, declared: the tenant named by the form, the session `auth`
 * asks for, the request meta and the form parsed once by `input`, then the handler.
 */
export function tenantAction<S extends z.ZodObject, A extends TAuthMode, const E extends string = never>(
  spec: TTenantActionSpec<S, A, E>,
  handler: (context: TTenantActionContext<S, A>) => Promise<TFormState<TFieldName<S> | E>>,
) {
  return formAction(async (formData): Promise<TFormState<TFieldName<S> | E>> => {
    const tenant = await tenantFromForm(formData);
    if (!tenant) return { status: "error", message: spec.noTenant ?? "This page is no longer valid." };
    const parsed = spec.input.safeParse(formFields(spec.input, formData));
    // A refusal names only the schema's own fields (invalidInput reads nothing else).
    if (!parsed.success)
      return (spec.invalid ?? ((issues) => invalidInput(spec.input, formData, issues) as TFormState<TFieldName<S>>))(
        parsed.error.issues,
      ) as TFormState<TFieldName<S> | E>;
    const input = parsed.data as z.output<S>;
    const auth = await resolveAuth(spec, tenant, input);
    const meta = spec.meta === "sign-in" ? await getSignInMeta() : await getRequestMeta();
    return handler({ tenant, auth: auth as TTenantActionContext<S, A>["auth"], input, meta, deps: getDeps() });
  });
}

async function resolveAuth<S extends z.ZodObject, A extends TAuthMode, E extends string>(
  spec: TTenantActionSpec<S, A, E>,
  tenant: TTenant,
  input: z.output<S>,
): Promise<TValidSession | null> {
  const declared = spec as TTenantActionSpec<S, TAuthMode, E> & {
    signInReturnTo?: (tenant: TTenant, input: z.output<S>) => string;
    stage?: "second_factor" | "email_code";
  };
  switch (declared.auth) {
    case "none":
      return null;
    case "signed-in":
      if (!declared.signInReturnTo) throw new Error("A signed-in action names where sign-in comes back to.");
      return requireAuth(tenant, declared.signInReturnTo(tenant, input));
    case "pending": {
      if (!declared.stage) throw new Error("A pending action names its stage.");
      const pending = await getPendingAuth(tenant, declared.stage);
      if (!pending) redirect(`/${tenant.slug}/login?notice=session-ended`);
      return pending;
    }
    case "factor-setup":
      return requireFactorAuth(tenant);
  }
}

function invalidInput(schema: z.ZodObject, formData: FormData, issues: z.core.$ZodIssue[]): TFormState {
  const fieldErrors: Partial<Record<string, string>> = {};
  for (const issue of issues) {
    const name = issue.path[0];
    if (typeof name === "string" && fieldErrors[name] === undefined) fieldErrors[name] = issue.message;
  }
  const values: Partial<Record<string, string>> = {};
  for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const value = formData.get(name);
    if (typeof value === "string" && !isSecretField(field)) values[name] = value.slice(0, 4096);
  }
  return { status: "error", message: notice("correct_fields"), fieldErrors, values };
}
