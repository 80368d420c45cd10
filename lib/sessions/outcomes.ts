import { defineOutcomes } from "../kernel/outcome";

export const SESSION = defineOutcomes("session", {
  /** Not one of the user's own live sessions (ended already, or another user's or tenant's id). */
  NOT_FOUND: { status: 404 },
});
