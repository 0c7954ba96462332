// The public pages by axe-core (npm axe-core, WCAG 2.x A and AA rules) in Chromium: 0 violations at
// 1280 and 390 px, in the light and the dark scheme.
import { test } from "node:test";
import assert from "node:assert/strict";
import { axeViolations, beaconAndBrowser, widths } from "./harness.js";

const env = beaconAndBrowser(["--title", "Acme Status"]);

const PUBLIC_PAGES = [
  "/",
  "/incidents/1",
  "/maintenance/1",
  "/components/1",
  "/history",
  "/history/components/1",
  "/subscribe",
  "/embed",
  "/?lang=ar",
  "/history?lang=ja",
];

test("the public pages have no accessibility violations, light and dark, wide and narrow", async () => {
  const found = [];
  for (const [name, viewport] of Object.entries(widths)) {
    for (const colorScheme of ["light", "dark"]) {
      // The pages allow no inline script; axe comes in as one, so this context sets their policy aside.
      const context = await env.browser.newContext({ viewport, colorScheme, bypassCSP: true });
      const page = await context.newPage();
      for (const path of PUBLIC_PAGES) {
        const res = await page.goto(env.beacon.url + path);
        assert.equal(res.status(), 200, path);
        for (const v of await axeViolations(page)) found.push(`${path} at ${name}, ${colorScheme}: ${v}`);
      }
      await context.close();
    }
  }
  assert.deepEqual(found, []);
});
