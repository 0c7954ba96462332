// The subscribe page in a real browser, with JavaScript on and off, at desktop and phone widths,
// light and dark: a webhook URL is subscribed through the plain form and its secret is shown.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { beaconAndBrowser, watchErrors, widths, outputDir } from "./harness.js";

// Private webhooks allowed: the URL subscribed is on this machine.
const env = beaconAndBrowser(["--title", "Acme Status", "--allow-private-webhooks"]);

const runs = [];
for (const javaScriptEnabled of [true, false]) {
  for (const [name, viewport] of Object.entries(widths)) {
    for (const colorScheme of ["light", "dark"]) runs.push({ javaScriptEnabled, name, viewport, colorScheme });
  }
}

for (const run of runs) {
  const js = run.javaScriptEnabled ? "js" : "nojs";
  test(`subscribe a webhook (${js}, ${run.viewport.width} px, ${run.colorScheme})`, async () => {
    const { javaScriptEnabled, viewport, colorScheme } = run;
    const context = await env.browser.newContext({ javaScriptEnabled, viewport, colorScheme });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(env.beacon.url + "/");
    await page.click("a.subscribe-link");
    assert.equal(new URL(page.url()).pathname, "/subscribe");
    assert.equal((await page.locator("h1").textContent()).trim(), "Subscribe to updates");
    // No SMTP server: email is not offered; the webhook kind is chosen already.
    assert.equal(await page.locator("#kind-email").count(), 0);
    assert.ok(await page.locator("#kind-webhook").isChecked());
    assert.ok(await page.locator(".feeds a", { hasText: "Open in calendar app" }).isVisible());
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok((await overflow()) <= 0, `no horizontal overflow at ${viewport.width} px`);

    // The chooser opens when "only the components I choose" is picked (CSS only).
    assert.equal(await page.locator(".chooser__list").isVisible(), false, "hidden for the whole page");
    await page.getByLabel("Only the components I choose:").check();
    assert.ok(await page.locator(".chooser__list").isVisible());
    await page.locator(".chooser__group label", { hasText: "Developer APIs" }).click();
    await page.getByLabel("Dashboard", { exact: true }).check();
    await page.getByLabel("Webhook URL").fill(`http://127.0.0.1:9/hook-${js}-${viewport.width}-${colorScheme}`);
    const shot = `subscribe-${js}-${viewport.width}-${colorScheme}`;
    await page.screenshot({ path: join(outputDir, `${shot}.png`), fullPage: true });

    await page.click("form.subscribe button[type=submit]");
    await page.waitForSelector(".signing-secret__value");
    const secret = (await page.locator(".signing-secret__value").textContent()).trim();
    assert.match(secret, /^whsec_[A-Za-z0-9+/=]{40,}$/);
    assert.ok(await page.locator(".signing-secret__value").isVisible());
    assert.ok((await overflow()) <= 0, `the secret fits at ${viewport.width} px`);
    await page.screenshot({ path: join(outputDir, `${shot}-secret.png`), fullPage: true });

    // The manage link shows the chosen components, ticked.
    await page.locator("a[href*='/subscribe/manage/']").click();
    assert.equal((await page.locator("h1").textContent()).trim(), "Your subscription");
    assert.ok(await page.locator("#scope-some").isChecked());
    assert.ok(await page.getByLabel("Dashboard", { exact: true }).isChecked());
    assert.ok(await page.getByLabel("REST API", { exact: true }).isChecked());
    assert.equal(await page.getByLabel("Exports", { exact: true }).isChecked(), false);
    if (viewport.width === 390) await page.screenshot({ path: join(outputDir, `manage-${js}-${colorScheme}.png`), fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });
}
