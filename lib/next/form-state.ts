import type { z } from "zod";

/** The names of a form's fields: the keys of its action's input schema, or plain names. */
export type TFieldName<S extends z.ZodObject | string> = S extends z.ZodObject ? keyof S["shape"] & string : S;

/**
 * What a form action hands back to its form. Passwords are never echoed back. Typed by the
 * action's input schema (`TFormState<typeof ZSignUpInput>`), so a form can only name its fields;
 * `X` types what the state carries beside them (e.g. that branding's values are a preview).
 */
export type TFormState<S extends z.ZodObject | string = string, X = never> = {
  status: "idle" | "error" | "success";
  message?: string;
  fieldErrors?: Partial<Record<TFieldName<S>, string>>;
  values?: Partial<Record<TFieldName<S>, string>>;
  extra?: X;
};

/** The values a form shows, typed like its state's (`initial` from a page, a draft while typing). */
export type TFormValues<S extends z.ZodObject | string> = NonNullable<TFormState<S>["values"]>;

/** Any form's state before its first post. */
export const IDLE: { status: "idle" } = { status: "idle" };
