"use server";
import { revalidatePath } from "next/cache";
import { formAction, formString } from "@/lib/next/action";
import { getDeps } from "@/lib/next/deps";
import { getRequestMeta } from "@/lib/next/request";
import { checkStaffAction } from "@/lib/next/workforce";
import { BRANDING_FIELDS, checkLogo, LOGO_MAX_BYTES, parseBranding, updateBranding, type TBrandingForm, type TCheckedLogo } from "@/lib/tenancy/branding-settings";
import { messageFor } from "@/lib/copy";

function brandingOf(formData: FormData): TBrandingForm {
  return Object.fromEntries(BRANDING_FIELDS.map((field) => [field, formString(formData, field, 600)])) as TBrandingForm;
}

/** Saves the branding, or (intent=preview) re-renders the page with a preview of the submitted values and saves nothing. */
export const saveBrandingAction = formAction(async (formData) => {
  const slug = formString(formData, "tenant", 64);
  const branding = brandingOf(formData);
  const values = { ...branding };
  const check = await checkStaffAction("admin", slug);
  if (formString(formData, "intent", 16) === "preview") {
    // A preview changes nothing, so it needs the tenant role but not a fresh step-up.
    if (!check.ok && check.code !== "STAFF_REQUIRED") return { status: "error", message: messageFor(check) };
    const parsed = parseBranding(branding);
    if (!parsed.ok) return { status: "error", message: "Some values need attention.", fieldErrors: parsed.fieldErrors, values };
    return { status: "idle", message: "Preview of the sign-in header with these values. Nothing is saved yet.", values: { ...values, preview: "1" } };
  }
  if (!check.ok) return { status: "error", message: messageFor(check), values };
  let logo: TCheckedLogo | "remove" | null = formString(formData, "removeLogo", 8) === "yes" ? "remove" : null;
  const upload = formData.get("logo");
  if (logo === null && upload instanceof File && upload.size > 0) {
    if (upload.size > LOGO_MAX_BYTES) return { status: "error", message: "Some values need attention.", fieldErrors: { logo: "Logo: use an image of at most 256 KB." }, values };
    const checked = checkLogo({ bytes: new Uint8Array(await upload.arrayBuffer()), declaredType: upload.type, fileName: upload.name });
    if (!checked.ok) return { status: "error", message: "Some values need attention.", fieldErrors: { logo: checked.message }, values };
    logo = checked.logo;
  }
  const { auth, tenant } = check.access;
  const result = await updateBranding(getDeps(), { staffId: auth.staff.id, tenant, stepUpFresh: true, branding, logo, meta: await getRequestMeta() });
  if (!result.ok) return { status: "error", message: messageFor(result), fieldErrors: result.code === "INVALID_INPUT" ? result.params.fieldErrors : undefined, values };
  revalidatePath(`/admin/${tenant.slug}/branding`);
  revalidatePath(`/${tenant.slug}`, "layout");
  const count = Object.keys(result.changed).length;
  return { status: "success", message: count === 0 ? "Nothing changed." : `Saved. ${count} setting${count === 1 ? "" : "s"} changed.`, values };
});
