// OpenID Connect Back-Channel Logout 1.0: Portico posts a signed logout token here when a session
// the shop signed in with ends (sign-out, a support agent ending sessions, a password reset…).
// The token is verified with Portico's published keys (jose), then its `sid` is marked ended so
// the shop's own session for it is dropped on its next request.
import { createRemoteJWKSet, jwtVerify } from "jose";
import { CLIENT_ID, ISSUER } from "../../../lib/config";
import { endSession } from "../../../lib/ended-sessions";
import { porticoDiscovery } from "../../../lib/portico";

const LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
let keys: ReturnType<typeof createRemoteJWKSet> | null = null;
const seen = new Map<string, number>();

function refuse(description: string) {
  return Response.json(
    { error: "invalid_request", error_description: description },
    { status: 400, headers: { "cache-control": "no-store" } },
  );
}

export async function POST(request: Request) {
  const form = await request.formData().catch(() => null);
  const token = form?.get("logout_token");
  if (typeof token !== "string" || token.length === 0) return refuse("logout_token is missing");
  keys ??= createRemoteJWKSet(new URL((await porticoDiscovery()).jwks_uri));
  let claims;
  try {
    ({ payload: claims } = await jwtVerify(token, keys, {
      issuer: ISSUER,
      audience: CLIENT_ID,
      algorithms: ["RS256", "ES256"],
      maxTokenAge: "5 minutes",
    }));
  } catch {
    return refuse("the logout token is not valid");
  }
  const events = claims.events as Record<string, unknown> | undefined;
  if (!events || typeof events !== "object" || !(LOGOUT_EVENT in events)) return refuse("not a logout token");
  if ("nonce" in claims) return refuse("a logout token carries no nonce");
  if (typeof claims.sid !== "string") return refuse("the shop needs the session id (sid)");
  if (typeof claims.jti === "string") {
    const now = Date.now();
    if (seen.has(claims.jti)) return refuse("this logout token was already used");
    seen.set(claims.jti, now);
    for (const [jti, at] of seen) if (now - at > 10 * 60 * 1000) seen.delete(jti);
  }
  endSession(claims.sid);
  return new Response(null, { status: 200, headers: { "cache-control": "no-store" } });
}
