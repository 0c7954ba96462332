// The console's subscribers page in a real browser: an admin adds a webhook (its secret shown
// once) and a confirmed email address, finds them in the list, opens one's delivery log, at desktop
// and phone widths.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { beaconAndBrowser, signIn, watchErrors, widths, outputDir } from "./harness.js";

const admin = { email: "ada@example.com", password: "correct horse battery", role: "admin" };

// Private webhooks allowed: the URL added is on this machine.
const env = beaconAndBrowser(["--allow-private-webhooks"], [admin]);

test("an admin adds subscribers and reads one's delivery log", async () => {
  const context = await env.browser.newContext({ viewport: widths.desktop });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await signIn(page, env.beacon.url, admin);
  await page.click("nav >> text=Subscribers");
  await page.waitForURL(env.beacon.url + "/admin/subscribers");
  await page.waitForLoadState("networkidle");

  await page.selectOption("#sub-kind", "webhook");
  await page.fill("#sub-address", "http://127.0.0.1:9/hook");
  await page.click("form:has(#sub-address) button[type=submit]");
  const secret = page.locator("input.secret");
  await secret.waitFor();
  assert.match(await secret.inputValue(), /^whsec_/);
  await page.screenshot({ path: join(outputDir, "admin-subscribers-secret-1280.png"), fullPage: true });

  await page.selectOption("#sub-kind", "email");
  await page.fill("#sub-address", "reader@example.com");
  await page.check("form:has(#sub-address) input[name=confirmed]");
  await page.click("form:has(#sub-address) button[type=submit]");
  await page.locator("td a", { hasText: "reader@example.com" }).waitFor();
  assert.ok(await page.locator("td a", { hasText: "http://127.0.0.1:9/hook" }).isVisible());
  await page.screenshot({ path: join(outputDir, "admin-subscribers-1280.png"), fullPage: true });

  await page.setViewportSize(widths.phone);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, "no horizontal overflow at 390 px");
  await page.screenshot({ path: join(outputDir, "admin-subscribers-390.png"), fullPage: true });

  await page.setViewportSize(widths.desktop);
  await page.locator("td a", { hasText: "reader@example.com" }).click();
  await page.waitForURL(/\/admin\/subscribers\/\d+$/);
  await page.waitForLoadState("networkidle");
  assert.match(await page.locator("main").textContent(), /reader@example\.com/);
  await page.screenshot({ path: join(outputDir, "admin-subscriber-1280.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});
