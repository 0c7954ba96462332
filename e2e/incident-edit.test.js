// The console's incident details form in a real browser: an editor fixes an open incident's title,
// raises its impact, moves its start and changes the components it concerns; the public page and
// API v2 show the change at once. Screenshots of the form at desktop and phone widths.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { beaconAndBrowser, signIn, watchErrors, widths, outputDir } from "./harness.js";

const editor = { email: "eve@example.com", password: "correct horse battery", role: "editor" };
const env = beaconAndBrowser(["--timezone", "UTC"], [editor]);

test("an editor edits an incident's title, impact, start and components", async () => {
  const url = env.beacon.url;
  const open = await (await fetch(url + "/api/v2/incidents/unresolved.json")).json();
  const id = open.incidents[0].id;
  const context = await env.browser.newContext({ viewport: widths.desktop });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await signIn(page, url, editor);
  await page.goto(`${url}/admin/incidents/${id}`);
  await page.waitForLoadState("networkidle");
  await page.click("nav.tabs >> text=Details and deletion");
  await page.waitForURL(`${url}/admin/incidents/${id}/details`);
  await page.waitForLoadState("networkidle");
  await page.fill("#edit-title", "Webhook deliveries delayed (fixed title)");
  await page.selectOption("#edit-impact", "critical");
  await page.fill("#edit-started", "2019-03-04T09:00");
  const boxes = page.locator("fieldset.choices input[type=checkbox]");
  assert.ok((await boxes.count()) > 1, "one box per component");
  const first = boxes.first();
  const wasChecked = await first.isChecked();
  await first.setChecked(!wasChecked);
  await page.screenshot({ path: join(outputDir, "admin-incident-edit-1280.png"), fullPage: true });
  await page.setViewportSize(widths.phone);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, "no horizontal overflow at 390 px");
  await page.screenshot({ path: join(outputDir, "admin-incident-edit-390.png"), fullPage: true });
  await page.setViewportSize(widths.desktop);

  await page.click("text=Save details");
  await page.locator("h1", { hasText: "Webhook deliveries delayed (fixed title)" }).waitFor();
  assert.equal(page.url(), `${url}/admin/incidents/${id}`, "saved, back at the incident's updates");
  await page.locator("[role=status] .announce__text", { hasText: "Incident details saved." }).waitFor();
  assert.equal(await page.locator("p.error").count(), 0);

  const v2 = await (await fetch(`${url}/api/v2/incidents/${id}.json`)).json();
  assert.equal(v2.incident.name, "Webhook deliveries delayed (fixed title)");
  assert.equal(v2.incident.impact, "critical");
  assert.equal(new Date(v2.incident.started_at).toISOString(), "2019-03-04T09:00:00.000Z");
  const html = await (await fetch(`${url}/incidents/${id}`)).text();
  assert.match(html, /Webhook deliveries delayed \(fixed title\)/);
  assert.deepEqual(errors, []);
  await context.close();
});
