import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "@/lib/config/env";
import { getDeps } from "@/lib/next/deps";
import { getRequestMeta } from "@/lib/next/request";
import { clearSessionCookie, getAuth } from "@/lib/next/session";
import { findTenant } from "@/lib/next/tenant";
import { signOut } from "@/lib/account/revoke-session";

type TContext = { params: Promise<{ tenant: string }> };

/** Sign-out is a POST (a link or prefetch must not sign anyone out); the proxy has checked the Origin. */
export async function POST(_request: NextRequest, { params }: TContext) {
  const tenant = await findTenant((await params).tenant);
  if (!tenant) return new NextResponse("Not found", { status: 404 });
  const auth = await getAuth(tenant);
  if (auth) await signOut(getDeps(), tenant, auth.session, await getRequestMeta());
  await clearSessionCookie(tenant);
  return NextResponse.redirect(new URL(`/${tenant.slug}/login?notice=signed-out`, getConfig().baseUrl), 303);
}

export async function GET(_request: NextRequest, { params }: TContext) {
  const tenant = await findTenant((await params).tenant);
  if (!tenant) return new NextResponse("Not found", { status: 404 });
  return NextResponse.redirect(new URL(`/${tenant.slug}/account`, getConfig().baseUrl), 303);
}
