/**
 * Stands in for a user id where the path of an unknown address must make the same database calls
 * as a known one (ASVS V6.3.8: no timing difference): no row has it, since ids are random UUIDs.
 */
export const NO_ACCOUNT_ID = "no-account";
