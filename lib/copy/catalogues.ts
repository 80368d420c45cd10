// Every outcome catalogue, so that the message catalogue can be checked against all of them.
import { PAYOUT } from "../payout/outcomes";
import { RISK } from "../risk/outcomes";
import { STEP_UP } from "../step-up/outcomes";
import { TENANT_SETTINGS } from "../tenancy/outcomes";
import { STAFF } from "../workforce/outcomes";

export const OUTCOME_CATALOGUES = [PAYOUT, STEP_UP, RISK, STAFF, TENANT_SETTINGS] as const;
