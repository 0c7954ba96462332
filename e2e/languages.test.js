// The public pages in the visitor's language, in Chromium: Arabic right to left at 1280 and 390 px,
// light and dark (screenshots in e2e/output/ to look at), its uptime bars running from the right
// (oldest) to the left (today); the footer's switch works without JavaScript and is remembered;
// a Japanese browser gets Japanese, and the local-time switch speaks it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { beaconAndBrowser, watchErrors, widths, outputDir } from "./harness.js";

const env = beaconAndBrowser(["--title", "Acme Status"]);

test("Arabic reads right to left, wide and narrow, light and dark", async () => {
  for (const [name, viewport] of Object.entries(widths)) {
    for (const colorScheme of ["light", "dark"]) {
      const context = await env.browser.newContext({ viewport, colorScheme });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(env.beacon.url + "/?lang=ar");
      assert.equal(await page.getAttribute("html", "dir"), "rtl");
      assert.equal(await page.getAttribute("html", "lang"), "ar");
      // The brand (the start of the header) is on the right, the navigation on the left.
      const brand = await page.locator(".brand").boundingBox();
      const nav = await page.locator(".site-header nav").boundingBox();
      assert.ok(brand.x > nav.x, `brand at ${brand.x}, navigation at ${nav.x}`);
      // A row of bars: the oldest day on the right, today on the left.
      const [oldest, today] = await page.locator(".bars").first().evaluate((row) => {
        const shown = [...row.querySelectorAll(".d")].map((d) => d.getBoundingClientRect()).filter((r) => r.width > 0);
        return [shown[0].x, shown[shown.length - 1].x];
      });
      assert.ok(oldest > today, `oldest day at ${oldest}, today at ${today}`);
      // An incident's coloured edge is on its start side: the right.
      const card = page.locator("article.incident").first();
      const edge = await card.evaluate((el) => getComputedStyle(el).borderRightWidth);
      assert.equal(edge, "4px");
      await page.screenshot({ path: join(outputDir, `arabic-${name}-${colorScheme}.png`), fullPage: true });
      assert.deepEqual(errors, []);
      await context.close();
    }
  }
});

test("the footer's languages work without JavaScript and the choice is remembered", async () => {
  const context = await env.browser.newContext({ viewport: widths.desktop, javaScriptEnabled: false, locale: "en-US" });
  const page = await context.newPage();
  await page.goto(env.beacon.url + "/");
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await page.locator(".languages a[hreflang=de]").click();
  assert.equal(await page.getAttribute("html", "lang"), "de");
  assert.equal(await page.locator(".languages [aria-current]").textContent(), "Deutsch");
  await page.goto(env.beacon.url + "/history");
  assert.equal(await page.getAttribute("html", "lang"), "de", "the cookie keeps the choice");
  await context.close();
});

test("a Japanese browser reads Japanese, and its local-time switch speaks it", async () => {
  const context = await env.browser.newContext({ viewport: widths.phone, locale: "ja-JP", timezoneId: "Asia/Tokyo" });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.beacon.url + "/");
  assert.equal(await page.getAttribute("html", "lang"), "ja");
  const toggle = page.locator(".zone-switch");
  const label = await toggle.textContent();
  assert.ok(label.includes("Asia/Tokyo") && !label.includes("Show"), label);
  await toggle.click();
  const times = await page.$$eval("main time[datetime*='T']", (all) => all.map((t) => [t.getAttribute("datetime"), t.textContent]));
  assert.ok(times.length > 0);
  for (const [iso, text] of times) {
    const expected = new Intl.DateTimeFormat("ja", {
      timeZone: "Asia/Tokyo", month: "short", day: "2-digit", year: "numeric",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short",
    }).format(new Date(iso));
    assert.equal(text, expected);
  }
  await page.screenshot({ path: join(outputDir, "japanese-local-time-phone.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});
