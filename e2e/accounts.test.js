// Accounts in a real browser: an admin creates an editor on the users page (with and without
// JavaScript), the editor signs in with the password it was given; the users and audit pages are
// photographed at desktop and phone widths.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { beaconAndBrowser, signIn, watchErrors, widths, outputDir } from "./harness.js";

const admin = { email: "ada@example.com", password: "correct horse battery", role: "admin" };

const env = beaconAndBrowser([], [admin]);

for (const javaScriptEnabled of [true, false]) {
  test(`an admin creates an editor who can then sign in (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
    const editor = {
      email: `eve-${javaScriptEnabled ? "js" : "plain"}@example.com`,
      name: `Eve ${javaScriptEnabled ? "Script" : "Plain"}`,
      password: "a long enough password",
    };
    const context = await env.browser.newContext({ viewport: widths.desktop, javaScriptEnabled });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, env.beacon.url, admin);
    await page.click("nav >> text=Users");
    await page.waitForURL(env.beacon.url + "/admin/users");
    if (javaScriptEnabled) await page.waitForLoadState("networkidle");

    await page.fill("#new-email", editor.email);
    await page.fill("#new-name", editor.name);
    await page.selectOption("#new-role", "editor");
    await page.fill("#new-password", editor.password);
    await page.click("text=Create account");
    const row = page.locator(".account", { hasText: editor.email });
    await row.waitFor();
    assert.match(await row.textContent(), /Editor/);
    assert.match(await row.textContent(), /Active/);
    assert.equal(await page.locator("#new-email").inputValue(), "", "the form starts empty again");
    assert.deepEqual(errors, []);
    await context.close();

    const other = await env.browser.newContext({ viewport: widths.phone, javaScriptEnabled });
    const editorPage = await other.newPage();
    await signIn(editorPage, env.beacon.url, editor);
    assert.match(await editorPage.locator("header").textContent(), new RegExp(`${editor.name} \\(Editor\\)`));
    assert.equal(await editorPage.locator("nav >> text=Users").count(), 0, "editors get no Users link");
    await other.close();
  });
}

test("the users and audit pages at desktop and phone widths", async () => {
  for (const viewport of Object.values(widths)) {
    const context = await env.browser.newContext({ viewport });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, env.beacon.url, admin);
    await page.goto(env.beacon.url + "/admin/users", { waitUntil: "networkidle" });
    // Open one account's tools, as an admin would.
    await page.locator(".account", { hasText: "eve-js@example.com" }).locator("summary").click();
    await page.screenshot({ path: join(outputDir, `admin-users-${viewport.width}.png`), fullPage: true });

    await page.goto(env.beacon.url + "/admin/audit", { waitUntil: "networkidle" });
    assert.ok((await page.locator("table.audit tbody tr").count()) > 0);
    await page.locator("table.audit details", { hasText: "Before and after" }).first().locator("summary").click();
    await page.screenshot({ path: join(outputDir, `admin-audit-${viewport.width}.png`), fullPage: true });

    // The filters work as a plain GET form.
    await page.selectOption("#filter-entity_type", "user");
    await page.click("text=Filter");
    await page.waitForURL(/entity_type=user/);
    const entities = await page.locator("table.audit tbody td[data-label=Entity]").allTextContents();
    assert.ok(entities.length > 0 && entities.every((e) => e.trim().startsWith("user")), entities.join(", "));
    assert.deepEqual(errors, []);
    await context.close();
  }
});
