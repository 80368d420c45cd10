// What the customer passkey use cases (registration, sign-in, management) answer when they do not
// do what was asked. The words are in lib/copy/en.ts (`passkey`).
import { z } from "zod";
import { defineOutcomes } from "../kernel/outcome";

const ZPasswordOffered = z.object({ passwordOffered: z.boolean() });

export const PASSKEY = defineOutcomes("passkey", {
  /** The tenant does not offer passkeys. */
  METHOD_NOT_ALLOWED: { status: 400 },
  /** A sign-in method changes only from a complete session with a recent proof; the words name what can prove it. */
  REAUTH_REQUIRED: { status: 403, params: ZPasswordOffered },
  /** The email-link session of a passwordless sign-up is spent: the account has a way to sign in now. */
  SETUP_ENDED: { status: 403 },
  /** The ceremony did not hold: challenge, credential, user, signature or counter. */
  CEREMONY_FAILED: { status: 400 },
  /** The pending sign-in this passkey was to complete ended meanwhile (a concurrent completion won). */
  SIGN_IN_ENDED: { status: 409 },
  /** The account is disabled, or locked in a way a passkey does not lift. */
  LOCKED: { status: 403 },
  /** Nobody confirmed the address yet and the tenant requires it. */
  EMAIL_NOT_VERIFIED: { status: 403 },
  /** The risk assessment blocked this sign-in (the same code as on the password path). */
  RISK_BLOCKED: { status: 403 },
  /** The passkey alone is below the level the member's organisation requires, and nothing can add to it. */
  LEVEL_TOO_LOW: { status: 403 },
  /** A rename without a name. */
  NAME_REQUIRED: { status: 400 },
  /** No such passkey of this user (any more). */
  NOT_FOUND: { status: 404 },
  /** The passkey is the user's last way to sign in. */
  LAST_METHOD: { status: 409, params: ZPasswordOffered },
});
