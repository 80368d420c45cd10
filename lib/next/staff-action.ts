import "server-only";
import type { z } from "zod";
import { messageFor } from "../copy";
import { settingsFieldErrors } from "../copy/en";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import {
  isFreshAuthority,
  openConsole,
  STALE_STEP_UP,
  type TConsoleAuthority,
  type TStaffTenantAccess,
} from "../workforce/console-gate";
import type { TSettingsResult } from "../tenancy/settings-change";
import type { TConsole } from "../workforce/roles";
import { formAction, formString } from "./action";
import { getDeps } from "./deps";
import { formFields } from "./form-input";
import type { TFieldName, TFormState } from "./form-state";
import { getRequestMeta } from "./request";
import { getStaffAuth } from "./workforce";

export type TStaffActionSpec<S extends z.ZodObject> = {
  /** The console the form belongs to; "form": the form's own `console` field (support, else admin). */
  console: TConsole | "form";
  /** Which roles at the tenant may do it, beyond opening the console (default: every such role). */
  role?: (role: string) => boolean;
  /**
   * "fresh": the second factor proven within the window, checked by the gate before anything runs.
   * "in-use-case": the role only; the handler's authority carries the step-up time and the use case
   * it is given to refuses a stale one (e.g. a preview that changes nothing needs no step-up).
   */
  stepUp: "fresh" | "in-use-case";
  input: S;
  /** The answer to input the schema refuses (default "Some values need attention."). */
  invalid?: (issues: z.core.$ZodIssue[]) => TFormState<TFieldName<S>>;
  /** Values put back into the form when the gate refuses. */
  keep?: (input: z.output<S>) => TFormState<TFieldName<S>>["values"];
};

export type TStaffActionContext<S extends z.ZodObject> = {
  authority: TConsoleAuthority;
  access: TStaffTenantAccess;
  console: TConsole;
  input: z.output<S>;
  meta: TRequestMeta;
  deps: TDeps;
};

/**
 * A console form's server action, declared: the form parsed once by `input`, then the console gate
 * (a live staff session, a role at the form's tenant that opens the console and passes `role`,
 * and a fresh step-up), then the handler with the authority the gate minted. Its state is typed by
 * `input` (`TFormState<typeof ZBrandingInput>`), and `X` by what it carries beside the fields.
 */
export function staffAction<S extends z.ZodObject, X = never>(
  spec: TStaffActionSpec<S>,
  handler: (context: TStaffActionContext<S>) => Promise<TFormState<TFieldName<S>, X>>,
) {
  return formAction(async (formData): Promise<TFormState<TFieldName<S>, X>> => {
    const console =
      spec.console === "form"
        ? formString(formData, "console", 16) === "support"
          ? "support"
          : "admin"
        : spec.console;
    const slug = formString(formData, "tenant", 64);
    const parsed = spec.input.safeParse(formFields(spec.input, formData));
    if (!parsed.success)
      return spec.invalid?.(parsed.error.issues) ?? { status: "error", message: "Some values need attention." };
    const input = parsed.data as z.output<S>;
    const deps = getDeps();
    const opened = await openConsole(deps, await getStaffAuth(), console, slug, spec.role);
    const refuse = (message: string): TFormState<TFieldName<S>> => {
      const values = spec.keep?.(input);
      return { status: "error", message, ...(values ? { values } : {}) };
    };
    if (!opened.ok) return refuse(messageFor(opened));
    if (spec.stepUp === "fresh" && !isFreshAuthority(opened.authority, deps.now()))
      return refuse(messageFor(STALE_STEP_UP));
    return handler({
      authority: opened.authority,
      access: opened.access,
      console,
      input,
      meta: await getRequestMeta(),
      deps,
    });
  });
}

/**
 * A settings save the use case refused, as the form's state: its message, each field's problem
 * (fields named by the use case after the form's own), and the submitted values put back.
 */
export function settingsRefusal<F extends string>(
  result: Exclude<TSettingsResult<unknown>, { ok: true }>,
  values: TFormState<F>["values"],
): TFormState<F> {
  return {
    status: "error",
    message: messageFor(result),
    fieldErrors:
      result.code === "INVALID_INPUT"
        ? (settingsFieldErrors(result.params.fields) as TFormState<F>["fieldErrors"])
        : undefined,
    values,
  };
}

/** What a settings form says once saved, by how many settings changed. */
export function savedSettingsMessage(saved: TSettingsResult<unknown> & { ok: true }): string {
  const count = Object.keys(saved.changed).length;
  return count === 0 ? "Nothing changed." : `Saved. ${count} setting${count === 1 ? "" : "s"} changed.`;
}
