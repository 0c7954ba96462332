// Keeps an open status page current: Beacon announces every change on /events (Server-Sent
// Events); the page then fetches itself again and swaps in the new <main>. Without JavaScript the
// page is complete as served; this only spares visitors the reload.
(function () {
  "use strict";
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
        if (fresh && current && fresh.innerHTML !== current.innerHTML) {
          current.innerHTML = fresh.innerHTML;
          document.title = next.title;
          document.documentElement.setAttribute("data-updated", new Date().toISOString());
        }
      })
      .catch(function () {})
      .then(function () {
        busy = false;
        if (again) { again = false; setTimeout(refresh, 1000); }
      });
  }

  var events = new EventSource("/events");
  events.addEventListener("change", refresh);
  // After a dropped connection, changes may have been missed: look once.
  events.addEventListener("open", function () { if (opened) refresh(); opened = true; });
})();
