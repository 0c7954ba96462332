// The admin login route is server-rendered and then hydrated: its "Show password" button works
// only once the client bundle has taken over.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { beaconAndBrowser, signIn, watchErrors, widths, outputDir } from "./harness.js";

const admin = { email: "ada@example.com", password: "correct horse battery", role: "admin" };

const env = beaconAndBrowser([], [admin]);

test("without JavaScript the login form is there but the toggle does nothing", async () => {
  const context = await env.browser.newContext({ javaScriptEnabled: false, viewport: widths.desktop });
  const page = await context.newPage();
  await page.goto(env.beacon.url + "/admin/login");
  assert.ok(await page.locator("input#email").isVisible());
  await page.getByRole("button", { name: "Show password" }).click();
  assert.equal(await page.locator("input#password").getAttribute("type"), "password");
  await context.close();
});

test("with JavaScript the login page hydrates and the toggle works", async () => {
  for (const viewport of Object.values(widths)) {
    const context = await env.browser.newContext({ viewport });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(env.beacon.url + "/admin/login", { waitUntil: "networkidle" });
    const password = page.locator("input#password");
    await password.fill("correct horse");
    let type = "password";
    for (let i = 0; i < 50 && type !== "text"; i++) {
      await page.locator("button[aria-controls=password]").click();
      await page.waitForTimeout(100);
      type = await password.getAttribute("type");
      if (type !== "text") await page.waitForTimeout(100);
    }
    assert.equal(type, "text", "the toggle shows the password after hydration");
    assert.equal((await page.locator("button[aria-controls=password]").textContent()).trim(), "Hide password");
    assert.equal(await page.locator("button[aria-controls=password]").getAttribute("aria-pressed"), "true");
    await page.screenshot({ path: join(outputDir, `admin-login-${viewport.width}.png`), fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("signing in leads to the dashboard, signing out back to the sign-in page", async () => {
  for (const viewport of Object.values(widths)) {
    const context = await env.browser.newContext({ viewport });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(env.beacon.url + "/admin", { waitUntil: "networkidle" });
    assert.match(page.url(), /\/admin\/login\?next=/);
    await page.fill("#email", admin.email);
    await page.fill("#password", "wrong password!");
    await page.click("button[type=submit]");
    await page.waitForURL(/error=invalid/);
    assert.equal((await page.locator("[role=alert]").textContent()).trim(), "Invalid email or password.");
    await page.fill("#email", admin.email);
    await page.fill("#password", admin.password);
    await page.click("button[type=submit]");
    await page.waitForURL(env.beacon.url + "/admin");
    assert.equal((await page.locator("h1").textContent()).trim(), "Dashboard");
    assert.ok(await page.locator(".incident__title", { hasText: "Delayed webhook deliveries" }).isVisible());
    await page.screenshot({ path: join(outputDir, `admin-dashboard-${viewport.width}.png`), fullPage: true });
    await page.click("text=Sign out");
    await page.waitForURL(/signed_out=1/);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("the public pages and the console run under their Content-Security-Policy without a violation", async () => {
  const context = await env.browser.newContext({ viewport: widths.desktop });
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const visit = async (path) => {
    const response = await page.goto(env.beacon.url + path, { waitUntil: "networkidle" });
    assert.match(response.headers()["content-security-policy"] ?? "", /default-src 'none'/, path);
    assert.deepEqual(await page.evaluate(() => window.__violations), [], path);
  };
  // "/" twice: the second load revalidates (304), which must leave the kept page its policy.
  for (const path of ["/", "/history", "/", "/admin/login"]) await visit(path);
  await signIn(page, env.beacon.url, admin);
  for (const path of ["/admin", "/admin/components", "/admin/incidents/new"]) await visit(path);
  assert.deepEqual(errors, []);
  await context.close();
});
