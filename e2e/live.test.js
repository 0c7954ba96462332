// The live page in a real browser: an open status page shows a new incident within seconds,
// without reloading, when it is opened through the write API.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { beaconAndBrowser, beaconCli, watchErrors, widths, outputDir } from "./harness.js";

const env = beaconAndBrowser();

test("an open page shows a new incident within seconds, without a reload", async () => {
  const token = beaconCli(["token", "add", "--name", "e2e", "--role", "editor", "--database-url", env.beacon.database]);
  const context = await env.browser.newContext({ viewport: widths.desktop });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.beacon.url + "/");
  await page.waitForLoadState("networkidle");
  await page.evaluate(() => (window.stillTheSamePage = true));

  const started = Date.now();
  const reply = await fetch(env.beacon.url + "/api/v1/incidents", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Live: search is slow", status: "investigating", impact: "minor", body: "Looking into it." }),
  });
  assert.equal(reply.status, 201);
  const title = page.locator(".incident__title", { hasText: "Live: search is slow" }).first();
  await title.waitFor({ timeout: 5000 });
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 5000, `shown after ${elapsed} ms`);
  assert.equal(await page.evaluate(() => window.stillTheSamePage), true, "the page was not reloaded");
  await page.screenshot({ path: join(outputDir, "home-live-update.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});
