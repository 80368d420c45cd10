// The browser the e2e suite and the page-weight bench drive: Debian's Chromium by default
// (Playwright's own browser download is not used); override with PLAYWRIGHT_CHROMIUM_PATH, or set
// it empty to use a browser installed by Playwright. The flags keep it quiet and offline.
export const CHROMIUM_PATH = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
