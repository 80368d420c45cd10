// The hash-bound limit of password sign-in: argon2id verifications per second with the app's
// parameters at a given concurrency, in a fresh Node process like the server's (same libuv thread
// pool size, since @node-rs/argon2 hashes on that pool). Prints one JSON summary line.
//   tsx scripts/bench/hash-limit.ts <concurrency> <seconds> <warmupSeconds>
import { hashPassword, verifyPassword } from "../../lib/identity/password-hasher";
import { runLoad } from "./load";

const [concurrency = 8, seconds = 5, warmupSeconds = 1] = process.argv.slice(2).map(Number);
const password = "bench password that is long enough";
const phc = await hashPassword(password);
const result = await runLoad({ concurrency, seconds, warmupSeconds }, async () => {
  if (!(await verifyPassword(phc, password))) throw new Error("verification failed");
});
console.log(JSON.stringify(result));
