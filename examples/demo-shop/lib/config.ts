// The shop's settings, from the environment `npm run demo` sets (defaults: the demo tenant acme
// on a local portal, and the client the portal's seed registers for this shop).
export const SHOP_URL = process.env.AUTH_URL ?? "http://localhost:4000";
export const ISSUER = process.env.PORTICO_ISSUER ?? "http://localhost:3000/acme/oidc";
export const CLIENT_ID = process.env.DEMO_SHOP_CLIENT_ID ?? "demo-shop";

/** The client secret: set by `npm run demo`; without it the shop cannot sign anyone in. */
export function clientSecret(): string {
  const secret = process.env.DEMO_SHOP_CLIENT_SECRET;
  if (!secret) throw new Error("DEMO_SHOP_CLIENT_SECRET is not set: start the shop with `npm run demo`.");
  return secret;
}

/** The assurance levels Portico names (acr values), lowest first. */
export const AAL2 = "urn:portico:aal2";
const LEVELS = ["urn:portico:aal1", AAL2, "urn:portico:aal3"];

/** Whether `acr` (from the ID token) is at least `wanted`. */
export function reaches(acr: string | undefined, wanted: string): boolean {
  return acr !== undefined && LEVELS.indexOf(acr) >= LEVELS.indexOf(wanted) && LEVELS.includes(acr);
}
