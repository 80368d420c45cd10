// Every outcome catalogue, so that the message catalogue can be checked against all of them.
import { SIGN_IN } from "../identity/outcomes";
import { ACCOUNT, PASSWORD } from "../identity/account-outcomes";
import { PASSKEY } from "../identity/passkey-outcomes";
import { PAYOUT } from "../payout/outcomes";
import { RECOVERY } from "../recovery/outcomes";

export const OUTCOME_CATALOGUES = [PAYOUT, SIGN_IN, PASSKEY, RECOVERY, ACCOUNT, PASSWORD] as const;
