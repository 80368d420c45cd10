// Pure helpers for the benchmark: latency percentiles and throughput summaries.

/** The p-th percentile (0–100) by the nearest-rank method; NaN for no samples. `sorted` must be ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (p <= 0) return sorted[0]!;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

export type TSummary = {
  /** Completed operations in the measured window. */
  count: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
};

const round = (value: number, digits = 2) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);

/** Summarises latencies (milliseconds) of operations completed in `seconds`. */
export function summarise(latenciesMs: readonly number[], errors: number, seconds: number): TSummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    errors,
    seconds: round(seconds, 3),
    perSecond: round(sorted.length / seconds, 1),
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? Number.NaN),
  };
}

/** a ÷ b rounded for a report; NaN when b is not positive. */
export function ratio(a: number, b: number): number {
  return b > 0 ? round(a / b, 3) : Number.NaN;
}
