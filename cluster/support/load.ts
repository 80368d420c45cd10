// Steady load for the fault tests: a few workers, each sending one request after another until
// told to stop, every answer recorded with when it was sent and when it came back.
import { createBrowser, findForm, type TForm } from "./browser";

export const LOAD_PASSWORD = "violet tractor snowfall lemon";

export type TSample = {
  kind: string;
  startedAt: number;
  endedAt: number;
  /** HTTP status, or 0 when no answer came (connection refused or reset). */
  status: number;
  location: string | null;
  body: string;
  /** For sign-ups: the address signed up; for sign-ins, the browser that holds the new session. */
  email?: string;
  browser?: ReturnType<typeof createBrowser>;
};

export type TLoad = { samples: TSample[]; stop(): Promise<void> };

/** Runs `workers` loops of `task` until stop(); each sample is kept. */
export function startLoad(
  workers: {
    kind: string;
    count: number;
    task: (n: number) => Promise<Omit<TSample, "kind" | "startedAt" | "endedAt">>;
  }[],
): TLoad {
  const samples: TSample[] = [];
  let running = true;
  let n = 0;
  const loops = workers.flatMap(({ kind, count, task }) =>
    Array.from({ length: count }, async () => {
      while (running) {
        const startedAt = Date.now();
        const result = await task(n++).catch((): Omit<TSample, "kind" | "startedAt" | "endedAt"> => ({
          status: 0,
          location: null,
          body: "",
        }));
        samples.push({ kind, startedAt, endedAt: Date.now(), ...result });
        // Without a server to answer, a loop would spin on refused connections.
        if (result.status === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }),
  );
  return {
    samples,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** The sign-up form's fields (its server action reference), read once: it is the same for every visitor. */
export async function signUpForm(instance: string, publicOrigin: string): Promise<TForm> {
  const page = await createBrowser(publicOrigin).get(instance, "/acme/signup");
  return findForm(page.html, "confirmPassword");
}

/** One sign-up from a fresh browser at its own address (sign-ups are limited per address). */
export async function signUpOnce(instance: () => string, publicOrigin: string, form: TForm, email: string) {
  const browser = createBrowser(publicOrigin);
  const response = await browser.submit(instance(), "/acme/signup", form, {
    email,
    password: LOAD_PASSWORD,
    confirmPassword: LOAD_PASSWORD,
    displayName: "",
  });
  return { status: response.status, location: response.location, body: response.html, email };
}

/** A sign-up the app acknowledged: the form answered with its "check your inbox" redirect. */
export function isAcknowledgedSignUp(sample: Pick<TSample, "status" | "location">): boolean {
  return sample.status === 303 && (sample.location ?? "").includes("/acme/signup?sent=1");
}

/** Traces of a stack or of internals in a response body: none may ever reach a client. */
export function leaksInternals(body: string): boolean {
  return /\bat \S+ \(|node_modules|Prisma|PrismaClient|ECONNREFUSED|\.ts:\d+/.test(body);
}
