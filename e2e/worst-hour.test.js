// The console in the worst hour (issue 16): from the dashboard, an incident with two affected
// components goes identified → monitoring → resolved, each update posted on the dashboard itself,
// with JavaScript on and off; page loads, navigations, clicks and keystrokes beyond the message
// text are counted and printed. Then drafts that survive a reload and an ended session, the
// console's 404, its words for empty lists, and axe on every console page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { axeViolations, beaconAndBrowser, signIn, watchErrors, widths, outputDir, CONSOLE_PAGES } from "./harness.js";

const admin = { email: "ada@example.com", password: "correct horse battery", role: "admin" };
const env = beaconAndBrowser([], [admin]);

/** Opens an incident affecting components 2 and 4 through the console; returns its id. */
async function openIncident(page, title, javaScriptEnabled) {
  await page.goto(env.beacon.url + "/admin/incidents/new");
  if (javaScriptEnabled) await page.waitForLoadState("networkidle");
  await page.fill("#title", title);
  await page.fill("#message", "Checkout fails for some customers.");
  await page.selectOption("select[name='components[4]']", "major_outage");
  await page.selectOption("select[name='components[2]']", "degraded_performance");
  await page.click("text=Open incident");
  await page.waitForURL(/\/admin\/incidents\/\d+$/);
  return Number(page.url().match(/(\d+)$/)[1]);
}

async function publicJson(path) {
  return (await fetch(env.beacon.url + path)).json();
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "on" : "off";
  test(`from the dashboard, three updates take one page and at most 3 clicks each (JavaScript ${mode})`, async () => {
    const context = await env.browser.newContext({ viewport: widths.desktop, javaScriptEnabled });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, env.beacon.url, admin);
    const title = `Checkout failing (${mode})`;
    const id = await openIncident(page, title, javaScriptEnabled);
    await page.goto(env.beacon.url + "/admin");
    if (javaScriptEnabled) await page.waitForLoadState("networkidle");

    const count = { loads: 0, urls: 0, clicks: 0, keys: 0 };
    page.on("load", () => count.loads++);
    let url = page.url();
    const form = page.locator("article.quick", { has: page.locator(`a[href='/admin/incidents/${id}']`) });
    const steps = [
      ["identified", "Found it: a bad certificate.", "click"],
      ["monitoring", "Fixed; watching the error rate.", "keys"],
      ["resolved", "All clear.", "click"],
    ];
    for (const [status, message, send] of steps) {
      await form.locator("select[name=status]").selectOption(status);
      count.clicks += 2; // open the list, pick the status
      await form.locator("textarea[name=message]").fill(message);
      if (send === "keys" && javaScriptEnabled) {
        await form.locator("textarea[name=message]").press("Control+Enter");
        count.keys += 1;
      } else {
        await form.locator("button[type=submit]").click();
        count.clicks += 1;
      }
      // The dashboard shows the new state (a resolved incident leaves it)...
      if (status !== "resolved") {
        await form.locator(".hint", { hasText: `latest: ${status[0].toUpperCase()}${status.slice(1)}` }).waitFor();
      } else {
        await form.waitFor({ state: "detached" });
      }
      // ...and says so, with a link to the public page.
      const said = page.locator("[role=status] .announce__text");
      await said.filter({ hasText: "Update posted." }).waitFor();
      assert.equal(await said.locator("a").getAttribute("href"), `/incidents/${id}`);
      if (page.url() !== url) count.urls++;
      url = page.url();
      assert.equal(new URL(page.url()).pathname, "/admin", "the update is posted without leaving the dashboard");
    }
    const perUpdate = { clicks: count.clicks / 3, loads: count.loads / 3 };
    console.log(`worst hour, JavaScript ${mode}: 3 updates from the dashboard: ${JSON.stringify(count)}; per update ${JSON.stringify(perUpdate)}`);
    assert.ok(count.clicks <= 9, `at most 3 clicks per update: ${count.clicks}`);
    assert.equal(count.urls, 0, "no navigation");
    if (javaScriptEnabled) assert.equal(count.loads, 0, "no page load with JavaScript");

    // The public record: three updates in order, the components back to operational.
    const incident = (await publicJson("/api/v2/incidents.json")).incidents.find((i) => i.name === title);
    assert.deepEqual(incident.incident_updates.map((u) => u.status), ["resolved", "monitoring", "identified", "investigating"]);
    const components = (await publicJson("/api/v2/components.json")).components;
    for (const c of incident.components) {
      assert.equal(components.find((x) => x.id === c.id).status, "operational", c.name);
    }
    for (const width of Object.values(widths)) {
      await page.setViewportSize(width);
      await page.screenshot({ path: join(outputDir, `admin-worst-hour-dashboard-${mode}-${width.width}.png`), fullPage: true });
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("what is typed survives a reload and an ended session, and goes once posted", async () => {
  const context = await env.browser.newContext({ viewport: widths.desktop });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await signIn(page, env.beacon.url, admin);
  // A new incident's title and message are kept while typed, offered back, and gone once it is open.
  await page.goto(env.beacon.url + "/admin/incidents/new", { waitUntil: "networkidle" });
  await page.fill("#title", "Search is slow");
  await page.fill("#message", "Half-typed");
  await page.reload({ waitUntil: "networkidle" });
  assert.equal(await page.locator("#title").inputValue(), "Search is slow");
  assert.equal(await page.locator("#message").inputValue(), "Half-typed");
  const id = await openIncident(page, "Search is slow", true);
  await page.waitForLoadState("networkidle");
  const fresh = await context.newPage();
  await fresh.goto(env.beacon.url + "/admin/incidents/new", { waitUntil: "networkidle" });
  assert.equal(await fresh.locator("#title").inputValue(), "", "posted: the draft is gone");
  assert.equal(await fresh.locator("#message").inputValue(), "");
  await fresh.close();
  const text = "We are **rolling back** the index change.";
  await page.locator("#message").pressSequentially(text.slice(0, 10));
  await page.locator("#message").fill(text);
  // The live preview renders through the public page's renderer.
  await page.locator(".preview .md strong", { hasText: "rolling back" }).waitFor();

  await page.reload({ waitUntil: "networkidle" });
  await page.locator(".draft", { hasText: "Restored what you typed" }).waitFor();
  assert.equal(await page.locator("#message").inputValue(), text);

  // The session ends while the text is in the form: sending leads to sign-in and back, text kept.
  await context.clearCookies();
  await page.locator("#message").fill(text + " More soon.");
  await page.click("text=Post update");
  await page.waitForURL(/\/admin\/login\?next=/);
  await page.fill("#email", admin.email);
  await page.fill("#password", admin.password);
  await page.click("form.form button[type=submit]");
  await page.waitForURL(env.beacon.url + `/admin/incidents/${id}`);
  await page.waitForLoadState("networkidle");
  await page.locator(".draft", { hasText: "Restored what you typed" }).waitFor();
  assert.equal(await page.locator("#message").inputValue(), text + " More soon.");
  for (const [name, viewport] of Object.entries(widths)) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: join(outputDir, `admin-incident-editor-${viewport.width}.png`), fullPage: true });
    if (name === "desktop") {
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      console.log(`incident editor at 1280 px: ${height} px tall`);
    }
  }

  // Posted: the draft goes, the page says so.
  await page.click("text=Post update");
  await page.locator("[role=status] .announce__text", { hasText: "Update posted." }).waitFor();
  await page.reload({ waitUntil: "networkidle" });
  assert.equal(await page.locator("#message").inputValue(), "");
  assert.equal(await page.locator(".draft", { hasText: "Restored" }).count(), 0);

  // Discarding a restored draft empties the field.
  await page.locator("#message").fill("A second thought");
  await page.reload({ waitUntil: "networkidle" });
  await page.click("text=Discard it");
  assert.equal(await page.locator("#message").inputValue(), "");
  await page.reload({ waitUntil: "networkidle" });
  assert.equal(await page.locator("#message").inputValue(), "");
  assert.deepEqual(errors.filter((e) => !e.includes("401")), []);
  await context.close();
});

test("an unknown incident is a 404 in the console's look; an empty list says so", async () => {
  const context = await env.browser.newContext({ viewport: widths.desktop });
  const page = await context.newPage();
  await signIn(page, env.beacon.url, admin);
  for (const path of ["/admin/incidents/999999", "/admin/incidents/999999/details", "/admin/incidents/999999/postmortem"]) {
    const res = await page.goto(env.beacon.url + path);
    assert.equal(res.status(), 404, path);
    assert.match(await page.locator("[role=alert]").textContent(), /not found/i);
  }
  const res = await page.goto(env.beacon.url + "/admin/tokens");
  assert.equal(res.status(), 200);
  assert.ok(await page.locator("text=No tokens yet").isVisible());
  assert.equal(await page.locator("table.tokens").count(), 0);
  await context.close();
});

test("axe finds no violations on the console's pages, light and dark, wide and narrow", async () => {
  const found = [];
  for (const [name, viewport] of Object.entries(widths)) {
    for (const colorScheme of ["light", "dark"]) {
      const context = await env.browser.newContext({ viewport, colorScheme, bypassCSP: true });
      const page = await context.newPage();
      await signIn(page, env.beacon.url, admin);
      for (const path of CONSOLE_PAGES) {
        const res = await page.goto(env.beacon.url + path, { waitUntil: "networkidle" });
        assert.equal(res.status(), 200, path);
        for (const v of await axeViolations(page)) found.push(`${path} at ${name}, ${colorScheme}: ${v}`);
      }
      await context.close();
    }
  }
  assert.deepEqual(found, []);
});
