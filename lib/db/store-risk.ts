// Moved to lib/db/repositories/risk.ts; scripts/dev/rewrite-type-imports.mjs points the imports there and deletes this file.
export type { TKnownDevice } from "./repositories/risk";
