// Keeps an open status page current: Beacon announces every change on /events (Server-Sent
// Events); the page then fetches itself again and swaps in the new <main>. Without JavaScript the
// page is complete as served; this only spares visitors the reload. It also offers the visitor's
// own time zone (a switch in the footer, remembered): every shown time is rewritten in place from
// its <time datetime>.
(function () {
  "use strict";
  var KEY = "beacon-local-time";
  var main = document.querySelector("main"), note = document.querySelector("[data-zone]");
  var served = main ? main.innerHTML : "", local = false, button = null;
  var page = note && note.getAttribute("data-zone");
  var mine = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;

  var lang = document.documentElement.lang || "en";
  // "Dec 07, 2026 - 17:41 GMT+9": the page's own form in English, the browser's in the page's
  // other languages, in the visitor's zone.
  function shown(date) {
    var p = {}, f = new Intl.DateTimeFormat(lang === "en" ? "en-US" : lang, {
      timeZone: mine, month: "short", day: "2-digit", year: "numeric",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short"
    });
    if (lang !== "en") return f.format(date);
    f.formatToParts(date).forEach(function (x) { p[x.type] = x.value; });
    return p.month + " " + p.day + ", " + p.year + " - " + p.hour + ":" + p.minute + " " + p.timeZoneName;
  }
  // The footer's words for the switch, in the page's language ("%s": a zone).
  function say(name, zone) { return note.getAttribute("data-" + name).replace("%s", zone); }

  function times() {
    if (!button) return;
    var all = document.querySelectorAll("main time[datetime*='T']");
    for (var i = 0; i < all.length; i++) {
      var t = all[i];
      if (!t.hasAttribute("data-page")) t.setAttribute("data-page", t.textContent);
      t.textContent = local ? shown(new Date(t.getAttribute("datetime"))) : t.getAttribute("data-page");
    }
    note.querySelector(".zone").textContent = local ? say("yours", mine) : page;
    button.textContent = local ? say("show-page", page) : say("show-mine", mine);
    button.setAttribute("aria-pressed", String(local));
  }

  if (note && mine && page && mine !== page) {
    button = document.createElement("button");
    button.type = "button";
    button.className = "zone-switch";
    button.addEventListener("click", function () {
      local = !local;
      try { local ? localStorage.setItem(KEY, "1") : localStorage.removeItem(KEY); } catch (e) {}
      times();
    });
    note.appendChild(button);
    try { local = localStorage.getItem(KEY) === "1"; } catch (e) {}
    times();
  }

  if (!window.EventSource || !window.fetch || !window.DOMParser) return;
  var busy = false, again = false, opened = false;

  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(location.href, { cache: "no-cache", headers: { Accept: "text/html" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var next = new DOMParser().parseFromString(html, "text/html");
        var fresh = next.querySelector("main"), current = document.querySelector("main");
        if (fresh && current && fresh.innerHTML !== served) {
          served = fresh.innerHTML;
          current.innerHTML = served;
          document.title = next.title;
          document.documentElement.setAttribute("data-updated", new Date().toISOString());
          times();
        }
      })
      .catch(function () {})
      .then(function () {
        busy = false;
        if (again) { again = false; setTimeout(refresh, 1000); }
      });
  }

  var events = new EventSource("/events");
  // A change says within how long to look: a random moment in it, so that thousands of open
  // pages do not all ask at once.
  events.addEventListener("change", function (e) {
    var within = 0;
    try { within = JSON.parse(e.data).within_ms || 0; } catch (x) {}
    setTimeout(refresh, Math.random() * within);
  });
  // After a dropped connection, changes may have been missed: look once.
  events.addEventListener("open", function () { if (opened) refresh(); opened = true; });
})();
