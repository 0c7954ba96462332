// Showing the status on another site: the /embed widget in an iframe and the README's JSON snippet,
// both on a page of another origin; the other public pages refuse to be framed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { beaconAndBrowser, watchErrors, widths, outputDir } from "./harness.js";

const env = beaconAndBrowser(["--title", "Acme Status"]);
const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "..", "README.md"), "utf8");

/** The README's snippet, exactly as documented (the code block after its marker). */
function documentedSnippet() {
  const after = readme.split("<!-- status-snippet -->")[1];
  const match = after && after.match(/```html\n([\s\S]*?)```/);
  assert.ok(match, "README.md has the status snippet after its marker");
  return match[1];
}

let host; // another origin: a plain page embedding Beacon
before(async () => {
  host = createServer((req, res) => {
    const beacon = env.beacon.url;
    const snippet = documentedSnippet().replaceAll("https://status.example.com", beacon);
    const body = `<!DOCTYPE html><html><head><title>Shop</title></head><body>
      <h1>Our shop</h1>
      <iframe id="widget" src="${beacon}/embed" title="Acme status" width="360" height="140" style="border: 0"></iframe>
      <iframe id="page" src="${beacon}/" title="not embeddable" width="360" height="140"></iframe>
      ${snippet}</body></html>`;
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(body);
  });
  await new Promise((resolve) => host.listen(0, "127.0.0.1", resolve));
});
after(() => host?.close());

test("another site shows the widget in an iframe and the status from the documented snippet", async () => {
  const expected = await (await fetch(env.beacon.url + "/api/v2/status.json")).json();
  for (const [name, viewport] of Object.entries(widths)) {
    for (const colorScheme of ["light", "dark"]) {
      const context = await env.browser.newContext({ viewport, colorScheme });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`http://127.0.0.1:${host.address().port}/`, { waitUntil: "networkidle" });

      const widget = page.frameLocator("#widget");
      await widget.locator(".widget__status").waitFor();
      assert.equal((await widget.locator(".widget__status").textContent()).trim(), expected.status.description);
      const incident = widget.locator(".widget__list a").first();
      assert.equal((await incident.textContent()).trim(), "Delayed webhook deliveries");
      assert.equal(await incident.getAttribute("target"), "_blank");
      assert.match(await incident.getAttribute("href"), new RegExp(`^${env.beacon.url}/incidents/\\d+$`));

      const link = page.locator("#status");
      await page.waitForFunction(() => document.getElementById("status").dataset.indicator);
      assert.equal((await link.textContent()).trim(), expected.status.description);
      assert.equal(await link.getAttribute("data-indicator"), expected.status.indicator);

      // The status page itself refuses to be framed: its frame stays empty.
      const framed = page.frames().find((f) => f.url().startsWith(env.beacon.url + "/") && !f.url().endsWith("/embed"));
      const framedBanner = framed ? await framed.locator("h1.banner__text").count() : 0;
      assert.equal(framedBanner, 0, "the status page is not shown inside another site");
      // Only the refused frame may complain; the widget and the snippet run cleanly.
      assert.deepEqual(errors.filter((e) => !/frame|X-Frame-Options|frame-ancestors/i.test(e)), []);
      await page.locator("#widget").screenshot({ path: join(outputDir, `embed-${viewport.width}-${colorScheme}.png`) });
      await context.close();
    }
  }
});
