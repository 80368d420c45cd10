// What the edge refuses before any page could render: the error a plain page answers with. A leaf:
// imports nothing (the words are in lib/copy/en.ts, keyed by these names).

export type TEdgeError =
  | "bad_request"
  | "bad_address"
  | "cross_origin"
  | "wrong_host"
  | "method_not_allowed"
  | "length_required"
  | "too_large"
  | "unsupported_type"
  | "stale_action";

/** The words of one plain error page: its title, the sentence under it, and the link home. */
export type TEdgeWords = { title: string; message: string; home: string };
