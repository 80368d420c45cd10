import { z } from "zod";

// The fields a form posts, read the way every action reads them: a missing or non-text field is
// "", a long one is cut at `max` (the use case then says what is wrong with it). Secret fields
// (passwords, codes, link tokens) are never echoed back into the form.

const SECRET = new WeakSet<z.ZodType>();

/** A text field, cut at `max` characters. */
export function text(max = 4096) {
  return z.unknown().transform((value): string => (typeof value === "string" ? value.slice(0, max) : ""));
}

/** A text field that is never echoed back (a password, a code, a link's token). */
export function secret(max = 1025) {
  const schema = text(max);
  SECRET.add(schema);
  return schema;
}

/** A checkbox: on when ticked. */
export function checkbox() {
  return z.unknown().transform((value): boolean => value === "on");
}

export function isSecretField(schema: z.ZodType): boolean {
  return SECRET.has(schema);
}

/** The posted values of `schema`'s fields, as the schema reads them. */
export function formFields(schema: z.ZodObject, formData: FormData): Record<string, FormDataEntryValue | null> {
  return Object.fromEntries(Object.keys(schema.shape).map((name) => [name, formData.get(name)]));
}
