import type { NextConfig } from "next";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  // Reset and verification links carry tokens in the URL: no other site ever gets a Referer.
  // ("no-referrer" would also make browsers send `Origin: null` on same-origin form posts, which
  // the CSRF check rightly refuses; "same-origin" withholds the referrer from every other origin.)
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // `npm test` and CI type-check the whole project (tests included) with `tsc`; the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  serverExternalPackages: [
    "better-sqlite3",
    "@node-rs/argon2",
    "pg",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
    "@prisma/client",
    "nodemailer",
    // Bundled and minified, oidc-provider's token endpoint breaks; it runs from node_modules.
    "oidc-provider",
  ],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
