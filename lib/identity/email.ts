import { z } from "zod";

/**
 * One address, one account per tenant: NFC-normalised, trimmed and lower-cased. Lower-casing the
 * local part is technically lossy, but every major mailbox provider treats it case-insensitively
 * and two accounts differing only by case are a takeover and support hazard.
 */
export function normalizeEmail(raw: string): string {
  return raw.normalize("NFC").trim().toLowerCase();
}

export const ZEmailSchema = z
  .string({ error: "Enter your email address." })
  .transform(normalizeEmail)
  .pipe(
    z
      .email({ error: "Enter a valid email address, like name@example.com." })
      .max(254, { error: "That email address is too long." }),
  );
