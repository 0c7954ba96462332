// The uptime bars in a real browser: every day reached by keyboard shows its text, a day leads to
// its row on the component page, nothing overflows a phone's width; screenshots of / and a
// component page at 1280 and 390 px, light and dark.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { beaconAndBrowser, widths, outputDir } from "./harness.js";

const env = beaconAndBrowser(["--title", "Acme Status", "--timezone", "America/Los_Angeles"]);

/** Presses Tab until a bar has the focus; returns how many presses it took. */
async function tabToBar(page) {
  for (let presses = 1; presses <= 80; presses++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement?.classList.contains("d"))) return presses;
  }
  throw new Error("no bar took the focus within 80 presses of Tab");
}

/** The focused bar's text as shown: its box and words. */
function shownText(page) {
  return page.evaluate(() => {
    const tip = document.activeElement.querySelector("span");
    const box = tip.getBoundingClientRect();
    return { text: tip.textContent, width: box.width, height: box.height, left: box.left, right: box.right };
  });
}

function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test("each day is reached by keyboard and shows its text, at both widths", async () => {
  for (const [name, viewport] of Object.entries(widths)) {
    const context = await env.browser.newContext({ viewport, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(env.beacon.url + "/");
    const hidden = await page.locator(".bars .d > span").first().boundingBox();
    assert.ok(hidden === null || hidden.width <= 1, "a day's text is visually hidden until its bar is focused");
    await tabToBar(page);
    const first = await shownText(page);
    assert.match(first.text, /^[A-Z][a-z]{2} \d{1,2}, \d{4}: /, `a date leads the text at ${name} width`);
    assert.ok(first.width > 100 && first.height > 10, `the text shows at ${name} width: ${JSON.stringify(first)}`);
    assert.ok(first.left >= 0 && first.right <= viewport.width, `inside the window at ${name} width`);
    // The next press reaches the next day.
    await page.keyboard.press("Tab");
    const second = await shownText(page);
    assert.notEqual(second.text, first.text);
    assert.ok((await overflow(page)) <= 0, `no sideways scrolling at ${name} width`);
    await page.screenshot({ path: join(outputDir, `uptime-focus-${viewport.width}.png`) });
    await context.close();
  }
});

test("a phone shows the last 30 days, a desktop all 90", async () => {
  for (const [viewport, shown] of [[widths.desktop, 90], [widths.phone, 30]]) {
    const context = await env.browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(env.beacon.url + "/");
    const visible = await page.locator(".bars").first().evaluate((row) =>
      [...row.children].filter((d) => d.getBoundingClientRect().width > 0).length,
    );
    assert.equal(visible, shown);
    await context.close();
  }
});

test("a day with downtime leads to its row on the component page, with JavaScript off", async () => {
  const context = await env.browser.newContext({ viewport: widths.desktop, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(env.beacon.url + "/");
  const bar = page.locator('.bars[aria-label="REST API, last 90 days"] > a.d[href*="#day-"]').first();
  const text = await bar.textContent();
  await bar.focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/components\/\d+#day-\d{4}-\d{2}-\d{2}$/);
  const row = page.locator("tr:target");
  assert.ok(await row.isVisible(), "the day's row is shown");
  const date = text.split(":")[0];
  assert.equal((await row.locator("th").textContent()).trim(), date);
  await context.close();
});

test("screenshots of / and a component page, 1280 and 390 px, light and dark", async () => {
  for (const scheme of ["light", "dark"]) {
    for (const viewport of Object.values(widths)) {
      const context = await env.browser.newContext({ viewport, colorScheme: scheme, javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(env.beacon.url + "/");
      assert.ok((await overflow(page)) <= 0, `/ fits ${viewport.width} px`);
      await page.screenshot({ path: join(outputDir, `uptime-home-${viewport.width}-${scheme}.png`), fullPage: true });
      await page.locator("a.component__name", { hasText: "REST API" }).click();
      assert.equal((await page.locator("h1").textContent()).trim(), "REST API");
      assert.ok((await overflow(page)) <= 0, `the component page fits ${viewport.width} px`);
      await page.screenshot({ path: join(outputDir, `component-${viewport.width}-${scheme}.png`), fullPage: true });
      await context.close();
    }
  }
});
