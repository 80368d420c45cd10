import { z } from "zod";

// The fields a form posts, read the way every action reads them: a missing or non-text field is
// "", a long one is cut at `max` (the use case then says what is wrong with it). Secret fields
// (passwords, codes, link tokens) are never echoed back into the form.

const SECRET = new WeakSet<z.ZodType>();
const LIST = new WeakSet<z.ZodType>();

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

/** A field posted several times (checkboxes sharing a name): at most `items` texts of at most `max`. */
export function list(items: number, max = 4096) {
  const schema = z.unknown().transform((values): string[] =>
    Array.isArray(values)
      ? values
          .filter((v): v is string => typeof v === "string")
          .slice(0, items)
          .map((v) => v.slice(0, max))
      : [],
  );
  LIST.add(schema);
  return schema;
}

/** The posted values of `schema`'s fields, as the schema reads them. */
export function formFields(
  schema: z.ZodObject,
  formData: FormData,
): Record<string, FormDataEntryValue | FormDataEntryValue[] | null> {
  return Object.fromEntries(
    Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => [
      name,
      LIST.has(field) ? formData.getAll(name) : formData.get(name),
    ]),
  );
}

/** A text field that may be absent (an unticked checkbox): undefined then, else cut at `max`. */
export function optionalText(max = 4096) {
  return z
    .unknown()
    .transform((value): string | undefined => (typeof value === "string" ? value.slice(0, max) : undefined));
}

/** An uploaded file, or null when none was chosen. */
export function upload() {
  return z.unknown().transform((value): File | null => (value instanceof File ? value : null));
}

/** A console form's `console` field: "support", or else "admin". */
export function consoleField() {
  return z.unknown().transform((value): "admin" | "support" => (value === "support" ? "support" : "admin"));
}
