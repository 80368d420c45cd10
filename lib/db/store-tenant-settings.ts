// Moved to lib/db/repositories/tenant-settings.ts; scripts/dev/rewrite-type-imports.mjs points the imports there and deletes this file.
export type { TTenantLogo, TTenantSettingsPatch } from "./repositories/tenant-settings";
