// The OpenID Provider's types, as the repositories return them. A leaf: imports only zod.
import { z } from "zod";

/** The scopes a Portico provider knows; a client may be allowed a subset. */
export const OIDC_SCOPES = ["openid", "email", "profile", "offline_access"] as const;
export type TOidcScope = (typeof OIDC_SCOPES)[number];

/** The assurance levels a relying app may ask for with `acr_values` (NIST SP 800-63B-4 AAL1-3). */
export const ACR_VALUES = ["urn:portico:aal1", "urn:portico:aal2", "urn:portico:aal3"] as const;
export type TAcr = (typeof ACR_VALUES)[number];

export type TOidcClientType = "confidential" | "public";

export type TOidcClient = {
  id: string;
  tenantId: string;
  clientId: string;
  name: string;
  type: TOidcClientType;
  /** SHA-256 (hex) of the secret; null for a public client. */
  secretHash: string | null;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  scopes: TOidcScope[];
  firstParty: boolean;
  minAal: number;
  accessTokenTtlSeconds: number;
  createdAt: Date;
  updatedAt: Date;
};

export type TOidcSigningAlg = "RS256" | "ES256";

export type TOidcSigningKey = {
  id: string;
  tenantId: string;
  kid: string;
  alg: TOidcSigningAlg;
  sealedJwk: string;
  createdAt: Date;
  retiredAt: Date | null;
};

/** A person's consent to a third-party app: what it may have without asking again. */
export type TOidcConsent = {
  clientId: string;
  userId: string;
  scopes: string[];
  claims: string[];
  /** When the person first allowed the app. */
  grantedAt: Date;
  /** When they last allowed it more. */
  updatedAt: Date;
};

/** One stored value of oidc-provider (an interaction, a session, a code, a token, a grant, …). */
export type TOidcStateRow = {
  model: string;
  id: string;
  payload: Record<string, unknown>;
  consumedAt: Date | null;
  expiresAt: Date | null;
};

export const ZStatePayload = z.record(z.string(), z.unknown());
