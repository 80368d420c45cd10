import { describe, expect, it } from "vitest";
import { brandTheme, contrastRatio } from "./branding";
import { JPEG, PNG, WEBP } from "../../tests/support/images";
import { LOGO_PROBLEM_WORDS, settingsFieldErrors } from "../copy/en";
import { checkLogo, logoPath, parseBranding, sniffLogoType, type TBrandingForm } from "./branding-settings";

const GOOD: TBrandingForm = {
  name: "Acme",
  tagline: "Everything, tomorrow.",
  supportEmail: "Help@Acme.example",
  primaryColor: "#C2410C",
  brandTextColor: "",
  accentColor: "#fde68a",
};

describe("branding validation", () => {
  it("accepts good values, normalising colours and the support address", () => {
    const parsed = parseBranding(GOOD);
    expect(parsed).toEqual({
      ok: true,
      value: {
        name: "Acme",
        tagline: "Everything, tomorrow.",
        supportEmail: "help@acme.example",
        primaryColor: "#c2410c",
        brandTextColor: null,
        accentColor: "#fde68a",
      },
    });
  });

  it("turns empty optional fields into null", () => {
    const parsed = parseBranding({ ...GOOD, tagline: "  ", supportEmail: "", accentColor: "" });
    expect(parsed).toMatchObject({ ok: true, value: { tagline: null, supportEmail: null, accentColor: null } });
  });

  it.each([
    ["name", "", "Name: enter"],
    ["name", "x".repeat(61), "at most 60"],
    ["tagline", "x".repeat(121), "at most 120"],
    ["supportEmail", "not-an-address", "Support email"],
    ["primaryColor", "#fff", "hex colour"],
    ["primaryColor", "red", "hex colour"],
    ["accentColor", "#12345g", "hex colour"],
    ["brandTextColor", "white", "hex colour"],
  ] as const)("refuses %s = %j with a message per field", (field, value, message) => {
    const parsed = parseBranding({ ...GOOD, [field]: value });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(settingsFieldErrors(parsed.fields)[field]).toContain(message);
  });

  it("names each field's problem as a code with its bound, and words it with the field's label", () => {
    const parsed = parseBranding({
      ...GOOD,
      name: "x".repeat(61),
      supportEmail: "not-an-address",
      primaryColor: "red",
      tagline: "a\nb",
    });
    expect(parsed).toEqual({
      ok: false,
      fields: {
        name: { problem: "too_long", max: 60 },
        supportEmail: { problem: "email" },
        primaryColor: { problem: "hex_colour" },
        tagline: { problem: "multi_line" },
      },
    });
    if (!parsed.ok)
      expect(settingsFieldErrors(parsed.fields)).toEqual({
        name: "Name: at most 60 characters.",
        supportEmail: "Support email: enter an address like help@example.com.",
        primaryColor: "Primary colour: use a hex colour like #1e40af (# and six digits).",
        tagline: "Tagline: Use a single line of plain text.",
      });
  });
});

describe("the contrast rule (WCAG AA, 4.5:1 for the text on the primary colour)", () => {
  it("refuses a chosen text colour below 4.5:1 and says why", () => {
    // White on orange-600 is about 3.6:1.
    const parsed = parseBranding({ ...GOOD, primaryColor: "#ea580c", brandTextColor: "#ffffff" });
    expect(parsed.ok).toBe(false);
    expect(parsed).toMatchObject({
      ok: false,
      fields: { brandTextColor: { problem: "contrast", text: "#ffffff", background: "#ea580c" } },
    });
    if (!parsed.ok)
      expect(settingsFieldErrors(parsed.fields).brandTextColor).toMatch(
        /^Text colour: #ffffff on #ea580c has a contrast of 3\.\d\d:1; WCAG AA needs at least 4\.5:1/,
      );
  });

  it("accepts a chosen colour at or above 4.5:1 (#767676 on white is 4.54:1)", () => {
    expect(parseBranding({ ...GOOD, primaryColor: "#ffffff", brandTextColor: "#767676" }).ok).toBe(true);
    expect(parseBranding({ ...GOOD, primaryColor: "#ffffff", brandTextColor: "#777777" }).ok).toBe(false);
  });

  it("the automatic choice (black or white) always passes, for every primary colour", () => {
    for (const primaryColor of ["#ea580c", "#777777", "#808080", "#1e40af", "#fde68a", "#000000", "#ffffff"]) {
      expect(parseBranding({ ...GOOD, primaryColor }).ok).toBe(true);
      const theme = brandTheme({ primaryColor, accentColor: null });
      expect(contrastRatio(theme.brand, theme.brandText)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("the theme ignores a stored text colour that no longer reaches 4.5:1 on the primary", () => {
    expect(brandTheme({ primaryColor: "#1e40af", brandTextColor: "#fde68a", accentColor: null }).brandText).toBe(
      "#fde68a",
    );
    expect(brandTheme({ primaryColor: "#fde68a", brandTextColor: "#ffffff", accentColor: null }).brandText).toBe(
      "#000000",
    );
  });
});

describe("logo uploads", () => {
  it("recognises PNG, JPEG and WebP by their bytes", () => {
    expect(sniffLogoType(PNG)).toBe("image/png");
    expect(sniffLogoType(JPEG)).toBe("image/jpeg");
    expect(sniffLogoType(WEBP)).toBe("image/webp");
    expect(sniffLogoType(new TextEncoder().encode("GIF89a"))).toBeNull();
  });

  it("takes the stored type from the bytes, not from the declared type", () => {
    const checked = checkLogo({ bytes: JPEG, declaredType: "image/png", fileName: "logo.png" });
    expect(checked).toMatchObject({ ok: true, logo: { contentType: "image/jpeg" } });
    if (checked.ok) expect(checked.logo.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses an empty file and one over 256 KB", () => {
    expect(checkLogo({ bytes: new Uint8Array(0), declaredType: "image/png", fileName: "a.png" })).toEqual({
      ok: false,
      problem: "empty",
    });
    const big = new Uint8Array(256 * 1024 + 1);
    big.set(PNG);
    expect(checkLogo({ bytes: big, declaredType: "image/png", fileName: "a.png" })).toEqual({
      ok: false,
      problem: "too_large",
    });
    expect(LOGO_PROBLEM_WORDS.too_large).toBe("Logo: use an image of at most 256 KB.");
    const limit = new Uint8Array(256 * 1024);
    limit.set(PNG);
    expect(checkLogo({ bytes: limit, declaredType: "image/png", fileName: "a.png" }).ok).toBe(true);
  });

  it("the logo URL changes with the content", () => {
    expect(logoPath("acme", "ab".repeat(32))).toBe(`/brand-assets/acme/logo?v=${"ab".repeat(8)}`);
  });
});
