import "server-only";
import { headers } from "next/headers";
import { getConfig } from "../config/env";
import type { TRequestMeta } from "../kernel/deps";
import { clientIpFrom } from "../security/client-ip";
import { ensureDeviceHash, readDeviceHash } from "./device";

export async function getRequestMeta(): Promise<TRequestMeta> {
  const h = await headers();
  return {
    ip: clientIpFrom(h.get("x-forwarded-for"), getConfig().trustedProxyHops),
    userAgent: h.get("user-agent")?.slice(0, 512) ?? null,
    deviceHash: await readDeviceHash(),
  };
}

/** For sign-in actions and routes: the request's context, giving the browser a device cookie if it has none. */
export async function getSignInMeta(): Promise<TRequestMeta> {
  const meta = await getRequestMeta();
  return { ...meta, deviceHash: await ensureDeviceHash() };
}

export async function getNonce(): Promise<string | undefined> {
  return (await headers()).get("x-nonce") ?? undefined;
}

/** Path and query of the page being rendered (set by the proxy). */
export async function getRequestPath(): Promise<string> {
  return (await headers()).get("x-portico-path") ?? "/";
}
