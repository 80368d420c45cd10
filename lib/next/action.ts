import "server-only";
import { randomUUID } from "node:crypto";
import { unstable_rethrow } from "next/navigation";
import { isDatabaseUnavailable } from "../db/errors";
import type { TTenant } from "../db/store";
import type { TFormState } from "./form-state";
import { findTenant } from "./tenant";

export type { TFormState };

export function formString(formData: FormData, name: string, max = 4096): string {
  const value = formData.get(name);
  return typeof value === "string" ? value.slice(0, max) : "";
}

export async function tenantFromForm(formData: FormData): Promise<TTenant | null> {
  return findTenant(formString(formData, "tenant", 64));
}

/**
 * Wraps a form action: unexpected failures become a calm message with a reference instead of a
 * 500 and a stack trace (the detail goes to the server log), while Next's redirects pass through,
 * and so does an unreachable database (answered 503 by the server).
 */
export function formAction(handler: (formData: FormData) => Promise<TFormState>) {
  return async (_previous: TFormState, formData: FormData): Promise<TFormState> => {
    try {
      return await handler(formData);
    } catch (error) {
      unstable_rethrow(error);
      // An unreachable database is not "something went wrong" with this form: the request ends
      // as a whole, and the server answers it with its 503 page (scripts/serve.ts).
      if (isDatabaseUnavailable(error)) throw error;
      const reference = randomUUID().slice(0, 8);
      console.error(`[action ${reference}]`, error instanceof Error ? `${error.name}: ${error.message}` : "unknown error");
      return { status: "error", message: `Something went wrong on our side (reference ${reference}). Please try again.` };
    }
  };
}
