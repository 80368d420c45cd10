// Lint rules, including the layering rule of docs/architecture.md:
//   app/, components/, actions/ → lib/next/ → lib/<domain>/ → lib/db/
// Domain code never imports Next.js, React, next-auth or Prisma; only lib/db/ knows Prisma.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const FRAMEWORK = [
  { group: ["next", "next/*", "react", "react/*", "react-dom", "react-dom/*", "server-only"], message: "Domain code is plain TypeScript: framework code belongs in lib/next/ or app/." },
  { group: ["next-auth", "next-auth/*", "@auth/*"], message: "next-auth is used only from lib/next/." },
];
const PRISMA = [
  { group: ["@prisma/*", "**/generated/*", "**/generated/**"], message: "Only lib/db/ talks to Prisma: add a repository function there." },
];
const ADAPTERS = [{ group: ["**/next/*", "@/lib/next/*"], message: "Domain code must not depend on the Next.js adapters (lib/next/)." }];

// Pages, components and actions ask a use case (lib/<domain>/, or lib/next/ for request plumbing)
// instead of reading the store: `getDeps().store…`, or `deps.store…` after `const deps = getDeps()`.
const STORE_READS = [
  {
    selector: "MemberExpression[property.name='store'][object.type='CallExpression'][object.callee.name='getDeps']",
    message: "Pages, components and actions do not read the store: call a query use case in lib/<domain>/ (or lib/next/).",
  },
  {
    selector: "MemberExpression[property.name='store'][object.name='deps']",
    message: "Pages, components and actions do not read the store: call a query use case in lib/<domain>/ (or lib/next/).",
  },
];

const config = [
  { ignores: [".next/**", "lib/db/generated/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts", ".data/**", "bench-results/**"] },
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": ["error", { "ts-ignore": true, "ts-nocheck": true, "ts-expect-error": "allow-with-description" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["lib/**/*.ts"],
    ignores: ["lib/db/**", "lib/next/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [...FRAMEWORK, ...PRISMA, ...ADAPTERS] }] },
  },
  {
    files: ["lib/db/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [...FRAMEWORK, ...ADAPTERS] }] },
  },
  {
    files: ["lib/next/**/*.ts", "app/**/*.{ts,tsx}", "actions/**/*.ts", "proxy.ts", "instrumentation.ts"],
    ignores: ["lib/next/deps.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [...PRISMA, { group: ["@/lib/db/client", "**/db/client"], message: "Get the store from lib/next/deps.ts." }] },
      ],
    },
  },
  {
    // Components render; they call server actions from actions/, never a page's module.
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...PRISMA,
            { group: ["@/lib/db/client", "**/db/client"], message: "Get the store from lib/next/deps.ts." },
            { group: ["@/app/*", "@/app/**", "**/app/*", "**/app/**"], message: "Components do not import from app/: server actions live in actions/<feature>.ts." },
          ],
        },
      ],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "actions/**/*.ts"],
    rules: { "no-restricted-syntax": ["error", ...STORE_READS] },
  },
];

export default config;
