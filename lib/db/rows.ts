// Stored rows → domain types. The JSON text columns are parsed here, once, with the fallback the
// domain always used for a malformed value (an empty list, an empty map, the default policy), so
// no use case ever sees the stored text.
import { z } from "zod";
import { readStoredAudit, type TAuditEvent } from "../audit/catalog";
import { USER_STATUSES } from "../identity/types";
import type { TAuthenticatorTransport, TPasskey, TUser, TUserStatus } from "../identity/types";
import { ZRiskPolicySchema } from "../risk/types";
import type { TRiskPolicy } from "../risk/types";
import { AMR_VALUES, ZSessionLimitsSchema } from "../sessions/types";
import type { TAmr, TContextEvent, TMethodTimes, TSession, TSessionLimits, TSessionStage } from "../sessions/types";
import { STEP_UP_METHODS } from "../step-up/types";
import type { TStepUpMethod, TStepUpPolicy } from "../step-up/types";
import { ORG_ROLES, ZClaimMappingSchema, ZOrgPolicySchema } from "../organisations/types";
import type {
  TEnterpriseConnection,
  TFederatedIdentity,
  TFederatedLinkRequest,
  TInvitation,
  TOrganisation,
  TOrgRole,
} from "../organisations/types";
import { MFA_POLICIES, SIGNUP_MODES } from "../tenancy/types";
import { BLOCK_REASONS, THREAT_LEVELS } from "../risk/types";
import type { TBlockReason, TBlockedAddress, TThreatLevel, TThreatState } from "../risk/types";
import { PROFILE_ATTRIBUTE_TYPES, PROFILE_DUE_WHEN, ZProfileValidationSchema } from "../profile/types";
import type { TProfileAttribute } from "../profile/types";
import type { TMfaPolicy, TSignupMode, TTenant } from "../tenancy/types";
import type {
  AuditEvent,
  BlockedAddress,
  EnterpriseConnection,
  FederatedIdentity,
  FederatedLinkRequest,
  Invitation,
  Organisation,
  PasskeyCredential,
  ProfileAttribute,
  Session,
  StepUpPolicy,
  Tenant,
  ThreatState,
  User,
} from "./generated/sqlite/client";

/** The value of stored JSON text; undefined for text that is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const isString = (value: unknown): value is string => typeof value === "string";

/** The strings of a stored JSON array; [] for anything else. */
function stringsOf(text: string): string[] {
  const value = parseJson(text);
  return Array.isArray(value) ? value.filter(isString) : [];
}

export function parseAmr(text: string): TAmr[] {
  return stringsOf(text).filter((value): value is TAmr => (AMR_VALUES as readonly string[]).includes(value));
}

export function parseMethodTimes(text: string): TMethodTimes {
  const value = parseJson(text);
  if (typeof value !== "object" || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => isString(entry[1])));
}

const STAGES: readonly TSessionStage[] = ["complete", "second_factor", "enrol_factor", "email_code"];

/** Only this code writes stages; a row with any other is corrupt, and reading it fails closed. */
export function parseStage(text: string): TSessionStage {
  const stage = STAGES.find((known) => known === text);
  if (!stage) throw new Error(`session row with an unknown stage: ${JSON.stringify(text.slice(0, 40))}`);
  return stage;
}

export function parseContextEvent(text: string | null): TContextEvent | null {
  if (!text) return null;
  const value = parseJson(text);
  if (typeof value !== "object" || value === null) return null;
  const event = value as Partial<Record<keyof TContextEvent, unknown>>;
  if (!isString(event.at) || !Array.isArray(event.reasons)) return null;
  const decision = (["keep", "downgrade", "end"] as const).find((d) => d === event.decision);
  if (!decision) return null;
  return { at: event.at, decision, reasons: event.reasons.filter(isString) };
}

export function parseSessionLimits(text: string): TSessionLimits {
  const parsed = ZSessionLimitsSchema.safeParse(parseJson(text));
  return parsed.success ? parsed.data : {};
}

export function parseRiskPolicy(text: string): TRiskPolicy {
  const raw = parseJson(text);
  const parsed = ZRiskPolicySchema.safeParse(typeof raw === "object" && raw !== null ? raw : {});
  return parsed.success ? parsed.data : ZRiskPolicySchema.parse({});
}

export function parseTransports(text: string): TAuthenticatorTransport[] {
  // Kept as reported: the browser ignores a hint it does not know.
  return stringsOf(text) as TAuthenticatorTransport[];
}

const ZStepUpMethods = z.array(z.enum(STEP_UP_METHODS));

/** The allowed methods; a list with anything unknown in it reads as [] (any method), as it always did. */
export function parseStepUpMethods(text: string): TStepUpMethod[] {
  const parsed = ZStepUpMethods.safeParse(parseJson(text));
  return parsed.success ? parsed.data : [];
}

export function toSession(row: Session): TSession {
  return {
    ...row,
    amr: parseAmr(row.amr),
    methodTimes: parseMethodTimes(row.methodTimes),
    stage: parseStage(row.stage),
    contextEvent: parseContextEvent(row.contextEvent),
  };
}

/** One of `known`, else `closed`: a stored value this code never writes reads as the strictest one. */
function oneOf<T extends string>(known: readonly T[], text: string, closed: T): T {
  return known.find((value) => value === text) ?? closed;
}

/** An unknown stored status reads as "disabled": no sign-in, no session, until staff decide. */
export const parseUserStatus = (text: string): TUserStatus => oneOf(USER_STATUSES, text, "disabled");
/** An unknown sign-up mode reads as invitation only. */
export const parseSignupMode = (text: string): TSignupMode => oneOf(SIGNUP_MODES, text, "invite_only");
/** An unknown second-factor policy reads as "required". */
export const parseMfaPolicy = (text: string): TMfaPolicy => oneOf(MFA_POLICIES, text, "required");

export function toTenant(row: Tenant): TTenant {
  return {
    ...row,
    signupMode: parseSignupMode(row.signupMode),
    mfaPolicy: parseMfaPolicy(row.mfaPolicy),
    sessionLimits: parseSessionLimits(row.sessionLimits),
    riskPolicy: parseRiskPolicy(row.riskPolicy),
    attestationRoots: stringsOf(row.attestationRoots),
  };
}

/** An unknown stored organisation role reads as "member" (the one without delegated powers). */
export const parseOrgRole = (text: string): TOrgRole => oneOf(ORG_ROLES, text, "member");

export function toUser(row: User): TUser {
  return {
    ...row,
    status: parseUserStatus(row.status),
    organisationRole: row.organisationId && row.organisationRole ? parseOrgRole(row.organisationRole) : null,
  };
}

export function toOrganisation(row: Organisation & { domains: ReadonlyArray<{ domain: string }> }): TOrganisation {
  const { domains, policy, ...rest } = row;
  const parsed = ZOrgPolicySchema.safeParse(parseJson(policy));
  return {
    ...rest,
    domains: domains.map((d) => d.domain).sort(),
    policy: parsed.success ? parsed.data : {},
    policyUnreadable: !parsed.success,
  };
}

export function toInvitation(row: Invitation): TInvitation {
  return { ...row, role: parseOrgRole(row.role) };
}

export function toConnection(row: EnterpriseConnection): TEnterpriseConnection {
  const mapping = ZClaimMappingSchema.safeParse(parseJson(row.claimMapping));
  return {
    ...row,
    scopes: row.scopes.split(" ").filter((scope) => scope !== ""),
    claimMapping: mapping.success ? mapping.data : {},
  };
}

export const toFederatedIdentity = (row: FederatedIdentity): TFederatedIdentity => ({ ...row });
export const toFederatedLinkRequest = (row: FederatedLinkRequest): TFederatedLinkRequest => ({ ...row });

export function toPasskey(row: PasskeyCredential): TPasskey {
  return { ...row, transports: parseTransports(row.transports) };
}

export function toStepUpPolicy(row: StepUpPolicy): TStepUpPolicy {
  return { ...row, methods: parseStepUpMethods(row.methods) };
}

/** The event with its data read back against the audit catalogue (text that is not JSON reads as `{}`). */
export function toAuditEvent(row: AuditEvent): TAuditEvent {
  const { type, data, ...rest } = row;
  return { ...rest, ...readStoredAudit(type, parseJson(data)) };
}

/** Maps a row that may be missing. */
export function mapNullable<R, T>(map: (row: R) => T): (row: R | null) => T | null {
  return (row) => (row === null ? null : map(row));
}

/** An unknown stored threat level reads as "attack": the defences stay up until it is re-evaluated. */
export const parseThreatLevel = (text: string): TThreatLevel => oneOf(THREAT_LEVELS, text, "attack");

export function toThreatState(row: ThreatState): TThreatState {
  return {
    ...row,
    autoLevel: parseThreatLevel(row.autoLevel),
    manualLevel: row.manualLevel === null ? null : parseThreatLevel(row.manualLevel),
  };
}

export function toBlockedAddress(row: BlockedAddress): TBlockedAddress {
  return { ...row, reason: oneOf<TBlockReason>(BLOCK_REASONS, row.reason, "failure_velocity") };
}

/**
 * An attribute whose stored type or due rule is unknown reads as an optional text asked at no
 * time (never due), so a bad row neither blocks sign-ins nor leaks into claims as something else.
 */
export function toProfileAttribute(row: ProfileAttribute): TProfileAttribute {
  const validation = ZProfileValidationSchema.safeParse(parseJson(row.validation));
  const type = PROFILE_ATTRIBUTE_TYPES.find((t) => t === row.type);
  const dueWhen = PROFILE_DUE_WHEN.find((d) => d === row.dueWhen);
  const readable = type !== undefined && dueWhen !== undefined;
  return {
    ...row,
    type: type ?? "text",
    dueWhen: dueWhen ?? "scope",
    scope: readable ? row.scope : null,
    required: readable ? row.required : false,
    validation: validation.success ? validation.data : {},
  };
}
