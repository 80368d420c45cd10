// Tenant branding becomes CSS custom properties. Colours are validated as #rrggbb before they are
// stored or rendered, so branding cannot inject CSS; the text colour on brand surfaces is chosen
// for WCAG contrast.
import type { TTenant } from "./types";

export const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function relativeLuminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever reads better on `background`. */
export function readableTextOn(background: string): "#000000" | "#ffffff" {
  return contrastRatio(background, "#ffffff") >= contrastRatio(background, "#000000") ? "#ffffff" : "#000000";
}

export type TBrandTheme = { brand: string; brandText: string; accent: string; accentText: string };

/** WCAG 2.x AA for normal-size text. */
export const AA_TEXT_CONTRAST = 4.5;

export function brandTheme(
  tenant: Pick<TTenant, "primaryColor" | "accentColor"> & { brandTextColor?: string | null },
): TBrandTheme {
  const brand = HEX_COLOR.test(tenant.primaryColor) ? tenant.primaryColor.toLowerCase() : "#1f2937";
  const accent = tenant.accentColor && HEX_COLOR.test(tenant.accentColor) ? tenant.accentColor.toLowerCase() : brand;
  // A chosen text colour is used only while it still reads on the brand (defence in depth: the
  // settings form refuses it below AA, and a changed primary colour must not make it unreadable).
  const chosen =
    tenant.brandTextColor && HEX_COLOR.test(tenant.brandTextColor) ? tenant.brandTextColor.toLowerCase() : null;
  const brandText = chosen && contrastRatio(brand, chosen) >= AA_TEXT_CONTRAST ? chosen : readableTextOn(brand);
  return { brand, brandText, accent, accentText: readableTextOn(accent) };
}

/** A `:root` rule for the theme; only validated hex values can reach it. */
export function brandCss(theme: TBrandTheme): string {
  return `:root{--brand:${theme.brand};--brand-text:${theme.brandText};--accent:${theme.accent};--accent-text:${theme.accentText};}`;
}
