// The message catalogue's shape: for every catalogued outcome, a function from its parameters and
// the tenant it happened at to the words a person reads. `lib/copy/en.ts` is the English one; a
// second language is another file of this type, and the compiler lists what it still lacks.
import type { TOutcomeCatalogue } from "../kernel/outcome";
import type { z } from "zod";

/** What a message may name besides its parameters: the tenant, as the person sees it. */
export type TCopyContext = { tenantName?: string; supportEmail?: string | null };

type TParams<S> = S extends { params: z.ZodType<infer P> } ? P : Record<never, never>;

export type TModuleMessages<Cat extends TOutcomeCatalogue> = {
  [K in keyof Cat["codes"]]: (params: TParams<Cat["codes"][K]>, context: TCopyContext) => string;
};
