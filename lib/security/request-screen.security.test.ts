import { describe, expect, it } from "vitest";
import { BODY_LIMIT_BYTES, isServerActionRequest, screenRequest, type TRequestHead } from "./request-screen";

const head = (over: Partial<TRequestHead> & { headers?: TRequestHead["headers"] } = {}): TRequestHead => ({
  method: "POST",
  url: "/acme/login",
  routeHandler: false,
  ...over,
  headers: { "content-length": "10", ...over.headers },
});

describe("malformed requests are refused with a 4xx before Next.js can answer them with a 500", () => {
  it("refuses TRACE and every method the portal does not use (405, with Allow)", () => {
    for (const method of ["TRACE", "TRACK", "PUT", "DELETE", "PATCH", "PROPFIND", "FOO"]) {
      const refused = screenRequest(head({ method }));
      expect(refused, method).toMatchObject({ status: 405, error: "method_not_allowed" });
      expect(refused?.headers?.allow).toBe("GET, HEAD, POST, OPTIONS");
    }
  });

  it("refuses a path whose percent-encoding does not decode, on every path (/brand-assets/%ff/logo too)", () => {
    for (const url of ["/brand-assets/%ff/logo", "/%E0%A4%A/login", "/_next/static/%c0", "/acme/%"]) {
      expect(screenRequest(head({ method: "GET", url }))?.status, url).toBe(400);
    }
    expect(screenRequest(head({ method: "GET", url: "/acme/login?returnTo=%ff" }))).toBeNull();
  });

  it("refuses bodies over 1 MB (413) and bodies of unstated length (411)", () => {
    expect(screenRequest(head({ headers: { "content-length": String(BODY_LIMIT_BYTES + 1) } }))?.status).toBe(413);
    expect(
      screenRequest(
        head({ routeHandler: true, url: "/api/acme/passkeys/login", headers: { "content-length": "5000000" } }),
      )?.status,
    ).toBe(413);
    expect(screenRequest(head({ headers: { "transfer-encoding": "chunked", "content-length": undefined } }))).toEqual({
      status: 411,
      error: "length_required",
    });
    expect(screenRequest(head({ headers: { "content-length": String(BODY_LIMIT_BYTES + 1) } }))).toEqual({
      status: 413,
      error: "too_large",
    });
    expect(screenRequest(head({ headers: { "content-length": "-1" } }))).toEqual({ status: 400, error: "bad_request" });
    expect(screenRequest(head({ method: "GET", url: "/acme/%" }))).toEqual({ status: 400, error: "bad_address" });
    expect(
      screenRequest(
        head({
          headers: { "content-length": String(BODY_LIMIT_BYTES), "content-type": "multipart/form-data; boundary=x" },
        }),
      ),
    ).toBeNull();
  });

  it("refuses a multipart server-action post without a boundary", () => {
    expect(screenRequest(head({ headers: { "content-type": "multipart/form-data" } }))?.status).toBe(400);
    expect(
      screenRequest(head({ headers: { "content-type": "multipart/form-data; charset=utf-8", "next-action": "x" } }))
        ?.status,
    ).toBe(400);
    expect(
      screenRequest(head({ headers: { "content-type": "multipart/form-data; boundary=----WebKitFormBoundaryAbC" } })),
    ).toBeNull();
    expect(screenRequest(head({ headers: { "content-type": 'multipart/form-data; boundary="a b"' } }))).toBeNull();
  });

  it("refuses a server action sent as JSON or any other type the React client never uses (415)", () => {
    for (const type of ["application/json", "application/xml", "image/png", undefined]) {
      expect(screenRequest(head({ headers: { "content-type": type, "next-action": "7f99" } })), String(type)).toEqual({
        status: 415,
        error: "unsupported_type",
      });
    }
    expect(
      screenRequest(head({ headers: { "content-type": "text/plain;charset=UTF-8", "next-action": "7f99" } })),
    ).toBeNull();
    expect(screenRequest(head({ headers: { "content-type": "application/x-www-form-urlencoded" } }))).toBeNull();
  });

  it("lets JSON through to route handlers, and every ordinary GET", () => {
    expect(
      screenRequest(
        head({ routeHandler: true, url: "/api/acme/passkeys/login", headers: { "content-type": "application/json" } }),
      ),
    ).toBeNull();
    expect(screenRequest({ method: "GET", url: "/acme/login", headers: {}, routeHandler: false })).toBeNull();
    expect(screenRequest({ method: "HEAD", url: "/api/health", headers: {}, routeHandler: true })).toBeNull();
  });

  it("knows a server-action request as Next.js does: a Next-Action header, or a form post to a page", () => {
    expect(isServerActionRequest(head({ headers: { "next-action": "x", "content-type": "text/plain" } }))).toBe(true);
    expect(isServerActionRequest(head({ headers: { "content-type": "multipart/form-data; boundary=x" } }))).toBe(true);
    expect(isServerActionRequest(head({ headers: { "content-type": "application/x-www-form-urlencoded" } }))).toBe(
      true,
    );
    expect(
      isServerActionRequest(
        head({ routeHandler: true, headers: { "content-type": "multipart/form-data; boundary=x" } }),
      ),
    ).toBe(false);
    expect(isServerActionRequest(head({ method: "GET", headers: { "next-action": "x" } }))).toBe(false);
    expect(isServerActionRequest(head({ headers: { "content-type": "application/json" } }))).toBe(false);
  });
});
