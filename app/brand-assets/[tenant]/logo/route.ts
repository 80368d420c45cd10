import { getDeps } from "@/lib/next/deps";
import { findTenantLogo } from "@/lib/tenancy/branding-settings";

/**
 * A tenant's uploaded logo. Only raster types recognised by their bytes were ever stored; the
 * headers make sure a browser never treats the bytes as anything else (no sniffing, no script,
 * no sub-resources even if opened directly).
 */
export async function GET(request: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const logo = await findTenantLogo(getDeps(), (await params).tenant);
  if (!logo)
    return new Response("Not found", {
      status: 404,
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "x-content-type-options": "nosniff",
        "cache-control": "no-store",
      },
    });
  const version = new URL(request.url).searchParams.get("v");
  // A URL carrying the current hash never changes meaning, so it may be cached for good.
  const cache = version === logo.sha256.slice(0, 16) ? "public, max-age=31536000, immutable" : "public, max-age=300";
  return new Response(new Uint8Array(logo.bytes), {
    headers: {
      "content-type": logo.contentType,
      "content-length": String(logo.bytes.length),
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'",
      "cross-origin-resource-policy": "same-origin",
      "cache-control": cache,
    },
  });
}
