import "server-only";
import { cookies } from "next/headers";
import { generateToken } from "../security/tokens";

const BINDING_COOKIE = "__Host-portico-webauthn";

/**
 * The browser-binding value for WebAuthn challenges: a random cookie (HttpOnly, SameSite=Strict)
 * whose hash is stored with each challenge, so a challenge is only good in the browser it went to.
 */
export async function webauthnBinding(): Promise<string> {
  const jar = await cookies();
  const existing = jar.get(BINDING_COOKIE)?.value;
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const value = generateToken();
  jar.set(BINDING_COOKIE, value, { httpOnly: true, secure: true, sameSite: "strict", path: "/", maxAge: 15 * 60 });
  return value;
}

export async function readWebauthnBinding(): Promise<string | undefined> {
  return (await cookies()).get(BINDING_COOKIE)?.value;
}
