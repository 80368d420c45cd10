// The outcomes of enterprise connections and federated sign-in. A leaf: imports only zod and the
// outcome kernel.
import { z } from "zod";
import { defineOutcomes } from "../kernel/outcome";

export const CONNECTION = defineOutcomes("connection", {
  /** No organisation has this slug in the tenant. */
  ORG_NOT_FOUND: { status: 404 },
  /** The tenant has no such connection. */
  NOT_FOUND: { status: 404 },
  /** The organisation has a connection already (one per organisation). */
  ALREADY_EXISTS: { status: 409 },
  /** A field of the connection does not hold; `field` names it, `problem` says what is wrong. */
  INVALID_CONNECTION: {
    status: 400,
    params: z.object({
      field: z.enum(["issuer", "client_id", "client_secret", "scopes", "claim_mapping"]),
      problem: z.enum(["missing", "too_long", "not_a_url", "insecure", "fragment", "no_openid", "not_a_claim"]),
    }),
  },
  /**
   * The discovery document could not be used: `stage` says where it went wrong (unreachable, an
   * HTTP error, not JSON, or an issuer that does not match the configured one).
   */
  DISCOVERY_FAILED: {
    status: 422,
    params: z.object({ stage: z.enum(["unreachable", "http_status", "not_json", "issuer_mismatch", "invalid"]) }),
  },
});

export const FEDERATION = defineOutcomes("federation", {
  /** The IdP did not assert that the address is verified. */
  EMAIL_NOT_VERIFIED: { status: 403 },
  /** The address is not at one of the organisation's domains. */
  FOREIGN_DOMAIN: { status: 403 },
  /** No account, no invitation and no just-in-time provisioning. */
  NOT_PROVISIONED: { status: 403 },
  /** The account is disabled. */
  DISABLED: { status: 403 },
  /** The account belongs to another organisation of the tenant. */
  OTHER_ORGANISATION: { status: 409 },
  /** The connection no longer exists (removed mid-flow) or belongs to another tenant. */
  UNKNOWN_CONNECTION: { status: 404 },
  /** The IdP's answer was refused by the protocol checks (issuer, audience, nonce, state, PKCE). */
  HANDSHAKE_FAILED: { status: 400 },
  /** The risk engine blocked the sign-in. */
  RISK_BLOCKED: { status: 403 },
  /** The pending link was used, expired or is missing. */
  LINK_EXPIRED: { status: 410 },
  /** The proof of the local account was wrong. */
  LINK_PROOF_FAILED: { status: 401 },
  /**
   * Too many attempts: `scope` "failed_attempts" is the account's own wrong-password throttle (the
   * one sign-in uses), "identify" the identifier-first step per network or per tenant.
   */
  RATE_LIMITED: {
    status: 429,
    params: z.object({
      scope: z.enum(["failed_attempts", "identify"]),
      retryAfterSeconds: z.number().int().nonnegative(),
    }),
  },
  /** The local account is locked by wrong passwords; `retryAfterSeconds` is null for a lock only recovery lifts. */
  LOCKED: { status: 403, params: z.object({ retryAfterSeconds: z.number().int().nonnegative().nullable() }) },
  /** The administrator's pre-approval of a link is used, expired, revoked or missing. */
  LINK_APPROVAL_NOT_FOUND: { status: 404 },
  /** The account's address is not at a domain of an organisation with an enterprise connection. */
  NO_CONNECTION_FOR_ACCOUNT: { status: 409 },
  /**
   * The local account's address was never confirmed: it is never linked to an IdP identity (nor
   * pre-approved for a link), since whoever made it may not own the mailbox.
   */
  ACCOUNT_NOT_CONFIRMED: { status: 409 },
  /** The account is no longer a member of the connection's organisation. */
  NOT_A_MEMBER: { status: 403 },
  /** The IdP identity is linked to another account already. */
  ALREADY_LINKED: { status: 409 },
});
