import { describe, expect, it } from "vitest";
import { listenHostFor } from "./env";

describe("the address npm start listens on", () => {
  it("is loopback only when no base URL is configured (the local default)", () => {
    expect(listenHostFor({})).toBe("127.0.0.1");
    expect(listenHostFor({ PORTICO_LISTEN_HOST: "" })).toBe("127.0.0.1");
  });

  it("is every interface once a deployment sets its base URL", () => {
    expect(listenHostFor({ PORTICO_BASE_URL: "https://login.example.com" })).toBeUndefined();
  });

  it("is PORTICO_LISTEN_HOST whenever it is set", () => {
    expect(listenHostFor({ PORTICO_LISTEN_HOST: "0.0.0.0" })).toBe("0.0.0.0");
    expect(listenHostFor({ PORTICO_LISTEN_HOST: "10.0.0.5", PORTICO_BASE_URL: "https://login.example.com" })).toBe(
      "10.0.0.5",
    );
  });
});
