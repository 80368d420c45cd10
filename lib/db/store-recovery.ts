// Moved to lib/db/repositories/recovery.ts; scripts/dev/rewrite-type-imports.mjs points the imports there and deletes this file.
export type { TRecoveryRequest } from "./repositories/recovery";
