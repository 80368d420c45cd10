// Lint rules, including the layering rule and the domain graph of docs/architecture.md:
//   app/, components/, actions/ → lib/next/ → lib/<domain>/ → lib/db/
// Domain code never imports Next.js, React, next-auth or Prisma; only lib/db/ knows Prisma; a
// domain imports only the domains DOMAIN_GRAPH lists for it.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const FRAMEWORK = [
  {
    group: ["next", "next/*", "react", "react/*", "react-dom", "react-dom/*", "server-only"],
    message: "Domain code is plain TypeScript: framework code belongs in lib/next/ or app/.",
  },
  { group: ["next-auth", "next-auth/*", "@auth/*"], message: "next-auth is used only from lib/next/." },
];
const PRISMA = [
  {
    group: ["@prisma/*", "**/generated/*", "**/generated/**"],
    message: "Only lib/db/ talks to Prisma: add a repository function there.",
  },
];
const ADAPTERS = [
  { group: ["**/next/*", "@/lib/next/*"], message: "Domain code must not depend on the Next.js adapters (lib/next/)." },
];

// Pages, components and actions ask a use case (lib/<domain>/, or lib/next/ for request plumbing)
// instead of reading the store: `getDeps().store…`, or `deps.store…` after `const deps = getDeps()`.
const STORE_READS = [
  {
    selector: "MemberExpression[property.name='store'][object.type='CallExpression'][object.callee.name='getDeps']",
    message:
      "Pages, components and actions do not read the store: call a query use case in lib/<domain>/ (or lib/next/).",
  },
  {
    selector: "MemberExpression[property.name='store'][object.name='deps']",
    message:
      "Pages, components and actions do not read the store: call a query use case in lib/<domain>/ (or lib/next/).",
  },
];

/**
 * The domain graph: what each directory of lib/ may import (besides itself). It has no cycle
 * (tests/layering.test.ts sorts it): security and the kernel at the bottom, then the risk engine,
 * sessions and identity, then recovery and step-up, then the account's own changes, tenancy and
 * the workforce. Leaf files — a domain's `types.ts`, `outcomes.ts`, `*-outcomes.ts` and
 * `catalog.ts` (the audit catalogue, which lib/db reads stored events against), which import
 * nothing but zod, lib/kernel/outcome.ts and other leaf files — may be imported from anywhere.
 * lib/next/ is the adapter layer above every domain, not part of the graph. Tests may reach up
 * the graph to set up a scenario.
 */
const BASE = ["config", "security", "db", "kernel", "audit", "copy", "mail"];
export const DOMAIN_GRAPH = {
  config: [],
  security: [],
  db: ["config"],
  kernel: ["config", "security", "db"],
  audit: ["config", "security", "db", "kernel"],
  copy: ["kernel"],
  mail: ["config", "security", "db", "kernel"],
  risk: BASE,
  // Organisations sit low: their policy tightens sign-in, sessions and step-up, which read it here.
  organisations: [...BASE, "risk"],
  sessions: [...BASE, "risk", "organisations"],
  identity: [...BASE, "risk", "sessions", "organisations"],
  recovery: [...BASE, "risk", "sessions", "identity", "organisations"],
  "step-up": [...BASE, "risk", "sessions", "identity", "recovery", "organisations"],
  account: [...BASE, "risk", "sessions", "identity", "recovery", "step-up", "organisations"],
  payout: [...BASE, "risk", "sessions", "identity", "step-up"],
  tenancy: [...BASE, "risk", "sessions", "identity", "recovery", "step-up", "account", "organisations"],
  invitations: [...BASE, "risk", "sessions", "identity", "recovery", "step-up", "account", "tenancy", "organisations"],
  federation: [...BASE, "risk", "sessions", "identity", "recovery", "step-up", "organisations", "invitations"],
  // Delegated administration: an organisation's org_admin acting on the members of their organisation.
  "org-admin": [
    ...BASE,
    "risk",
    "sessions",
    "identity",
    "recovery",
    "step-up",
    "account",
    "tenancy",
    "organisations",
    "invitations",
  ],
  workforce: [
    ...BASE,
    "risk",
    "sessions",
    "identity",
    "recovery",
    "step-up",
    "account",
    "tenancy",
    "organisations",
    "invitations",
    "federation",
    "org-admin",
    "profile",
  ],
  // Progressive profiling: tenant-defined profile attributes, when they are due, the answers.
  profile: [...BASE, "risk", "sessions", "identity", "step-up", "organisations"],
  oidc: [...BASE, "risk", "sessions", "organisations", "profile"],
};

const LEAVES = (domain) => [
  `!**/${domain}/types`,
  `!**/${domain}/outcomes`,
  `!**/${domain}/*-outcomes`,
  `!**/${domain}/catalog`,
];

function graphPatterns(domain) {
  const allowed = new Set([domain, ...DOMAIN_GRAPH[domain]]);
  const refused = Object.keys(DOMAIN_GRAPH).filter((other) => !allowed.has(other));
  if (refused.length === 0) return [];
  return [
    {
      group: refused.flatMap((other) => [`**/${other}/*`, ...LEAVES(other)]),
      message: `lib/${domain}/ may import only ${[...allowed].join(", ")} (and leaf types/outcomes files): see DOMAIN_GRAPH in eslint.config.mjs and docs/architecture.md.`,
    },
  ];
}

// Only the console gate mints a console authority (lib/kernel/authority.ts).
const MINT = [
  {
    group: ["**/kernel/authority"],
    importNames: ["mintConsoleAuthority"],
    message: "Only lib/workforce/console-gate.ts mints a console authority: take one from the gate.",
  },
];

/** What code outside lib/ may not import: Prisma, the authority mint, or the database client. */
const OUTSIDE_LIB = [
  ...PRISMA,
  ...MINT,
  { group: ["@/lib/db/client", "**/db/client"], message: "Get the store from lib/next/deps.ts." },
];

const LEAF_FILES = ["lib/*/types.ts", "lib/*/outcomes.ts", "lib/*/*-outcomes.ts", "lib/*/catalog.ts"];
const LEAF_IMPORTS = [
  {
    group: [
      "./*",
      "../*/*",
      "!./types",
      "!./outcomes",
      "!./*-outcomes",
      "!../*/types",
      "!../*/outcomes",
      "!../*/*-outcomes",
      "!../kernel/outcome",
    ],
    message:
      "A leaf file (types.ts, outcomes.ts) imports only zod, lib/kernel/outcome.ts and other leaf files, so any domain may import it.",
  },
];

const config = [
  {
    ignores: [
      ".next/**",
      "**/.next/**",
      "lib/db/generated/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      ".data/**",
      "bench-results/**",
    ],
  },
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": [
        "error",
        { "ts-ignore": true, "ts-nocheck": true, "ts-expect-error": "allow-with-description" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Prettier wraps code at 120 columns (.prettierrc.json, checked by `npm test`); this holds
      // what it cannot wrap: comments. Long sentences, SQL and URLs stay whole.
      "max-len": [
        "error",
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true },
      ],
    },
  },
  ...Object.keys(DOMAIN_GRAPH).map((domain) => ({
    files: [`lib/${domain}/**/*.ts`],
    ignores:
      domain === "workforce"
        ? ["lib/workforce/console-gate.ts"]
        : domain === "kernel"
          ? ["lib/kernel/authority.ts"]
          : [],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [...FRAMEWORK, ...(domain === "db" ? [] : PRISMA), ...ADAPTERS, ...MINT, ...graphPatterns(domain)],
        },
      ],
    },
  })),
  {
    // Tests may reach up the graph to set up what they test; the framework and Prisma rules hold.
    files: ["lib/**/*.test.ts"],
    ignores: ["lib/db/**", "lib/next/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [...FRAMEWORK, ...PRISMA, ...ADAPTERS, ...MINT] }] },
  },
  {
    files: ["lib/db/**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [...FRAMEWORK, ...ADAPTERS, ...MINT] }] },
  },
  {
    files: LEAF_FILES,
    ignores: ["lib/db/**", "lib/next/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [...FRAMEWORK, ...PRISMA, ...ADAPTERS, ...LEAF_IMPORTS] }],
    },
  },
  {
    // Console use cases take an authority from the gate; nobody else mints one.
    files: ["lib/workforce/console-gate.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [...FRAMEWORK, ...PRISMA, ...ADAPTERS, ...graphPatterns("workforce")] },
      ],
    },
  },
  {
    files: ["lib/next/**/*.ts", "app/**/*.{ts,tsx}", "actions/**/*.ts", "proxy.ts", "instrumentation.ts"],
    ignores: ["lib/next/deps.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [...OUTSIDE_LIB],
        },
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
            ...OUTSIDE_LIB,
            {
              group: ["@/app/*", "@/app/**", "**/app/*", "**/app/**"],
              message: "Components do not import from app/: server actions live in actions/<feature>.ts.",
            },
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
