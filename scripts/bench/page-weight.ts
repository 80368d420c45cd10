// Page weight and no-JS: loads the sign-in, sign-up and recovery pages in Chromium and adds up
// the JavaScript they load (gzip-compressed size of each script, as a compressing server or CDN
// sends it), then submits each form in a browser with JavaScript disabled and checks the outcome.
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../e2e/support/chromium";
import { root } from "../build-app";
import { BROWSER_USER_AGENT } from "./http";
import { TENANT } from "./scenarios";

export type TPageWeight = {
  page: string;
  path: string;
  scripts: number;
  jsBytes: number;
  jsGzipBytes: number;
  /** Of jsGzipBytes, the scripts every page of the build loads (React, the Next.js router and runtime). */
  frameworkGzipBytes: number;
  files: Array<{ path: string; gzipBytes: number }>;
};

/** The build's shared entry scripts, loaded by every page whatever it contains. */
function frameworkScripts(): Set<string> {
  const manifest = JSON.parse(readFileSync(path.join(root, ".next", "build-manifest.json"), "utf8")) as {
    rootMainFiles?: string[];
    polyfillFiles?: string[];
  };
  return new Set(
    [...(manifest.rootMainFiles ?? []), ...(manifest.polyfillFiles ?? [])].map((file) => `/_next/${file}`),
  );
}
export type TNoJsCheck = { form: string; ok: boolean; detail: string };

const PAGES = [
  { page: "sign-in", path: `/${TENANT}/login` },
  { page: "sign-up", path: `/${TENANT}/signup` },
  { page: "recovery", path: `/${TENANT}/forgot-password` },
];

async function weigh(browser: Browser, base: URL, pagePath: string, ip: string, framework: Set<string>) {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": ip } });
  const page = await context.newPage();
  const bodies: Array<Promise<{ path: string; body: Buffer }>> = [];
  page.on("response", (response) => {
    if (response.request().resourceType() === "script")
      bodies.push(response.body().then((body) => ({ path: new URL(response.url()).pathname, body })));
  });
  await page.goto(new URL(pagePath, base).toString(), { waitUntil: "networkidle" });
  const scripts = await Promise.all(bodies);
  await context.close();
  const files = scripts
    .map((s) => ({ path: s.path, bytes: s.body.length, gzipBytes: gzipSync(s.body).length }))
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
  return {
    scripts: files.length,
    jsBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    jsGzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
    frameworkGzipBytes: files.filter((f) => framework.has(f.path)).reduce((sum, f) => sum + f.gzipBytes, 0),
    files: files.map(({ path: file, gzipBytes }) => ({ path: file, gzipBytes })),
  };
}

async function withoutJs(
  browser: Browser,
  base: URL,
  ip: string,
  run: (page: Page) => Promise<TNoJsCheck>,
): Promise<TNoJsCheck> {
  // A person's browser: headless Chromium's own user agent names it automation, which the risk engine steps up.
  const context = await browser.newContext({
    javaScriptEnabled: false,
    baseURL: base.origin,
    userAgent: BROWSER_USER_AGENT,
    extraHTTPHeaders: { "x-forwarded-for": ip },
  });
  try {
    return await run(await context.newPage());
  } finally {
    await context.close();
  }
}

/**
 * `signIn.ip` is a network the user has signed in from: a new browser there is let straight in,
 * where a new browser on a new network would be stepped up to an emailed code.
 */
export async function measurePages(
  base: URL,
  signIn: { email: string; password: string; ip: string },
): Promise<{ pages: TPageWeight[]; noJs: TNoJsCheck[] }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH || undefined, args: CHROMIUM_ARGS });
  try {
    const pages: TPageWeight[] = [];
    const framework = frameworkScripts();
    for (const [i, entry] of PAGES.entries())
      pages.push({ ...entry, ...(await weigh(browser, base, entry.path, `198.19.250.${i + 1}`, framework)) });
    const noJs = [
      await withoutJs(browser, base, signIn.ip, async (page) => {
        await page.goto(`/${TENANT}/login`);
        await page.getByLabel("Email address").fill(signIn.email);
        await page.getByLabel("Password", { exact: true }).fill(signIn.password);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.waitForLoadState();
        const url = new URL(page.url());
        return { form: "sign-in", ok: url.pathname === `/${TENANT}/account`, detail: `landed on ${url.pathname}` };
      }),
      await withoutJs(browser, base, "198.19.251.2", async (page) => {
        await page.goto(`/${TENANT}/signup`);
        await page.getByLabel("Email address").fill(`nojs-${Date.now()}@bench.example`);
        await page.getByLabel("Password", { exact: true }).fill("a long enough passphrase for the bench");
        await page.getByLabel("Confirm password").fill("a long enough passphrase for the bench");
        await page.getByRole("button", { name: /create|sign up/i }).click();
        await page.waitForLoadState();
        const url = new URL(page.url());
        return {
          form: "sign-up",
          ok: url.searchParams.get("sent") === "1",
          detail: `landed on ${url.pathname}${url.search}`,
        };
      }),
      await withoutJs(browser, base, "198.19.251.3", async (page) => {
        await page.goto(`/${TENANT}/forgot-password`);
        await page.getByLabel("Email address").fill(signIn.email);
        await page
          .getByRole("button")
          .filter({ hasText: /send|reset|continue/i })
          .first()
          .click();
        await page.waitForLoadState();
        const url = new URL(page.url());
        return {
          form: "recovery",
          ok: url.searchParams.get("sent") === "1",
          detail: `landed on ${url.pathname}${url.search}`,
        };
      }),
    ];
    return { pages, noJs };
  } finally {
    await browser.close();
  }
}
