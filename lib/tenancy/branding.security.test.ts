import { describe, expect, it } from "vitest";
import { brandCss, brandTheme, contrastRatio, readableTextOn, relativeLuminance } from "./branding";
import { DEMO_TENANTS } from "./demo-tenants";

describe("contrast (WCAG 2.x)", () => {
  it("matches known values", () => {
    expect(contrastRatio("#ffffff", "#000000")).toBeCloseTo(21, 5);
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#777777", "#777777")).toBeCloseTo(1, 5);
    // #767676 on white is the classic "just passes AA" grey (4.54:1).
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(relativeLuminance("#ffffff")).toBeCloseTo(1, 5);
    expect(relativeLuminance("#000000")).toBe(0);
  });

  it("picks black or white text with at least 4.5:1 on both demo tenants' colours", () => {
    for (const tenant of DEMO_TENANTS) {
      const theme = brandTheme(tenant);
      expect(contrastRatio(theme.brand, theme.brandText), `${tenant.slug} brand`).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(theme.accent, theme.accentText), `${tenant.slug} accent`).toBeGreaterThanOrEqual(4.5);
    }
    expect(readableTextOn("#ffffff")).toBe("#000000");
    expect(readableTextOn("#000000")).toBe("#ffffff");
  });
});

describe("branding cannot inject CSS", () => {
  it("falls back to the default colour for an invalid primary colour and never emits it", () => {
    const evil = "red;}body{display:none";
    const theme = brandTheme({ primaryColor: evil, accentColor: evil });
    expect(theme.brand).toBe("#1f2937");
    expect(theme.accent).toBe("#1f2937");
    const css = brandCss(theme);
    expect(css).not.toContain("display:none");
    expect(css).not.toContain("red");
    expect(css).not.toContain("body");
    expect(css.match(/[{}]/g)).toEqual(["{", "}"]);
  });

  it.each([
    "#fff",
    "#12345g",
    "#1234567",
    "1e3a8a",
    "#1e3a8a;",
    "#1e3a8a\n}",
    "url(javascript:alert(1))",
    "var(--x)",
    "",
  ])("rejects %j as a colour", (colour) => {
    const theme = brandTheme({ primaryColor: colour, accentColor: colour });
    expect(theme.brand).toBe("#1f2937");
    expect(brandCss(theme)).toMatch(/^:root\{(--[a-z-]+:#[0-9a-f]{6};){4}\}$/);
  });

  it("normalises valid colours to lower case and uses the brand when the accent is missing", () => {
    expect(brandTheme({ primaryColor: "#1E3A8A", accentColor: null })).toEqual({
      brand: "#1e3a8a",
      brandText: "#ffffff",
      accent: "#1e3a8a",
      accentText: "#ffffff",
    });
  });
});
