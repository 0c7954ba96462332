// The incident flow in a real browser: sign in, open an incident affecting two components, move it
// through identified → monitoring → identified → resolved; the public pages show each step.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { beaconAndBrowser, signIn, watchErrors, widths, outputDir } from "./harness.js";

const editor = { email: "eve@example.com", password: "correct horse battery", role: "editor" };

const env = beaconAndBrowser([], [editor]);

async function publicText(path) {
  const res = await fetch(env.beacon.url + path);
  return res.text();
}

/** Labels of the public incident page's timeline, newest first. */
async function publicLabels(context, incidentPath) {
  const page = await context.newPage();
  await page.goto(env.beacon.url + incidentPath);
  const labels = (await page.locator(".update__label").allTextContents()).map((t) => t.trim());
  await page.close();
  return labels;
}

for (const javaScriptEnabled of [true, false]) {
  test(`an editor runs an incident from start to resolution (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
    const context = await env.browser.newContext({ viewport: widths.desktop, javaScriptEnabled });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, env.beacon.url, editor);

    const title = `Login outage ${javaScriptEnabled ? "A" : "B"}`;
    await page.click("text=New incident");
    await page.waitForURL(/\/admin\/incidents\/new/);
    if (javaScriptEnabled) await page.waitForLoadState("networkidle");
    // A refused post keeps what was typed and says why.
    await page.fill("#message", "We are **investigating** failed sign-ins.");
    await page.fill("#title", " ");
    await page.click("text=Open incident");
    await page.locator("[role=alert]").first().waitFor();
    assert.match(await page.locator("[role=alert]").first().textContent(), /title/);
    assert.equal(await page.locator("#message").inputValue(), "We are **investigating** failed sign-ins.");

    await page.fill("#title", title);
    await page.selectOption("#impact", "major");
    await page.selectOption("select[name='components[4]']", "major_outage");
    await page.selectOption("select[name='components[2]']", "degraded_performance");
    await page.click("text=Open incident");
    await page.waitForURL(/\/admin\/incidents\/\d+$/);
    const incidentPath = new URL(page.url()).pathname.replace("/admin", "");
    assert.equal((await page.locator("h1").textContent()).trim(), title);

    let home = await publicText("/");
    assert.ok(home.includes(title), "the public page shows the new incident");
    assert.ok(home.includes("Major System Outage"), "the banner follows the component");

    const steps = [
      ["identified", "Found it: a bad certificate."],
      ["monitoring", "Fixed; watching."],
      ["identified", "Errors are back; rolling back instead."],
      ["resolved", "Resolved."],
    ];
    for (const [status, message] of steps) {
      if (javaScriptEnabled) await page.waitForLoadState("networkidle");
      await page.selectOption("#status", status);
      await page.fill("#message", message);
      await page.click("text=Post update");
      await page.locator(".timeline .update__label").first().waitFor();
      await page.waitForFunction(
        (m) => document.querySelector(".timeline .md")?.textContent.includes(m),
        message,
        { timeout: 10000 },
      );
      const labels = await publicLabels(context, incidentPath);
      assert.equal(labels[0], status[0].toUpperCase() + status.slice(1), `the public page shows ${status} first`);
    }
    assert.deepEqual(await publicLabels(context, incidentPath), ["Resolved", "Identified", "Monitoring", "Identified", "Investigating"]);
    home = await publicText("/");
    assert.ok(!home.includes('id="active-incidents"') || !home.match(new RegExp(`active-incidents[\\s\\S]*${title}[\\s\\S]*Scheduled maintenance`)),
      "the resolved incident is no longer active");
    const incidentPage = await publicText(incidentPath);
    assert.ok(incidentPage.includes("This incident affected:"));

    // The postmortem: a draft stays private, publishing shows it above the timeline.
    const postmortem = "## What happened\n\nA certificate expired.\n\n- We now alert 30 days ahead.";
    await page.click("nav.tabs >> text=Postmortem");
    await page.waitForURL(/\/postmortem$/);
    if (javaScriptEnabled) await page.waitForLoadState("networkidle");
    await page.fill("#postmortem-body", postmortem);
    if (javaScriptEnabled) {
      await page.locator(".preview h2", { hasText: "What happened" }).waitFor();
      assert.equal(await page.locator(".preview li").textContent(), "We now alert 30 days ahead.");
    }
    await page.click("button[value=draft]");
    await page.locator("#postmortem .hint", { hasText: "Draft" }).waitFor();
    assert.ok(!(await publicText(incidentPath)).includes("A certificate expired."), "a draft is not public");
    await page.click("button[value=publish]");
    await page.locator("#postmortem .hint", { hasText: "Published" }).waitFor();
    const pub = await context.newPage();
    await pub.goto(env.beacon.url + incidentPath);
    const headings = (await pub.locator("main h2").allTextContents()).map((t) => t.trim());
    assert.deepEqual(headings.slice(0, 3), ["Postmortem", "What happened", "Updates"]);
    await pub.screenshot({ path: join(outputDir, `public-incident-after-flow-${javaScriptEnabled ? "js" : "nojs"}.png`), fullPage: true });
    await pub.close();
    // An editor cannot delete incidents, so the console does not offer it.
    await page.click("nav.tabs >> text=Details and deletion");
    await page.waitForURL(/\/details$/);
    await page.locator("#edit-title").waitFor();
    assert.equal(await page.locator("text=Delete incident").count(), 0);
    await page.screenshot({ path: join(outputDir, `admin-incident-${javaScriptEnabled ? "js" : "nojs"}-1280.png`), fullPage: true });
    // The refused post above answers 422, which the browser logs; nothing else may show up.
    if (javaScriptEnabled) assert.deepEqual(errors.filter((e) => !e.includes("status of 422")), []);
    assert.ok(!errors.some((e) => /status of 5\d\d/.test(e)), "no 5xx");
    await context.close();
  });
}

test("the new-incident form at phone width", async () => {
  const context = await env.browser.newContext({ viewport: widths.phone });
  const page = await context.newPage();
  await signIn(page, env.beacon.url, editor);
  await page.goto(env.beacon.url + "/admin/incidents/new", { waitUntil: "networkidle" });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal overflow (got ${overflow}px)`);
  await page.screenshot({ path: join(outputDir, "admin-new-incident-390.png"), fullPage: true });
  await context.close();
});
