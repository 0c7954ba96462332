// The public page in a real browser: complete with JavaScript off, clean with it on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { beaconAndBrowser, watchErrors, widths, outputDir } from "./harness.js";

const env = beaconAndBrowser(["--title", "Acme Status", "--timezone", "America/Los_Angeles"]);

test("with JavaScript off, / shows the banner, the components and the active incident", async () => {
  for (const [name, viewport] of Object.entries(widths)) {
    const context = await env.browser.newContext({ javaScriptEnabled: false, viewport });
    const page = await context.newPage();
    const res = await page.goto(env.beacon.url + "/");
    assert.equal(res.status(), 200);
    const banner = page.locator("h1.banner__text");
    assert.equal((await banner.textContent()).trim(), "Partial System Outage");
    assert.ok(await banner.isVisible());
    // The degraded group is open, so its members show without a click.
    for (const component of ["REST API", "Webhooks", "Dashboard", "Developer APIs", "Data Platform"]) {
      const row = page.locator(".component__name", { hasText: component }).first();
      assert.ok(await row.isVisible(), `${component} is visible at ${name} width`);
    }
    const incident = page.locator("#active-incidents ~ article .incident__title");
    assert.equal((await incident.textContent()).trim(), "Delayed webhook deliveries");
    assert.ok(await incident.isVisible());
    const scripts = await page.locator("script").evaluateAll((all) => all.map((s) => s.getAttribute("src")));
    assert.equal(scripts.length, 1, "one small script, for live updates");
    assert.match(scripts[0], /^\/live\.js\?v=/);
    // The page fits the viewport: no sideways scrolling.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal overflow at ${name} width (got ${overflow}px)`);
    await page.screenshot({ path: join(outputDir, `home-${viewport.width}.png`), fullPage: true });
    await context.close();
  }
});

test("with JavaScript on, the public pages log no console error", async () => {
  const context = await env.browser.newContext({ viewport: widths.desktop });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.beacon.url + "/", { waitUntil: "networkidle" });
  const href = await page.locator("#active-incidents ~ article .incident__title a").getAttribute("href");
  await page.goto(env.beacon.url + href, { waitUntil: "networkidle" });
  assert.equal((await page.locator("h1").textContent()).trim(), "Delayed webhook deliveries");
  await page.goto(env.beacon.url + "/history", { waitUntil: "networkidle" });
  assert.ok((await page.locator(".history-item").count()) >= 5);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the dark scheme renders the same page", async () => {
  const context = await env.browser.newContext({ viewport: widths.phone, colorScheme: "dark" });
  const page = await context.newPage();
  await page.goto(env.beacon.url + "/");
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, "rgb(13, 17, 23)");
  await page.screenshot({ path: join(outputDir, "home-390-dark.png"), fullPage: true });
  await context.close();
});

test("an incident page with its postmortem, at both widths", async () => {
  for (const viewport of Object.values(widths)) {
    const context = await env.browser.newContext({ javaScriptEnabled: false, viewport });
    const page = await context.newPage();
    await page.goto(env.beacon.url + "/history");
    await page.locator(".history-item__title", { hasText: "Elevated API error rates" }).click();
    assert.ok(await page.locator(".postmortem").isVisible());
    await page.screenshot({ path: join(outputDir, `incident-${viewport.width}.png`), fullPage: true });
    await context.close();
  }
});
