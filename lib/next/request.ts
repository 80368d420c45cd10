import "server-only";
import { headers } from "next/headers";
import { getConfig } from "../config/env";
import type { TRequestMeta } from "../kernel/deps";

/**
 * The client address is the entry that the nearest trusted proxy appended to X-Forwarded-For
 * (Next's own server counts as one hop); entries further left are client-supplied and ignored.
 */
export function clientIpFrom(forwardedFor: string | null, trustedHops: number): string | null {
  if (!forwardedFor) return null;
  const hops = forwardedFor.split(",").map((part) => part.trim()).filter(Boolean);
  const ip = hops[Math.max(0, hops.length - Math.max(1, trustedHops))];
  if (!ip || ip.length > 64 || !/^[0-9a-fA-F:.]+$/.test(ip)) return null;
  return ip.startsWith("::ffff:") ? ip.slice(7) : ip;
}

export async function getRequestMeta(): Promise<TRequestMeta> {
  const h = await headers();
  return {
    ip: clientIpFrom(h.get("x-forwarded-for"), getConfig().trustedProxyHops),
    userAgent: h.get("user-agent")?.slice(0, 512) ?? null,
  };
}

export async function getNonce(): Promise<string | undefined> {
  return (await headers()).get("x-nonce") ?? undefined;
}

/** Path and query of the page being rendered (set by the proxy). */
export async function getRequestPath(): Promise<string> {
  return (await headers()).get("x-portico-path") ?? "/";
}
