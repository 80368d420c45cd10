// The parts of a request's context the risk engine compares: the network (IPv4 /24, IPv6 /48),
// the user-agent family, and markers of automation.
import { isIPv4, isIPv6 } from "node:net";
import { UAParser } from "ua-parser-js";

/** "203.0.113.0/24" or "2001:db8:1::/48"; null for a missing or unparsable address. */
export function ipPrefix(ip: string | null): string | null {
  if (!ip) return null;
  if (isIPv4(ip)) return `${ip.split(".").slice(0, 3).join(".")}.0/24`;
  if (!isIPv6(ip)) return null;
  const groups = expandIpv6(ip);
  return groups
    ? `${groups
        .slice(0, 3)
        .map((g) => g.replace(/^0+(?=.)/, ""))
        .join(":")}::/48`
    : null;
}

// Hand-written because Node has no IPv6 expansion helper; the input is validated by isIPv6 first.
function expandIpv6(ip: string): string[] | null {
  const withoutZone = ip.split("%")[0]!;
  const [head, tail] = withoutZone.includes("::") ? withoutZone.split("::") : [withoutZone, null];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  // An embedded IPv4 tail counts as two groups; its prefix bits never reach the first 48.
  const count = (parts: string[]) => parts.reduce((n, p) => n + (p.includes(".") ? 2 : 1), 0);
  const missing = 8 - count(left) - count(right);
  if (tail === null && missing !== 0) return null;
  const groups = [...left, ...Array<string>(Math.max(0, missing)).fill("0"), ...right];
  return groups.map((g) => g.toLowerCase().padStart(4, "0"));
}

/** "Chrome on macOS": the browser and OS family, without versions (they change on every update). */
export function userAgentFamily(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const { browser, os } = UAParser(userAgent);
  const name = browser.name?.replace(/^Mobile /, "") ?? null;
  if (!name && !os.name) return null;
  return `${name ?? "Unknown browser"} on ${os.name ?? "unknown OS"}`;
}

const AUTOMATION_MARKERS = [
  /headless/i,
  /phantomjs/i,
  /selenium/i,
  /webdriver/i,
  /puppeteer/i,
  /playwright/i,
  /^curl\//i,
  /^wget\//i,
  /python-requests/i,
  /^python-urllib/i,
  /go-http-client/i,
  /^java\//i,
  /^okhttp/i,
  /^axios\//i,
  /^node-fetch/i,
  /^undici/i,
];

/** A user agent that looks like a script or a headless browser rather than a person's browser. */
export function looksAutomated(userAgent: string | null): boolean {
  if (!userAgent || userAgent.trim().length < 8) return true;
  return AUTOMATION_MARKERS.some((re) => re.test(userAgent));
}

/** A device as a person reads it ("Firefox 128 on Windows 10"), from its user agent. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const { browser, os, device } = UAParser(userAgent);
  const browserName = browser.name ? `${browser.name}${browser.major ? ` ${browser.major}` : ""}` : "Unknown browser";
  const osName = os.name ? `${os.name}${os.version ? ` ${os.version}` : ""}` : null;
  const deviceName = device.vendor || device.model ? [device.vendor, device.model].filter(Boolean).join(" ") : null;
  return [browserName, osName ? `on ${osName}` : null, deviceName ? `(${deviceName})` : null].filter(Boolean).join(" ");
}
