// Types shared by every repository file. A leaf: it imports only the generated client's types.
import type { PrismaClient } from "./generated/sqlite/client";

type TPrismaTx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** The client or the transaction a repository runs its queries on. */
export type TDb = PrismaClient | TPrismaTx;
