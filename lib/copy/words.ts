// Helpers for callers that render words: the copy context of a tenant, the audit filter's field
// words, and what a page says after a change succeeded.
import type { TAuditFilterProblem } from "../audit/outcomes";
import type { TCopyContext } from ".";
import { APP_ACCESS, AUDIT_FILTER_PROBLEM_WORDS, DONE, NOTICES } from "./en";

/** What a message may name about the tenant it happened at. */
export function copyContextOf(tenant: { name: string; supportEmail: string | null }): TCopyContext {
  return { tenantName: tenant.name, supportEmail: tenant.supportEmail };
}

/** The audit log filter's words per field, for the form. */
export function auditFilterFieldWords(problems: Partial<Record<string, TAuditFilterProblem>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(problems).flatMap(([field, problem]) =>
      problem ? [[field, AUDIT_FILTER_PROBLEM_WORDS[problem]]] : [],
    ),
  );
}

/**
 * What a page says after a change of `section` succeeded, for the `?done=` key it was sent back with (none for an
 * unknown key).
 */
export function doneWords(section: keyof typeof DONE, key: string | undefined): string | undefined {
  const words: Readonly<Record<string, string>> = DONE[section];
  return key !== undefined && Object.hasOwn(words, key) ? words[key] : undefined;
}

type TNotices = typeof NOTICES;

/** What a customer's form says after a post (see `NOTICES`), with the facts its words name. */
export function notice<K extends keyof TNotices>(key: K, ...params: Parameters<TNotices[K]>): string {
  const words = NOTICES[key] as (...args: Parameters<TNotices[K]>) => string;
  return words(...params);
}

/** What an app may do with the account, one phrase per scope (then per extra claim), without repeats. */
export function appAccessPhrases(scopes: readonly string[], claims: readonly string[] = []): string[] {
  const phrases = [
    ...scopes.map((scope) =>
      Object.hasOwn(APP_ACCESS.scopes, scope) ? APP_ACCESS.scopes[scope] : APP_ACCESS.unknownScope(scope),
    ),
    ...claims.map((claim) =>
      Object.hasOwn(APP_ACCESS.claims, claim) ? APP_ACCESS.claims[claim] : APP_ACCESS.unknownClaim(claim),
    ),
  ];
  return [...new Set(phrases.filter((phrase): phrase is string => typeof phrase === "string"))];
}
