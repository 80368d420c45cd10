// The shop signs people in with next-auth, using Portico as its OpenID provider: the way a
// tenant's developers connect an app. The session keeps what the ID token said about how the
// person signed in (acr, amr, auth_time) and the Portico session it belongs to (sid).
import NextAuth from "next-auth";
import { CLIENT_ID, clientSecret, ISSUER } from "./lib/config";
import { hasEnded } from "./lib/ended-sessions";

type TPorticoClaims = {
  sub: string;
  email?: string;
  name?: string;
  acr?: string;
  amr?: string[];
  auth_time?: number;
  sid?: string;
};

declare module "next-auth" {
  interface Session {
    acr?: string;
    amr?: string[];
    authTime?: number;
    sub?: string;
  }
}

// Configured per request, so a missing secret is an error when someone signs in, not at build time.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  trustHost: true,
  session: { strategy: "jwt" },
  // A sign-in Portico did not complete (cancelled, or a level the account cannot reach yet) comes
  // back to the home page, which says so, instead of next-auth's own pages.
  pages: { signIn: "/", error: "/" },
  providers: [
    {
      id: "portico",
      name: "Portico",
      type: "oidc",
      issuer: ISSUER,
      clientId: CLIENT_ID,
      clientSecret: clientSecret(),
      checks: ["pkce", "state", "nonce"],
      authorization: { params: { scope: "openid email profile" } },
      profile(claims: TPorticoClaims) {
        return { id: claims.sub, email: claims.email ?? null, name: claims.name ?? null };
      },
    },
  ],
  callbacks: {
    jwt({ token, account, profile }) {
      if (account && profile) {
        const claims = profile as TPorticoClaims;
        return {
          ...token,
          sub: claims.sub,
          acr: claims.acr,
          amr: claims.amr,
          authTime: claims.auth_time,
          sid: claims.sid,
          idToken: account.id_token,
        };
      }
      // Portico ended the session this one belongs to (back-channel logout): so does the shop.
      return hasEnded(typeof token.sid === "string" ? token.sid : undefined) ? null : token;
    },
    session({ session, token }) {
      return {
        ...session,
        sub: typeof token.sub === "string" ? token.sub : undefined,
        acr: typeof token.acr === "string" ? token.acr : undefined,
        amr: Array.isArray(token.amr) ? token.amr.filter((m): m is string => typeof m === "string") : undefined,
        authTime: typeof token.authTime === "number" ? token.authTime : undefined,
      };
    },
  },
}));
