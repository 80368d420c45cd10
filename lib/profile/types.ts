// Progressive profiling's domain types: the attributes a tenant asks its customers for, and the
// customers' answers. A leaf: imports only zod.
import { z } from "zod";

export const PROFILE_ATTRIBUTE_TYPES = ["text", "phone", "date", "choice", "consent"] as const;
export type TProfileAttributeType = (typeof PROFILE_ATTRIBUTE_TYPES)[number];

/** When an attribute is asked for. */
export const PROFILE_DUE_WHEN = ["sign_up", "sign_in_count", "step_up", "scope"] as const;
export type TProfileDueWhen = (typeof PROFILE_DUE_WHEN)[number];

/** Lower-case letters, digits and underscores, starting with a letter: also the OpenID claim name. */
export const ZProfileKeySchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,39}$/);

/** The stored validation rules of an attribute; each type reads the keys that apply to it. */
export const ZProfileValidationSchema = z.object({
  minLength: z.number().int().min(0).max(1000).optional(),
  maxLength: z.number().int().min(1).max(1000).optional(),
  /** A regular expression the whole text value must match (text only). */
  pattern: z.string().max(200).optional(),
  /** The options of a "choice". */
  choices: z.array(z.string().min(1).max(100)).max(50).optional(),
  /** Bounds of a "date", as YYYY-MM-DD. */
  minDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  maxDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});
export type TProfileValidation = z.infer<typeof ZProfileValidationSchema>;

export type TProfileAttribute = {
  id: string;
  tenantId: string;
  key: string;
  label: string;
  type: TProfileAttributeType;
  validation: TProfileValidation;
  dueWhen: TProfileDueWhen;
  dueSignIns: number | null;
  dueAction: string | null;
  scope: string | null;
  required: boolean;
  editable: boolean;
  consentText: string | null;
  position: number;
  createdAt: Date;
  updatedAt: Date;
};

export type TProfileValue = {
  tenantId: string;
  userId: string;
  attributeId: string;
  /** Null when the customer skipped the attribute. */
  value: string | null;
  skippedAt: Date | null;
  consentText: string | null;
  consentedAt: Date | null;
  updatedAt: Date;
};
