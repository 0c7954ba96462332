// API tokens in a real browser: an admin creates a token on the tokens page (with and without
// JavaScript), copies the secret shown once, and the write API accepts it until it is revoked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { beaconAndBrowser, signIn, watchErrors, widths, outputDir } from "./harness.js";

const admin = { email: "ada@example.com", password: "correct horse battery", role: "admin" };

const env = beaconAndBrowser([], [admin]);

async function componentsWith(secret) {
  const reply = await fetch(env.beacon.url + "/api/v1/components", { headers: { authorization: `Bearer ${secret}` } });
  return reply.status;
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "on" : "off";
  test(`an admin creates a token, sees it once, and revokes it (JavaScript ${mode})`, async () => {
    const name = `alerting-${mode}`;
    const context = await env.browser.newContext({ viewport: widths.desktop, javaScriptEnabled });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, env.beacon.url, admin);
    await page.click("nav >> text=API tokens");
    await page.waitForURL(env.beacon.url + "/admin/tokens");
    if (javaScriptEnabled) await page.waitForLoadState("networkidle");

    await page.fill("#token-name", name);
    await page.selectOption("#token-role", "editor");
    await page.click("text=Create token");
    const secretField = page.locator("#new-token input.secret");
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    assert.match(secret, /^bcn_[0-9a-f]{64}$/);
    assert.match(await page.locator("#new-token").textContent(), new RegExp(name));
    await page.screenshot({ path: join(outputDir, `admin-tokens-created-js-${mode}.png`), fullPage: true });
    assert.equal(await componentsWith(secret), 200);

    await page.reload();
    await page.locator("table.tokens").waitFor();
    assert.equal(await page.locator("#new-token").count(), 0, "the secret is shown only once");

    const row = page.locator("table.tokens tr", { hasText: name });
    await row.locator("text=Revoke").click();
    await page.locator("table.tokens tr", { hasText: name }).filter({ hasText: "Revoked" }).waitFor();
    assert.equal(await componentsWith(secret), 401);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("the tokens page at desktop and phone widths", async () => {
  for (const [label, viewport] of Object.entries(widths)) {
    const context = await env.browser.newContext({ viewport });
    const page = await context.newPage();
    await signIn(page, env.beacon.url, admin);
    await page.goto(env.beacon.url + "/admin/tokens");
    await page.locator("table.tokens").waitFor();
    await page.screenshot({ path: join(outputDir, `admin-tokens-${label}.png`), fullPage: true });
    await context.close();
  }
});
