import { handleOidcRequest } from "@/lib/next/oidc";

type TContext = { params: Promise<{ tenant: string; path?: string[] }> };

/** The tenant's OpenID Provider: discovery, JWKS, authorization, token, userinfo, revocation, introspection, logout. */
async function handle(request: Request, { params }: TContext): Promise<Response> {
  const { tenant, path } = await params;
  return handleOidcRequest(request, tenant, path ?? []);
}

export const GET = handle;
export const POST = handle;
export const OPTIONS = handle;
