// Every outcome catalogue, so that the message catalogue can be checked against all of them.
import { AUDIT_FILTER } from "../audit/outcomes";
import { PAYOUT } from "../payout/outcomes";
import { RISK } from "../risk/outcomes";
import { SESSION } from "../sessions/outcomes";
import { STEP_UP } from "../step-up/outcomes";
import { TENANT_SETTINGS } from "../tenancy/outcomes";
import { STAFF, SUPPORT, TEAM } from "../workforce/outcomes";

export const OUTCOME_CATALOGUES = [PAYOUT, STEP_UP, RISK, SESSION, STAFF, TEAM, SUPPORT, TENANT_SETTINGS, AUDIT_FILTER] as const;
