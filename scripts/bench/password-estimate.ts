// The CPU cost of checking one new password (the rules and the zxcvbn-ts estimate): it runs on the
// event loop for every sign-up, reset, change and staff set-up. Typical passphrases and the worst
// inputs found (long repeated keyboard, digit and l33t patterns, which the estimator's matchers
// explore the most), each timed over several runs after a warm-up. Prints one JSON line per input.
//   tsx scripts/bench/password-estimate.ts [runs]
import { performance } from "node:perf_hooks";

const started = performance.now();
const { checkPassword } = await import("../../lib/identity/password-policy");
const loadMs = performance.now() - started;
const runs = Number(process.argv[2] ?? 15);
const inputs: Record<string, string> = {
  "passphrase (28)": "correct horse battery staple",
  "passphrase (64)": "granite meadow ferry quartz willow embers saffron hollow tundras",
  "repeated keyboard walk (256)": "1qaz2wsx".repeat(32),
  "repeated digits (256)": "8302746195".repeat(26).slice(0, 256),
  "repeated l33t (256)": "p@ssw0rd".repeat(32),
  "repeated dates (256)": "19871012".repeat(32),
  "words (256)": "amber canyon pilot orchid thunder velvet ".repeat(7).slice(0, 256),
};
const context = {
  email: "margaret.hamilton@example.com",
  name: "Margaret Hamilton",
  tenantSlug: "acme",
  tenantName: "Acme Rockets",
};
console.log(JSON.stringify({ step: "load dictionaries", ms: Math.round(loadMs) }));
for (const [label, password] of Object.entries(inputs)) {
  checkPassword(password, { minLength: 15 }, context);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    checkPassword(password, { minLength: 15 }, context);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Number((times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(1));
  console.log(JSON.stringify({ input: label, runs, medianMs: at(0.5), maxMs: at(1) }));
}
