// Every outcome catalogue, so that the message catalogue can be checked against all of them.
import { PASSKEY } from "../identity/passkey-outcomes";
import { PAYOUT } from "../payout/outcomes";

export const OUTCOME_CATALOGUES = [PAYOUT, PASSKEY] as const;
