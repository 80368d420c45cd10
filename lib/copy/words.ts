// Helpers for callers that render words: the copy context of a tenant, and the words of a result
// that may still carry its own message (a module not yet on the outcome catalogue).
import type { TAnyFailure } from "../kernel/outcome";
import type { TAuditFilterProblem } from "../audit/outcomes";
import { messageFor, type TCopyContext } from ".";
import { AUDIT_FILTER_PROBLEM_WORDS, DONE } from "./en";

/** What a message may name about the tenant it happened at. */
export function copyContextOf(tenant: { name: string; supportEmail: string | null }): TCopyContext {
  return { tenantName: tenant.name, supportEmail: tenant.supportEmail };
}

/** The words of a failure: its catalogue's message, or the message it carries until its module moves. */
export function wordsFor(failure: Pick<TAnyFailure, "module" | "code" | "params"> | { message: string }, context: TCopyContext = {}): string {
  return "message" in failure ? failure.message : messageFor(failure, context);
}

/** The audit log filter's words per field, for the form. */
export function auditFilterFieldWords(problems: Partial<Record<string, TAuditFilterProblem>>): Record<string, string> {
  return Object.fromEntries(Object.entries(problems).flatMap(([field, problem]) => (problem ? [[field, AUDIT_FILTER_PROBLEM_WORDS[problem]]] : [])));
}

/** What a page says after a change of `section` succeeded, for the `?done=` key it was sent back with (none for an unknown key). */
export function doneWords(section: keyof typeof DONE, key: string | undefined): string | undefined {
  const words: Readonly<Record<string, string>> = DONE[section];
  return key !== undefined && Object.hasOwn(words, key) ? words[key] : undefined;
}
