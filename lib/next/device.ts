import "server-only";
import { cookies } from "next/headers";
import { getConfig } from "../config/env";
import { createDeviceSigner, deviceHashOf, type TDeviceSigner } from "../security/device-id";

/** One device cookie for the portal: `__Host-` pins it to this host; it lives 400 days (the browser cap). */
export const DEVICE_COOKIE = "__Host-portico-device";
const MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

let signer: TDeviceSigner | null = null;
function deviceSigner(): TDeviceSigner {
  signer ??= createDeviceSigner(getConfig().encryptionKey());
  return signer;
}

/** The hash of this browser's device identifier, or null when it has no valid device cookie. */
export async function readDeviceHash(): Promise<string | null> {
  const id = deviceSigner().verify((await cookies()).get(DEVICE_COOKIE)?.value);
  return id ? deviceHashOf(id) : null;
}

/**
 * Gives the browser a device identifier if it has none (only where cookies can be set: server
 * actions and route handlers) and returns its hash. A new identifier is, by definition, a new device.
 */
export async function ensureDeviceHash(): Promise<string> {
  const jar = await cookies();
  const existing = deviceSigner().verify(jar.get(DEVICE_COOKIE)?.value);
  if (existing) return deviceHashOf(existing);
  const cookie = deviceSigner().issue();
  jar.set(DEVICE_COOKIE, cookie, { httpOnly: true, secure: true, sameSite: "lax", path: "/", maxAge: MAX_AGE_SECONDS });
  return deviceHashOf(cookie.split(".")[0]!);
}
