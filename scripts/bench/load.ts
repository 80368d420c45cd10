// A closed-loop load generator: `concurrency` workers each run one operation after another for a
// warm-up (discarded) and then the measured window. An operation that throws counts as an error.
import { performance } from "node:perf_hooks";
import { summarise, type TSummary } from "./stats";

export type TLoadOptions = { concurrency: number; seconds: number; warmupSeconds: number };

export async function runLoad(
  options: TLoadOptions,
  operation: (worker: number, iteration: number) => Promise<void>,
): Promise<TSummary & { firstError?: string }> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const measureFrom = start + options.warmupSeconds * 1000;
  const end = measureFrom + options.seconds * 1000;
  const worker = async (index: number) => {
    for (let iteration = 0; performance.now() < end; iteration++) {
      const began = performance.now();
      try {
        await operation(index, iteration);
        const done = performance.now();
        if (began >= measureFrom && done <= end) latencies.push(done - began);
      } catch (error) {
        if (began >= measureFrom) errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => worker(i)));
  const summary = summarise(latencies, errors, options.seconds);
  return firstError ? { ...summary, firstError } : summary;
}
