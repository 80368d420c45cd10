/** What a form action hands back to its form. Passwords are never echoed back. */
export type TFormState = {
  status: "idle" | "error" | "success";
  message?: string;
  fieldErrors?: Partial<Record<string, string>>;
  values?: Record<string, string>;
};

export const IDLE: TFormState = { status: "idle" };
