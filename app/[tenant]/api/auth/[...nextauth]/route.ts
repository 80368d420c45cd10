import type { NextRequest } from "next/server";
import { handleFederationRequest } from "@/lib/next/federation";

type TContext = { params: Promise<{ tenant: string; nextauth: string[] }> };

/** next-auth's enterprise sign-in callback; every other next-auth route answers 404 (lib/next/federation.ts). */
async function handle(request: NextRequest, { params }: TContext): Promise<Response> {
  const { tenant, nextauth } = await params;
  return handleFederationRequest(request, tenant, nextauth);
}

export const GET = handle;
export const POST = handle;
