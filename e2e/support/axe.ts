import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/**
 * Runs axe (WCAG 2.2 AA and best practice) on the page as it stands. A page that is still settling
 * after a server action (a refresh in flight, a pending button dimmed on purpose) is checked again
 * a few times; a violation that is still there after 10 seconds fails the test with the list.
 */
export async function expectNoViolations(page: Page, label: string) {
  await page.waitForLoadState("networkidle");
  await expect(async () => {
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    expect(summary, `axe violations on ${label}`).toEqual([]);
  }).toPass({ intervals: [500, 1_000, 2_000], timeout: 10_000 });
}
