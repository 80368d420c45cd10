import { describe, expect, it } from "vitest";
import { BAD_REQUEST, CROSS_ORIGIN, plainErrorPage, STALE_ACTION, WRONG_HOST } from "../security/error-page";
import { screenRequest } from "../security/request-screen";
import type { TEdgeError } from "../security/types";
import { edgeWords } from "./edge";

describe("the edge's plain error pages", () => {
  it("word each refusal by its error name, with the page's title, sentence and link home", () => {
    const refused = screenRequest({ method: "TRACE", url: "/acme/login", headers: {}, routeHandler: false });
    expect(refused?.error).toBe("method_not_allowed");
    expect(edgeWords(refused!.error)).toEqual({
      title: "Method not allowed",
      message: "This portal does not answer that kind of request.",
      home: "Go to the Portico home page",
    });
    expect(edgeWords(CROSS_ORIGIN.error).message).toBe(
      "Cross-origin request refused: forms can only be sent from this portal's own pages. Reload the page and try again.",
    );
    expect(edgeWords(STALE_ACTION.error).title).toBe("This page has changed");
    expect(edgeWords(WRONG_HOST.error).title).toBe("Bad request");
  });

  it("have words for every error, and the page escapes them", () => {
    const errors: TEdgeError[] = [
      "bad_request",
      "bad_address",
      "cross_origin",
      "wrong_host",
      "method_not_allowed",
      "length_required",
      "too_large",
      "unsupported_type",
      "stale_action",
    ];
    for (const error of errors) expect(edgeWords(error).title.length, error).toBeGreaterThan(0);
    const page = plainErrorPage(edgeWords(BAD_REQUEST.error));
    expect(page).toContain("<h1>Bad request</h1>");
    expect(page).toContain(
      "<p>The request could not be understood, so nothing was changed. Go back, reload the page and try again.</p>",
    );
    expect(page).toContain('<a href="/">Go to the Portico home page</a>');
    expect(plainErrorPage({ title: "<b>", message: "a & b", home: "x" })).toContain("<h1>&lt;b&gt;</h1>");
  });
});
