// How an IdP's `acr`/`amr` count toward Portico's assurance level, for a connection that trusts
// them (`trustIdpAssurance`). Without that trust every federated sign-in is AAL1, and Portico's own
// factors do step-up.
//
// The mapping: AAL2 when the IdP reports a multi-factor or hardware-backed sign-in — `amr`
// (RFC 8176) containing "mfa", "hwk", "swk", "otp", "sc" or "fpt", or an `acr` of the known
// multi-factor values below; AAL1 otherwise. An IdP's word never yields AAL3: Portico cannot see
// whether its authenticator was phishing-resistant and bound to this origin.

const MULTI_FACTOR_AMR = new Set(["mfa", "hwk", "swk", "otp", "sc", "fpt"]);
const MULTI_FACTOR_ACR = new Set([
  "urn:portico:aal2",
  "urn:portico:aal3",
  "http://schemas.openid.net/pape/policies/2007/06/multi-factor",
  "http://schemas.openid.net/pape/policies/2007/06/phishing-resistant",
  "http://schemas.microsoft.com/claims/multipleauthn",
  "phr",
  "phrh",
]);

export function aalFromIdp(trusted: boolean, acr: unknown, amr: unknown): 1 | 2 {
  if (!trusted) return 1;
  const methods = Array.isArray(amr) ? amr.filter((m): m is string => typeof m === "string") : [];
  if (methods.some((m) => MULTI_FACTOR_AMR.has(m))) return 2;
  return typeof acr === "string" && MULTI_FACTOR_ACR.has(acr) ? 2 : 1;
}
