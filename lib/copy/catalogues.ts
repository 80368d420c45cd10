// Every outcome catalogue, so that the message catalogue can be checked against all of them.
import { ACCOUNT, PASSWORD } from "../identity/account-outcomes";
import { PASSKEY } from "../identity/passkey-outcomes";
import { PAYOUT } from "../payout/outcomes";
import { RECOVERY } from "../recovery/outcomes";

export const OUTCOME_CATALOGUES = [PAYOUT, PASSKEY, RECOVERY, ACCOUNT, PASSWORD] as const;
