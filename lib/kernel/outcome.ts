// Outcomes: what a use case answers when it does not do what was asked. Each module declares its
// codes once, in its own catalogue (`lib/<domain>/outcomes.ts`), with the HTTP status a route
// answers it with and the zod schema of its parameters. A use case returns `fail(CATALOGUE,
// "CODE", params)`; it never writes English. The words live in the message catalogue
// (`lib/copy/en.ts`), keyed by module and code, so a second language is a new file.
import type { z } from "zod";

export type THttpStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 503;

export type TOutcomeSpec = { status: THttpStatus; params?: z.ZodType<Record<string, unknown>> };

export type TOutcomeCatalogue<
  M extends string = string,
  C extends Record<string, TOutcomeSpec> = Record<string, TOutcomeSpec>,
> = {
  module: M;
  codes: C;
};

export function defineOutcomes<const M extends string, const C extends Record<string, TOutcomeSpec>>(
  module: M,
  codes: C,
): TOutcomeCatalogue<M, C> {
  return { module, codes };
}

type TParamsOf<S> = S extends { params: z.ZodType<infer P> } ? P : Record<never, never>;

/** One failure of one catalogue: `{ ok: false, module, code, status, params }`. */
export type TFailure<
  Cat extends TOutcomeCatalogue,
  K extends keyof Cat["codes"] = keyof Cat["codes"],
> = K extends string
  ? { ok: false; module: Cat["module"]; code: K; status: Cat["codes"][K]["status"]; params: TParamsOf<Cat["codes"][K]> }
  : never;

/** Any failure of any catalogue, as the message catalogue and routes see it. */
export type TAnyFailure = {
  ok: false;
  module: string;
  code: string;
  status: THttpStatus;
  params: Record<string, unknown>;
};

type TParamArgs<S> = S extends { params: z.ZodType<infer P> } ? [params: P] : [];

export function fail<Cat extends TOutcomeCatalogue, K extends keyof Cat["codes"] & string>(
  catalogue: Cat,
  code: K,
  ...args: TParamArgs<Cat["codes"][K]>
): TFailure<Cat, K> {
  const spec = catalogue.codes[code] as TOutcomeSpec;
  const params = ((args as unknown[])[0] ?? {}) as Record<string, unknown>;
  return { ok: false, module: catalogue.module, code, status: spec.status, params } as unknown as TFailure<Cat, K>;
}

/** Narrows a result to one code of its catalogue. */
export function isFailure<R extends { ok: boolean }, K extends string>(
  result: R,
  code: K,
): result is Extract<R, { ok: false; code: K }> {
  return !result.ok && (result as unknown as { code?: string }).code === code;
}
