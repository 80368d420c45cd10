// Every outcome catalogue, so that the message catalogue can be checked against all of them.
import { ACCOUNT, PASSWORD } from "../identity/account-outcomes";
import { AUDIT_FILTER } from "../audit/outcomes";
import { PASSKEY } from "../identity/passkey-outcomes";
import { CONNECTION, FEDERATION } from "../federation/outcomes";
import { OIDC_CLIENT, OIDC_CONSENT } from "../oidc/outcomes";
import { PAYOUT } from "../payout/outcomes";
import { RECOVERY } from "../recovery/outcomes";
import { RISK } from "../risk/outcomes";
import { SESSION } from "../sessions/outcomes";
import { SIGN_IN, SIGN_UP } from "../identity/outcomes";
import { OPERATOR, STAFF, SUPPORT, TEAM } from "../workforce/outcomes";
import { STEP_UP } from "../step-up/outcomes";
import { TENANT_SETTINGS } from "../tenancy/outcomes";
import { ORG_POLICY } from "../organisations/policy-outcomes";
import { ORGANISATION } from "../organisations/outcomes";
import { INVITATION } from "../invitations/outcomes";
import { ORG_ADMIN } from "../org-admin/outcomes";

export const OUTCOME_CATALOGUES = [
  PAYOUT,
  CONNECTION,
  FEDERATION,
  OIDC_CLIENT,
  OIDC_CONSENT,
  SIGN_IN,
  SIGN_UP,
  PASSKEY,
  RECOVERY,
  ACCOUNT,
  PASSWORD,
  STEP_UP,
  RISK,
  SESSION,
  STAFF,
  TEAM,
  SUPPORT,
  OPERATOR,
  TENANT_SETTINGS,
  AUDIT_FILTER,
  ORG_POLICY,
  ORGANISATION,
  INVITATION,
  ORG_ADMIN,
] as const;
