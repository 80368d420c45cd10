import { brandTheme } from "@/lib/tenancy/branding";

/**
 * The sign-in page header drawn with the given values. SVG presentation attributes carry the
 * colours (the page's CSP allows no inline styles), and brandTheme lets only #rrggbb through;
 * the texts are React text nodes, so nothing typed here becomes markup or CSS.
 */
export function BrandPreview({
  name,
  tagline,
  primaryColor,
  brandTextColor,
  accentColor,
  logoUrl,
}: {
  name: string;
  tagline: string;
  primaryColor: string;
  brandTextColor: string;
  accentColor: string;
  logoUrl: string | null;
}) {
  const theme = brandTheme({ primaryColor, brandTextColor: brandTextColor || null, accentColor: accentColor || null });
  const x = logoUrl ? 64 : 16;
  return (
    <figure className="space-y-2" data-testid="brand-preview">
      <svg
        viewBox="0 0 640 76"
        className="w-full rounded-md border border-gray-300"
        role="img"
        aria-label={`Preview of the sign-in header: ${name}${tagline ? `, ${tagline}` : ""}`}
      >
        <rect x="0" y="0" width="640" height="72" fill={theme.brand} />
        <rect x="0" y="72" width="640" height="4" fill={theme.accent} />
        {logoUrl ? <image href={logoUrl} x="16" y="18" width="36" height="36" /> : null}
        <text
          x={x}
          y={tagline ? 34 : 42}
          fill={theme.brandText}
          fontSize="18"
          fontWeight="700"
          fontFamily="system-ui, sans-serif"
        >
          {name}
        </text>
        {tagline ? (
          <text x={x} y="54" fill={theme.brandText} fontSize="14" fontFamily="system-ui, sans-serif">
            {tagline}
          </text>
        ) : null}
      </svg>
      <figcaption className="text-sm text-gray-700">
        Text {theme.brandText} on {theme.brand}, accent {theme.accent}.
      </figcaption>
    </figure>
  );
}
