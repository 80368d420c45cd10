// Moved to lib/db/repositories/step-up.ts; scripts/dev/rewrite-type-imports.mjs points the imports there and deletes this file.
export type { TStepUpGrant, TStepUpPolicyInput } from "./repositories/step-up";
export type { TStepUpPolicy } from "../step-up/types";
