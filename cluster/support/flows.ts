// User journeys over HTTP, as a JavaScript-free browser walks them: open the page, fill the form,
// send it. Each returns the raw answer so tests can check exactly what a user would get.
import type { TStore } from "../../lib/db/store";
import { createUser } from "../../tests/support/test-db";
import { findForm, type TBrowser } from "./browser";
import type { TTenant } from "../../lib/tenancy/types";

/** Signs in with a password on `instance`; a 303 to the account page means a session was issued. */
export async function signIn(browser: TBrowser, instance: string, email: string, password: string) {
  const page = await browser.get(instance, "/acme/login");
  return browser.submit(instance, "/acme/login", findForm(page.html, "password"), { email, password });
}

export function isSignedInAnswer(answer: { status: number; location: string | null }): boolean {
  return answer.status === 303 && (answer.location ?? "").endsWith("/acme/account");
}

/** True when the browser's session opens the account page on `instance` (no redirect to sign-in). */
export async function opensAccount(browser: TBrowser, instance: string): Promise<boolean> {
  const page = await browser.get(instance, "/acme/account");
  return page.status === 200;
}

/** A verified acme account created through the repositories (the test's setup, not under test). */
export async function createAcmeUser(store: TStore, email: string, password: string) {
  const acme = (await store.tenants.findBySlug("acme")) as TTenant;
  const user = await createUser(store, acme, { email, password, verified: true, at: new Date() });
  return { acme, user };
}
