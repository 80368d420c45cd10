// Moved to lib/db/repositories/email-codes.ts; scripts/dev/rewrite-type-imports.mjs points the imports there and deletes this file.
export type { TSignInEmailCode } from "./repositories/email-codes";
