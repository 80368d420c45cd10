"use server";
import { messageFor } from "@/lib/copy";
import { LOGO_PROBLEM_WORDS, settingsFieldErrors } from "@/lib/copy/en";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { text, upload } from "@/lib/next/form-input";
import type { TFormValues } from "@/lib/next/form-state";
import { savedSettingsMessage, settingsRefusal, staffAction } from "@/lib/next/staff-action";
import {
  BRANDING_FIELDS,
  checkLogo,
  LOGO_MAX_BYTES,
  parseBranding,
  updateBranding,
  type TBrandingForm,
  type TCheckedLogo,
} from "@/lib/tenancy/branding-settings";
import { isFreshAuthority, STALE_STEP_UP } from "@/lib/workforce/console-gate";

const ZBrandingInput = z.object({
  ...(Object.fromEntries(BRANDING_FIELDS.map((field) => [field, text(600)])) as Record<
    keyof TBrandingForm,
    ReturnType<typeof text>
  >),
  intent: text(16),
  removeLogo: text(8),
  logo: upload(),
});
/** The branding form's values; beside them its state says whether they are an unsaved preview. */
export type TBrandingValues = TFormValues<typeof ZBrandingInput>;
type TBrandingExtra = { preview: true };

function brandingOf(input: z.output<typeof ZBrandingInput>): TBrandingForm {
  return Object.fromEntries(BRANDING_FIELDS.map((field) => [field, input[field]])) as TBrandingForm;
}

/**
 * Saves the branding, or (intent=preview) re-renders the page with a preview of the submitted values and saves nothing.
 */
export const saveBrandingAction = staffAction<typeof ZBrandingInput, TBrandingExtra>(
  // A preview changes nothing, so it needs the tenant role but not a fresh step-up; a save does.
  {
    console: "admin",
    stepUp: "in-use-case",
    input: ZBrandingInput,
    keep: (input) => (input.intent === "preview" ? undefined : brandingOf(input)),
  },
  async ({ authority, input, meta, deps }) => {
    const branding = brandingOf(input);
    const values = { ...branding };
    if (input.intent === "preview") {
      const parsed = parseBranding(branding);
      if (!parsed.ok)
        return {
          status: "error",
          message: "Some values need attention.",
          fieldErrors: settingsFieldErrors(parsed.fields),
          values,
        };
      return {
        status: "idle",
        message: "Preview of the sign-in header with these values. Nothing is saved yet.",
        values,
        extra: { preview: true },
      };
    }
    if (!isFreshAuthority(authority, deps.now()))
      return { status: "error", message: messageFor(STALE_STEP_UP), values };
    let logo: TCheckedLogo | "remove" | null = input.removeLogo === "yes" ? "remove" : null;
    const file = input.logo;
    if (logo === null && file && file.size > 0) {
      if (file.size > LOGO_MAX_BYTES)
        return {
          status: "error",
          message: "Some values need attention.",
          fieldErrors: { logo: LOGO_PROBLEM_WORDS.too_large },
          values,
        };
      const checked = checkLogo({
        bytes: new Uint8Array(await file.arrayBuffer()),
        declaredType: file.type,
        fileName: file.name,
      });
      if (!checked.ok)
        return {
          status: "error",
          message: "Some values need attention.",
          fieldErrors: { logo: LOGO_PROBLEM_WORDS[checked.problem] },
          values,
        };
      logo = checked.logo;
    }
    const { tenant } = authority;
    const result = await updateBranding(deps, { authority, branding, logo, meta });
    if (!result.ok) return settingsRefusal(result, values);
    revalidatePath(`/admin/${tenant.slug}/branding`);
    revalidatePath(`/${tenant.slug}`, "layout");
    return { status: "success", message: savedSettingsMessage(result), values };
  },
);
