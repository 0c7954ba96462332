// Every page as served (public pages, the subscribe pages, sign-in, each console page signed in, a
// refused form) is valid HTML by the Nu Html Checker (npm vnu-jar, run with the machine's Java).
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beaconAndBrowser, htmlErrors, signIn, widths, CONSOLE_PAGES } from "./harness.js";

const admin = { email: "ada@example.com", password: "correct horse battery", role: "admin" };
const env = beaconAndBrowser(["--allow-private-webhooks"], [admin]);

/** A plain form post as a page of the site sends it (with its Origin). */
function plainPost(context, url, form) {
  const origin = new URL(url).origin;
  return context.request.post(url, {
    data: form,
    headers: { "content-type": "application/x-www-form-urlencoded", origin },
  });
}

test("public and console pages are valid HTML", async () => {
  const context = await env.browser.newContext({ viewport: widths.desktop });
  const page = await context.newPage();
  await signIn(page, env.beacon.url, admin);
  const paths = [
    "/",
    "/incidents/1",
    "/maintenance/1",
    "/history",
    "/history/components/5",
    "/components/1",
    "/subscribe",
    "/embed",
    "/?lang=ar",
    "/incidents/1?lang=ja",
    "/history?lang=de",
    ...CONSOLE_PAGES,
    "/admin/no-such-page",
  ];
  const dir = mkdtempSync(join(tmpdir(), "beacon-html-"));
  const files = [];
  for (const path of paths) {
    const res = await context.request.get(env.beacon.url + path);
    assert.ok(res.status() < 500, `${path}: ${res.status()}`);
    const file = join(dir, path.replace(/\W+/g, "_") + ".html");
    writeFileSync(file, await res.text());
    files.push(file);
  }
  // The subscribe form's answers: a webhook's secret, a refusal, and the pages its link opens.
  const post = (form) => plainPost(context, env.beacon.url + "/subscribe", form);
  const subscribed = await (await post("kind=webhook&url=http%3A%2F%2F127.0.0.1%3A9%2Fhook&scope=all")).text();
  const refused = await (await post("kind=webhook&url=ftp%3A%2F%2Fx&scope=some")).text();
  const manage = subscribed.match(/href="[^"]*(\/subscribe\/manage\/[^"]+)"/)[1];
  const unsubscribe = manage.replace("/manage/", "/unsubscribe/");
  const pages = { subscribed, refused };
  for (const path of [manage, unsubscribe]) pages[path] = await (await context.request.get(env.beacon.url + path)).text();
  for (const [name, html] of Object.entries(pages)) {
    const file = join(dir, name.replace(/\W+/g, "_").slice(0, 40) + ".html");
    writeFileSync(file, html);
    files.push(file);
  }
  // Signed out: the sign-in page, with a refusal shown.
  const plain = await env.browser.newContext();
  const res = await plain.request.get(env.beacon.url + "/admin/login?error=invalid");
  const login = join(dir, "login.html");
  writeFileSync(login, await res.text());
  files.push(login);
  await plain.close();
  assert.deepEqual(htmlErrors(files), []);
  await context.close();
});
