// The visitor's own time: in a browser set to Asia/Tokyo, the public script offers a switch that
// rewrites every shown time from its <time datetime> into the visitor's zone, remembered across
// pages and kept through a live update; without JavaScript, or in the page's own zone, the page's
// times stay as served. The script stays within its 5 KB budget.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { beaconAndBrowser, beaconCli, watchErrors, widths, outputDir } from "./harness.js";

const env = beaconAndBrowser();

/** What the page should show for `iso` in Asia/Tokyo, computed here apart from the page's script. */
function tokyo(iso) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: "Asia/Tokyo", month: "short", day: "2-digit", year: "numeric",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short",
    }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]),
  );
  return `${parts.month} ${parts.day}, ${parts.year} - ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

async function shownTimes(page) {
  return page.$$eval("main time[datetime*='T']", (all) => all.map((t) => [t.getAttribute("datetime"), t.textContent]));
}

test("a visitor in Tokyo switches every time to their zone, and it is remembered", async () => {
  const context = await env.browser.newContext({ viewport: widths.phone, timezoneId: "Asia/Tokyo" });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.beacon.url + "/");
  const served = await shownTimes(page);
  assert.ok(served.length > 3, "the sample data shows times");
  for (const [, text] of served) assert.match(text, / UTC$/, "in the page's zone first");

  const toggle = page.locator(".zone-switch");
  assert.equal(await toggle.textContent(), "Show my time (Asia/Tokyo)");
  await toggle.click();
  for (const [iso, text] of await shownTimes(page)) assert.equal(text, tokyo(iso));
  assert.equal(await page.locator(".times .zone").textContent(), "Asia/Tokyo (your time zone)");
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  await page.screenshot({ path: join(outputDir, "local-time-phone.png"), fullPage: true });

  // Remembered on the next page, and kept through a live update.
  await page.goto(env.beacon.url + "/incidents/1");
  const incident = await shownTimes(page);
  assert.ok(incident.length > 0);
  for (const [iso, text] of incident) assert.equal(text, tokyo(iso));
  const token = beaconCli(["token", "add", "--name", "local-time", "--role", "editor", "--database-url", env.beacon.database]);
  const posted = await fetch(env.beacon.url + "/api/v1/incidents/5/updates", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ status: "monitoring", body: "Watching from Tokyo." }),
  });
  assert.equal(posted.status, 201, await posted.text());
  await page.goto(env.beacon.url + "/incidents/5");
  await page.waitForLoadState("networkidle");
  const before = await page.getAttribute("html", "data-updated");
  const again = await fetch(env.beacon.url + "/api/v1/incidents/5/updates", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ status: "identified", body: "Found it again." }),
  });
  assert.equal(again.status, 201);
  await page.waitForFunction((b) => document.documentElement.getAttribute("data-updated") !== b, before);
  const live = await shownTimes(page);
  assert.ok(live.length >= 4);
  for (const [iso, text] of live) assert.equal(text, tokyo(iso), "a live update keeps the visitor's zone");

  await page.locator(".zone-switch").click();
  for (const [, text] of await shownTimes(page)) assert.match(text, / UTC$/, "switched back");
  assert.deepEqual(errors, []);
  await context.close();
});

test("without JavaScript, or in the page's own zone, times stay as served", async () => {
  for (const [timezoneId, javaScriptEnabled] of [["Asia/Tokyo", false], ["UTC", true]]) {
    const context = await env.browser.newContext({ viewport: widths.desktop, timezoneId, javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(env.beacon.url + "/");
    assert.equal(await page.locator(".zone-switch").count(), 0, `${timezoneId}, JavaScript ${javaScriptEnabled}`);
    for (const [, text] of await shownTimes(page)) assert.match(text, / UTC$/);
    await context.close();
  }
});

test("the public script stays within its 5 KB budget", async () => {
  const html = await (await fetch(env.beacon.url + "/")).text();
  const src = html.match(/<script src="([^"]+)"/)[1];
  const script = await fetch(env.beacon.url + src, { headers: { "accept-encoding": "identity" } });
  const size = (await script.arrayBuffer()).byteLength;
  assert.ok(size <= 5 * 1024, `live.js is ${size} bytes`);
});
