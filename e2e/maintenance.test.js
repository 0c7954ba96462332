// The maintenance page and one component's history in a real browser, with JavaScript off: the
// home page's card leads to the page, the history's filter form works by itself, and both fit a
// phone and a desktop, light and dark (screenshots in e2e/output/).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { beaconAndBrowser, widths, outputDir } from "./harness.js";

const env = beaconAndBrowser(["--title", "Acme Status", "--timezone", "America/Los_Angeles"]);
const schemes = ["light", "dark"];

async function noSidewaysScroll(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${what}: no horizontal overflow (got ${overflow}px)`);
}

test("the home page's maintenance card leads to the window's page", async () => {
  for (const colorScheme of schemes) {
    for (const viewport of Object.values(widths)) {
      const context = await env.browser.newContext({ javaScriptEnabled: false, viewport, colorScheme });
      const page = await context.newPage();
      await page.goto(env.beacon.url + "/");
      await page.locator("#maintenance ~ article .incident__title a").click();
      assert.match(page.url(), /\/maintenance\/\d+$/);
      assert.equal((await page.locator("h1").textContent()).trim(), "Database upgrade for the data platform");
      assert.equal((await page.locator(".incident-meta .state").textContent()).trim(), "Scheduled");
      assert.equal(await page.locator(".incident-meta__times time").count(), 2);
      assert.match(await page.locator(".incident-meta__times").textContent(), /P[DS]T – .* P[DS]T/);
      assert.ok(await page.locator(".maintenance__components").isVisible());
      await noSidewaysScroll(page, `maintenance page at ${viewport.width}px, ${colorScheme}`);
      const suffix = colorScheme === "dark" ? "-dark" : "";
      await page.screenshot({ path: join(outputDir, `maintenance-${viewport.width}${suffix}.png`), fullPage: true });
      await context.close();
    }
  }
});

test("the history's filter form shows one component's history without JavaScript", async () => {
  for (const colorScheme of schemes) {
    for (const viewport of Object.values(widths)) {
      const context = await env.browser.newContext({ javaScriptEnabled: false, viewport, colorScheme });
      const page = await context.newPage();
      await page.goto(env.beacon.url + "/history");
      await page.selectOption("#history-component", { label: "Data Pipeline" });
      await page.locator(".history-filter button").click();
      await page.waitForURL(/\/history\/components\/\d+$/);
      assert.equal((await page.locator("h1").textContent()).trim(), "History of Data Pipeline");
      const titles = (await page.locator(".history-item__title").allTextContents()).map((t) => t.trim());
      assert.deepEqual(titles, ["Database upgrade for the data platform", "Processing delays in the data pipeline"]);
      assert.equal(await page.locator(".history-item--maintenance .kind").textContent(), "Maintenance");
      assert.equal(await page.locator("#history-component option:checked").textContent(), "Data Pipeline");
      await noSidewaysScroll(page, `filtered history at ${viewport.width}px, ${colorScheme}`);
      const suffix = colorScheme === "dark" ? "-dark" : "";
      await page.screenshot({ path: join(outputDir, `history-component-${viewport.width}${suffix}.png`), fullPage: true });
      await context.close();
    }
  }
});
