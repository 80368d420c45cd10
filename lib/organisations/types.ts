// Organisations (a tenant's business customers and partners), their invitations, enterprise
// connections and federated identities, as the repositories return them. A leaf: imports only zod
// and other leaf types files.
import { z } from "zod";
import { ZSessionLimitsSchema } from "../sessions/types";

/** A member's role in their organisation. */
export type TOrgRole = "member" | "org_admin";
export const ORG_ROLES: readonly TOrgRole[] = ["member", "org_admin"];

/** Sign-in methods an organisation may restrict its members to (a subset of the tenant's). */
export const ORG_METHODS = ["password", "passkey", "totp"] as const;
export type TOrgMethod = (typeof ORG_METHODS)[number];

const ZAal = z.union([z.literal(1), z.literal(2), z.literal(3)]);

/**
 * How an organisation tightens its tenant's policy (Organisation.policy). Every key is optional: a
 * missing key keeps the tenant's setting, and a value looser than the tenant's has no effect (the
 * effective policy is computed in lib/organisations/policy.ts).
 */
export const ZOrgPolicySchema = z.object({
  /** A second factor is required of every member. */
  mfaRequired: z.boolean().optional(),
  /** The only methods members may use; intersected with the tenant's. */
  methods: z.array(z.enum(ORG_METHODS)).optional(),
  /** The lowest assurance level a member's sign-in may complete at. */
  minAal: ZAal.optional(),
  /** Shorter session lifetimes per assurance level (never longer than the tenant's). */
  sessionLimits: ZSessionLimitsSchema.optional(),
  /** Stricter step-up per action: a higher level and/or a shorter maximum age of the proof. */
  stepUp: z
    .record(
      z.string().min(1).max(64),
      z.object({
        minAal: ZAal.optional(),
        maxAgeMinutes: z.number().int().min(1).max(1440).optional(),
      }),
    )
    .optional(),
});
export type TOrgPolicy = z.infer<typeof ZOrgPolicySchema>;

export type TOrganisation = {
  id: string;
  tenantId: string;
  slug: string;
  name: string;
  /** Lower-case email domains, sorted. */
  domains: string[];
  /** The stored tightening; a stored value that no longer parses reads as {} plus `policyUnreadable`. */
  policy: TOrgPolicy;
  policyUnreadable: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export type TInvitation = {
  id: string;
  tenantId: string;
  organisationId: string | null;
  email: string;
  role: TOrgRole;
  tokenHash: string;
  invitedBy: string;
  createdAt: Date;
  sentAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  acceptedUserId: string | null;
  revokedAt: Date | null;
};

/** Where an invitation stands at `now`. */
export type TInvitationState = "pending" | "accepted" | "revoked" | "expired";

export function invitationState(invitation: TInvitation, now: Date): TInvitationState {
  if (invitation.acceptedAt) return "accepted";
  if (invitation.revokedAt) return "revoked";
  return invitation.expiresAt.getTime() <= now.getTime() ? "expired" : "pending";
}

/** Portico attribute → IdP claim name; a missing key reads the standard claim of that name. */
export const ZClaimMappingSchema = z.object({
  email: z.string().min(1).max(64).optional(),
  email_verified: z.string().min(1).max(64).optional(),
  name: z.string().min(1).max(64).optional(),
});
export type TClaimMapping = z.infer<typeof ZClaimMappingSchema>;

export type TEnterpriseConnection = {
  id: string;
  tenantId: string;
  organisationId: string;
  issuer: string;
  clientId: string;
  /** Sealed with the server's key (lib/security/secret-box.ts), context `connection:<tenantId>:<id>`. */
  clientSecretSealed: string;
  scopes: string[];
  claimMapping: TClaimMapping;
  jitProvisioning: boolean;
  trustIdpAssurance: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export type TFederatedIdentity = {
  id: string;
  tenantId: string;
  userId: string;
  connectionId: string;
  subject: string;
  email: string;
  linkedAt: Date;
  lastSignInAt: Date | null;
};

export type TFederatedLinkRequest = {
  id: string;
  tenantId: string;
  userId: string;
  connectionId: string;
  subject: string;
  email: string;
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
};
