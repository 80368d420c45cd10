// Every outcome catalogue, so that the message catalogue can be checked against all of them.
import { SIGN_IN } from "../identity/outcomes";
import { PAYOUT } from "../payout/outcomes";

export const OUTCOME_CATALOGUES = [PAYOUT, SIGN_IN] as const;
