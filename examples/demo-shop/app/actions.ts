"use server";
import { headers } from "next/headers";
import { getToken } from "next-auth/jwt";
import { signIn, signOut } from "../auth";
import { AAL2, CLIENT_ID, SHOP_URL } from "../lib/config";
import { porticoDiscovery } from "../lib/portico";

export async function signInAction() {
  await signIn("portico", { redirectTo: "/" });
}

/** Signs in again at AAL2: Portico steps the person up with a second factor (acr_values). */
export async function stepUpAction() {
  await signIn("portico", { redirectTo: "/orders" }, { acr_values: AAL2 });
}

/**
 * Ends the shop's session, then Portico's (RP-initiated logout with the ID token as the hint),
 * which comes back to the shop's home page.
 */
export async function signOutAction() {
  const token = await getToken({
    req: { headers: await headers() },
    secret: process.env.AUTH_SECRET,
    secureCookie: SHOP_URL.startsWith("https:"),
  });
  const endSession = new URL((await porticoDiscovery()).end_session_endpoint);
  if (typeof token?.idToken === "string") endSession.searchParams.set("id_token_hint", token.idToken);
  endSession.searchParams.set("client_id", CLIENT_ID);
  endSession.searchParams.set("post_logout_redirect_uri", `${SHOP_URL}/`);
  await signOut({ redirectTo: endSession.toString() });
}
