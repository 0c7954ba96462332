// Starts a real beacon server on a fresh SQLite file and a real headless Chromium (Debian's).
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, homedir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { before, after } from "node:test";
import vnu from "vnu-jar";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const outputDir = join(root, "e2e", "output");
mkdirSync(outputDir, { recursive: true });

function beaconBinary() {
  if (process.env.BEACON_BIN) return process.env.BEACON_BIN;
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), ".cache", "beacon", "target");
  return join(target, "debug", "beacon");
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a `beacon` command (e.g. `token add`) and returns what it printed on standard output. */
export function beaconCli(args) {
  return execFileSync(beaconBinary(), args, { encoding: "utf8" }).trim();
}

/** Starts `beacon serve --demo` (after creating `users` with `beacon user add`) and resolves when it answers. */
export async function startBeacon(extraArgs = [], users = []) {
  const dir = mkdtempSync(join(tmpdir(), "beacon-e2e-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const database = `sqlite://${join(dir, "beacon.db")}`;
  for (const user of users) {
    execFileSync(beaconBinary(), ["user", "add", "--email", user.email, "--role", user.role, "--password-stdin", "--database-url", database], {
      input: user.password + "\n",
    });
  }
  const child = spawn(
    beaconBinary(),
    ["serve", "--demo", "--addr", `127.0.0.1:${port}`, "--database-url", database, ...extraArgs],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  let exited = null;
  child.on("exit", (code) => (exited = code));
  for (let i = 0; i < 100; i++) {
    if (exited !== null) throw new Error(`beacon exited with ${exited}`);
    try {
      const res = await fetch(url + "/");
      if (res.ok) return { url, database, stop: () => child.kill("SIGTERM") };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error("beacon did not answer within 10 s");
}

// Playwright gives every launch a fresh, empty --user-data-dir of its own.
export async function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Collects console errors and uncaught exceptions of a page. */
export function watchErrors(page) {
  const errors = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  return errors;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * axe's violations (npm axe-core, WCAG 2.x A and AA rules) on the page now open, one line each. The
 * pages allow no inline script and axe comes in as one: open them in a context with `bypassCSP`.
 */
export async function axeViolations(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")} (${n.failureSummary.split("\n")[1]?.trim()})`));
}

/** Every page of the console (the sample data has incident 1), for the checkers that read them all. */
export const CONSOLE_PAGES = [
  "/admin",
  "/admin/incidents/new",
  "/admin/incidents/1",
  "/admin/incidents/1/details",
  "/admin/incidents/1/postmortem",
  "/admin/components",
  "/admin/maintenance",
  "/admin/subscribers",
  "/admin/users",
  "/admin/tokens",
  "/admin/settings",
  "/admin/audit",
  "/admin/account",
];

export const widths = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };

/** Signs `who` in through the login form and waits for the dashboard. */
export async function signIn(page, url, who) {
  await page.goto(url + "/admin/login");
  await page.fill("#email", who.email);
  await page.fill("#password", who.password);
  await page.click("form.form button[type=submit]");
  await page.waitForURL(url + "/admin");
}

/**
 * For a test file: starts Beacon (see `startBeacon`) and Chromium before its tests and stops both
 * after them. Returns `{ beacon, browser }`, filled in once the tests begin.
 */
export function beaconAndBrowser(extraArgs = [], users = []) {
  const env = { beacon: null, browser: null };
  before(async () => {
    env.beacon = await startBeacon(extraArgs, users);
    env.browser = await launchChromium();
  });
  after(async () => {
    await env.browser?.close();
    env.beacon?.stop();
  });
  return env;
}

/** The Nu Html Checker's errors (npm vnu-jar, run with the machine's Java) for each file, by file name. */
export function htmlErrors(files) {
  let out;
  try {
    out = execFileSync("java", ["-jar", vnu, "--errors-only", "--format", "json", ...files], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (e) {
    out = e.stderr || e.stdout; // vnu exits 1 when it found errors and prints them on stderr
  }
  const messages = out.trim() ? JSON.parse(out).messages : [];
  return messages.map((m) => `${m.url.split("/").pop()}:${m.lastLine}: ${m.message} [${m.extract ?? ""}]`);
}
