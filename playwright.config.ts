import { defineConfig, devices } from "@playwright/test";
import { BASE_URL, E2E_PORT, SMTP_PORT } from "./e2e/support/env";

// Debian's Chromium by default (Playwright's own browser download is not used); override with
// PLAYWRIGHT_CHROMIUM_PATH, or set it empty to use a browser installed by Playwright.
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  // Kept apart from the summaries in test-results/, which Playwright would otherwise wipe.
  outputDir: "test-results/playwright",
  globalSetup: "./e2e/support/global-setup.ts",
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: executablePath || undefined,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "npx tsx e2e/support/start-server.ts",
    url: `${BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(E2E_PORT),
      PORTICO_BASE_URL: BASE_URL,
      SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
      // The tests play the part of a trusted load balancer that sets X-Forwarded-For, so each
      // test can come from its own address and per-IP limits apply per test.
      PORTICO_TRUSTED_PROXY_HOPS: "2",
      NEXT_TELEMETRY_DISABLED: "1",
      CHECKPOINT_DISABLE: "1",
    },
  },
});
