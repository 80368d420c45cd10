// Every outcome catalogue, so that the message catalogue can be checked against all of them.
import { PAYOUT } from "../payout/outcomes";

export const OUTCOME_CATALOGUES = [PAYOUT] as const;
