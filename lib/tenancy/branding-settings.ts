// The admin console's branding form: validation of everything an admin can type or upload, and
// the save. Colours are only ever #rrggbb (so they cannot carry CSS), texts are single-line plain
// text with length limits (and rendered as React text), and a logo is a raster image recognised by
// its magic bytes — never SVG, which can carry script.
import { AUDIT } from "../audit/catalog";
import { createHash } from "node:crypto";
import { z } from "zod";
import type { TDeps, TRequestMeta } from "../kernel/deps";
import { withTransaction } from "../kernel/transaction";
import { AA_TEXT_CONTRAST, contrastRatio, HEX_COLOR, readableTextOn } from "./branding";
import { isTenantSlug } from "./slug";
import {
  diffSettings,
  fieldProblemsOf,
  plainTextProblem,
  invalidSettings,
  type TSettingsResult,
} from "./settings-change";
import { recordStaffAudit } from "../audit/events";
import { fail } from "../kernel/outcome";
import { TENANT_SETTINGS, type TSettingsProblem } from "./outcomes";
import { isFreshAuthority, STALE_STEP_UP, type TConsoleAuthority } from "../kernel/authority";
import type { TLogoProblem, TTenant } from "./types";

export const BRANDING_LIMITS = { name: 60, tagline: 120, supportEmail: 254 } as const;
export const LOGO_MAX_BYTES = 256 * 1024;
export const LOGO_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export type TLogoType = (typeof LOGO_TYPES)[number];

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "too_long")
    .superRefine((value, ctx) => {
      const problem = plainTextProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem, params: { problem } });
    });

const colour = () =>
  z
    .string()
    .trim()
    .regex(HEX_COLOR, "hex_colour")
    .transform((v) => v.toLowerCase());

const optionalColour = () =>
  z
    .string()
    .trim()
    .transform((v) => (v === "" ? null : v))
    .pipe(colour().nullable());

export const ZBrandingSchema = z
  .object({
    name: text(BRANDING_LIMITS.name).pipe(z.string().min(1, "required")),
    tagline: text(BRANDING_LIMITS.tagline).transform((v) => (v === "" ? null : v)),
    supportEmail: z
      .string()
      .trim()
      .max(BRANDING_LIMITS.supportEmail, "too_long")
      .transform((v) => v.toLowerCase())
      .transform((v) => (v === "" ? null : v))
      .pipe(z.email("email").nullable()),
    primaryColor: colour(),
    /** Empty: black or white, whichever reads better on the primary colour. */
    brandTextColor: optionalColour(),
    /** Empty: the primary colour. */
    accentColor: optionalColour(),
  })
  .superRefine((value, ctx) => {
    const textColour = value.brandTextColor ?? readableTextOn(value.primaryColor);
    const ratio = contrastRatio(value.primaryColor, textColour);
    if (ratio < AA_TEXT_CONTRAST) {
      ctx.addIssue({
        code: "custom",
        path: ["brandTextColor"],
        message: "contrast",
        params: { problem: "contrast", ratio, text: textColour, background: value.primaryColor },
      });
    }
  });

export type TBranding = z.output<typeof ZBrandingSchema>;
export type TBrandingForm = Record<keyof z.input<typeof ZBrandingSchema>, string>;

export const BRANDING_FIELDS = [
  "name",
  "tagline",
  "supportEmail",
  "primaryColor",
  "brandTextColor",
  "accentColor",
] as const satisfies ReadonlyArray<keyof TBrandingForm>;

export type TParsed<T> = { ok: true; value: T } | { ok: false; fields: Record<string, TSettingsProblem> };

export function parseBranding(input: TBrandingForm): TParsed<TBranding> {
  const parsed = ZBrandingSchema.safeParse(input);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, fields: fieldProblemsOf(parsed.error.issues) };
}

/** The form's starting values for a tenant. */
export function brandingFormOf(tenant: TTenant): TBrandingForm {
  return {
    name: tenant.name,
    tagline: tenant.tagline ?? "",
    supportEmail: tenant.supportEmail ?? "",
    primaryColor: tenant.primaryColor,
    brandTextColor: tenant.brandTextColor ?? "",
    accentColor: tenant.accentColor ?? "",
  };
}

/** The image type the bytes actually are, by their magic numbers; null for anything else. */
export function sniffLogoType(bytes: Uint8Array): TLogoType | null {
  const starts = (sig: number[], at = 0) => bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return null;
}

export type TCheckedLogo = { contentType: TLogoType; bytes: Uint8Array; sha256: string };

/** Why an upload is not a logo: an empty file, over 256 KB, an SVG, or not a PNG, JPEG or WebP by its content. */
export type { TLogoProblem };

/**
 * An uploaded logo: at most 256 KB and a PNG, JPEG or WebP by its content. The declared type and
 * file name are not trusted (a PNG-named HTML file is refused), and SVG is refused outright.
 */
export function checkLogo(upload: {
  bytes: Uint8Array;
  declaredType: string;
  fileName: string;
}): { ok: true; logo: TCheckedLogo } | { ok: false; problem: TLogoProblem } {
  if (upload.bytes.length === 0) return { ok: false, problem: "empty" };
  if (upload.bytes.length > LOGO_MAX_BYTES) return { ok: false, problem: "too_large" };
  const declared = upload.declaredType.toLowerCase();
  if (declared.includes("svg") || /\.svgz?$/i.test(upload.fileName)) return { ok: false, problem: "svg" };
  const contentType = sniffLogoType(upload.bytes);
  if (!contentType) return { ok: false, problem: "not_an_image" };
  return {
    ok: true,
    logo: { contentType, bytes: upload.bytes, sha256: createHash("sha256").update(upload.bytes).digest("hex") },
  };
}

/** Where the tenant's stored logo is served; the hash makes a new logo a new URL (long caching is safe). */
export function logoPath(slug: string, sha256: string): string {
  return `/brand-assets/${slug}/logo?v=${sha256.slice(0, 16)}`;
}

export async function updateBranding(
  deps: TDeps,
  /** `logo`: a new checked upload, "remove" to go back to no logo (the name alone), or null to keep it. */
  input: {
    authority: TConsoleAuthority;
    branding: TBrandingForm;
    logo: TCheckedLogo | "remove" | null;
    meta: TRequestMeta;
  },
): Promise<TSettingsResult<TTenant>> {
  if (!isFreshAuthority(input.authority, deps.now())) return STALE_STEP_UP;
  const { tenant, staffId } = input.authority;
  const parsed = parseBranding(input.branding);
  if (!parsed.ok) return invalidSettings(parsed.fields);
  const now = deps.now();
  return withTransaction(deps, async (txDeps) => {
    const current = await txDeps.store.tenants.findById(tenant.id);
    if (!current) return fail(TENANT_SETTINGS, "NOT_FOUND", { subject: "tenant" });
    const logoUrl =
      input.logo === "remove" ? null : input.logo ? logoPath(current.slug, input.logo.sha256) : current.logoUrl;
    const next = { ...parsed.value, logoUrl };
    const changed = diffSettings(
      {
        name: current.name,
        tagline: current.tagline,
        supportEmail: current.supportEmail,
        primaryColor: current.primaryColor,
        brandTextColor: current.brandTextColor,
        accentColor: current.accentColor,
        logoUrl: current.logoUrl,
      },
      next,
    );
    if (Object.keys(changed).length === 0) return { ok: true, value: current, changed };
    if (input.logo === "remove") await txDeps.store.tenantLogos.remove(current.id);
    else if (input.logo) await txDeps.store.tenantLogos.save(current.id, input.logo, now);
    const saved = await txDeps.store.tenantSettings.update(current.id, next, now);
    await recordStaffAudit(txDeps.store, {
      staffId: staffId,
      tenantId: current.id,
      type: AUDIT.brandingUpdated,
      meta: input.meta,
      data: { changed },
      at: now,
    });
    return { ok: true, value: saved, changed };
  });
}

/** The stored logo of the tenant `slug`, if it has one and its type is still one we serve. */
export async function findTenantLogo(
  deps: Pick<TDeps, "store">,
  slug: string,
): Promise<{ contentType: TLogoType; bytes: Uint8Array; sha256: string } | null> {
  if (!isTenantSlug(slug)) return null;
  const tenant = await deps.store.tenants.findBySlug(slug);
  const logo = tenant ? await deps.store.tenantLogos.find(tenant.id) : null;
  if (!logo) return null;
  const contentType = sniffLogoType(logo.bytes);
  return contentType ? { contentType, bytes: logo.bytes, sha256: logo.sha256 } : null;
}
