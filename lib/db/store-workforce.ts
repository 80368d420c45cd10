// Moved to lib/db/repositories/workforce.ts; scripts/dev/rewrite-type-imports.mjs points the imports there and deletes this file.
export type { TStaffMember, TStaffRoleRow, TStaffSession, TStaffToken, TStaffPasskey, TStaffInvitation, TStaffInvitationStatus, TStaffChallengePurpose, TStaffSessionStage, TNewStaffSession } from "./repositories/workforce";
