// The page settings in a real browser: an admin sets them at /admin/settings (with and without
// JavaScript; a colour too light for the header's text is refused), and the public page shows them:
// name, brand colour, support and footer links, the about text and the notice; screenshots at 1280
// and 390 px, light and dark; axe and the Nu Html Checker find nothing on it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { axeViolations, beaconAndBrowser, htmlErrors, signIn, watchErrors, widths, outputDir } from "./harness.js";

const admin = { email: "ada@example.com", password: "correct horse battery", role: "admin" };
const env = beaconAndBrowser([], [admin]);
// A small logo: a white beacon on a circle.
const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="#0b5394" stroke="#fff" stroke-width="2"/><path d="M16 6l5 20H11z" fill="#fff"/></svg>`;

async function openSettings(page) {
  await page.click("nav >> text=Settings");
  await page.waitForURL(env.beacon.url + "/admin/settings");
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "on" : "off";
  test(`an admin changes the page's settings (JavaScript ${mode})`, async () => {
    const context = await env.browser.newContext({ viewport: widths.desktop, javaScriptEnabled });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, env.beacon.url, admin);
    await openSettings(page);
    if (javaScriptEnabled) await page.waitForLoadState("networkidle");

    const name = `Acme Status (${mode})`;
    await page.fill("#settings-name", name);
    await page.fill("#settings-brand", "#ffd700");
    await page.click("text=Save settings");
    const refusal = page.locator("form.form .error");
    await refusal.waitFor();
    assert.match(await refusal.textContent(), /Brand colour: .*WCAG AA/);
    assert.equal(await page.getAttribute("#settings-brand", "aria-invalid"), "true");
    assert.equal(await page.inputValue("#settings-name"), name, "what was typed is kept");

    await page.fill("#settings-brand", "#1a5fb4");
    await page.fill("#settings-support", "https://acme.example/help");
    await page.fill("#settings-footer", "Privacy | https://acme.example/privacy\nTerms | https://acme.example/terms");
    await page.fill("#settings-about", "Status of **Acme**'s services, kept by the on-call team.");
    await page.fill("#settings-notice", "Our support line moves on *Friday*.");
    await page.click("text=Save settings");
    await page.locator(".announce__text", { hasText: "Settings saved." }).waitFor();
    // The logo: a plain file upload, the same with and without JavaScript.
    await page.setInputFiles("#settings-logo", { name: "logo.svg", mimeType: "image/svg+xml", buffer: Buffer.from(LOGO) });
    await page.click("text=Upload the logo");
    await page.waitForURL(env.beacon.url + "/admin/settings");
    await page.locator("img.image-form__current").waitFor();
    await page.screenshot({ path: join(outputDir, `admin-settings-saved-js-${mode}.png`), fullPage: true });

    const visitor = await context.newPage();
    await visitor.goto(env.beacon.url + "/");
    assert.equal(await visitor.locator(".site-header .brand").textContent(), name);
    const header = await visitor.locator(".site-header").evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(header, "rgb(26, 95, 180)");
    assert.match(await visitor.locator(".page-notice").textContent(), /moves on Friday/);
    assert.equal(await visitor.locator(".footer-links a").count(), 2);
    const logo = visitor.locator(".site-header img.brand__logo");
    assert.ok(await logo.evaluate((img) => img.complete && img.naturalWidth > 0), "the logo loads");
    // The refused save's answer is the only failed request.
    assert.deepEqual(errors.filter((e) => !e.includes("status of 422")), []);
    await context.close();
  });
}

test("the public page with its settings: screenshots, axe and the Nu Html Checker", async () => {
  const found = [];
  for (const [label, viewport] of Object.entries(widths)) {
    for (const colorScheme of ["light", "dark"]) {
      const context = await env.browser.newContext({ viewport, colorScheme, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(env.beacon.url + "/");
      await page.locator(".page-notice").waitFor();
      await page.screenshot({ path: join(outputDir, `public-settings-${label}-${colorScheme}.png`), fullPage: true });
      for (const v of await axeViolations(page)) found.push(`/ at ${label}, ${colorScheme}: ${v}`);
      await context.close();
    }
  }
  assert.deepEqual(found, []);
  const dir = mkdtempSync(join(tmpdir(), "beacon-settings-"));
  const file = join(dir, "home.html");
  writeFileSync(file, await (await fetch(env.beacon.url + "/")).text());
  assert.deepEqual(htmlErrors([file]), []);
});
