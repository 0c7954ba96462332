// The weight of a page as Chromium loads it: node bench/page-weight.mjs http://127.0.0.1:3000/
// Prints JSON: bytes by resource type (document, stylesheet, script, font, image, other), from the
// DevTools protocol's Network events, and every resource loaded.
//   transferred: Network.loadingFinished's encodedDataLength, what DevTools calls "transferred"
//                (response headers + body as sent, i.e. compressed when the server compressed it)
//   encoded:     the body alone as sent (transferred minus the headers received before it)
//   decoded:     the body after decompression
// Uses e2e/'s playwright-core with Debian's Chromium and the e2e tests' launch flags (a fresh
// profile each run, so nothing comes from a cache).
import { launchChromium } from "../e2e/harness.js";

const url = process.argv[2];
if (!url) {
  console.error("usage: node bench/page-weight.mjs URL");
  process.exit(2);
}

const browser = await launchChromium();
try {
  const page = await (await browser.newContext()).newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });

  const requests = new Map(); // requestId -> what we learn about it
  const entry = (id) => requests.get(id) ?? requests.set(id, { id }).get(id);
  let acceptEncoding = "";
  cdp.on("Network.requestWillBeSent", (e) => {
    const r = entry(e.requestId);
    r.url = e.request.url;
    r.type = e.type;
  });
  cdp.on("Network.requestWillBeSentExtraInfo", (e) => {
    // the headers as actually sent, including the Accept-Encoding Chromium adds itself
    const h = Object.entries(e.headers).find(([k]) => k.toLowerCase() === "accept-encoding");
    if (h && !acceptEncoding) acceptEncoding = h[1];
  });
  cdp.on("Network.responseReceived", (e) => {
    const r = entry(e.requestId);
    r.type = e.type;
    r.status = e.response.status;
    r.headerBytes = e.response.encodedDataLength; // what had arrived with the headers
    const h = Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === "content-encoding");
    r.contentEncoding = h ? h[1] : "";
  });
  cdp.on("Network.dataReceived", (e) => {
    const r = entry(e.requestId);
    r.decoded = (r.decoded ?? 0) + e.dataLength;
  });
  cdp.on("Network.loadingFinished", (e) => {
    entry(e.requestId).transferred = e.encodedDataLength;
  });
  cdp.on("Network.loadingFailed", (e) => {
    entry(e.requestId).failed = e.errorText;
  });

  await page.goto(url, { waitUntil: "networkidle" });
  await page.waitForTimeout(500); // the favicon and anything late

  const kinds = { Document: "document", Stylesheet: "stylesheet", Script: "script", Font: "font", Image: "image" };
  const byType = {};
  for (const t of ["document", "stylesheet", "script", "font", "image", "other"]) {
    byType[t] = { count: 0, transferred: 0, encoded: 0, decoded: 0 };
  }
  const total = { count: 0, transferred: 0, encoded: 0, decoded: 0 };
  const resources = [];
  for (const r of requests.values()) {
    if (!r.url || r.url.startsWith("data:")) continue;
    const type = kinds[r.type] ?? "other";
    const transferred = r.transferred ?? 0;
    const encoded = Math.max(0, transferred - (r.headerBytes ?? 0));
    const decoded = r.decoded ?? 0;
    for (const sum of [byType[type], total]) {
      sum.count += 1;
      sum.transferred += transferred;
      sum.encoded += encoded;
      sum.decoded += decoded;
    }
    resources.push({
      url: r.url,
      type,
      status: r.status ?? r.failed ?? "?",
      transferred,
      contentEncoding: r.contentEncoding ?? "",
    });
  }
  // the admin console's client bundle: site/pkg/beacon.js and its .wasm
  const wasm = resources.filter((r) => /\.wasm(\?|$)|\/pkg\/.*\.js(\?|$)/.test(r.url)).length;
  console.log(JSON.stringify({ url, acceptEncoding, byType, total, resources, wasm }, null, 2));
} finally {
  await browser.close();
}
