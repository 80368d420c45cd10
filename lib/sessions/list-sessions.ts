import { UAParser } from "ua-parser-js";
import type { TSession, TTenant } from "../db/store";
import type { TDeps } from "../kernel/deps";

export type TSessionView = {
  id: string;
  device: string;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  aal: number;
  amr: string[];
  current: boolean;
};

export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const { browser, os, device } = UAParser(userAgent);
  const browserName = browser.name ? `${browser.name}${browser.major ? ` ${browser.major}` : ""}` : "Unknown browser";
  const osName = os.name ? `${os.name}${os.version ? ` ${os.version}` : ""}` : null;
  const deviceName = device.vendor || device.model ? [device.vendor, device.model].filter(Boolean).join(" ") : null;
  return [browserName, osName ? `on ${osName}` : null, deviceName ? `(${deviceName})` : null].filter(Boolean).join(" ");
}

function parseAmr(amr: string): string[] {
  try {
    const value: unknown = JSON.parse(amr);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

export async function listSessions(deps: TDeps, tenant: TTenant, current: TSession): Promise<TSessionView[]> {
  const sessions = await deps.store.sessions.listActive(tenant.id, current.userId, deps.now());
  return sessions
    .map((s) => ({
      id: s.id,
      device: describeDevice(s.userAgent),
      ip: s.ip,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      aal: s.aal,
      amr: parseAmr(s.amr),
      current: s.id === current.id,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}
