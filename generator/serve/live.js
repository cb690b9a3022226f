// gloss preview: live reload over Server-Sent Events, injected only into
// pages the preview server sends. A rebuild reloads the page at the same
// scroll position; a stylesheet-only change swaps the stylesheets in place;
// a failed build shows its errors over the last good page until fixed.
(function () {
  "use strict";
  var key = "gloss-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var y = +saved;
    // "instant": a theme's smooth scrolling must not animate the restore.
    var restore = function () { window.scrollTo({ top: y, left: 0, behavior: "instant" }); };
    restore();
    // Layout may still move as the page settles; try again once it has loaded.
    window.addEventListener("load", restore);
  }
  // The build this page is from, as the server said when it sent it.
  var me = document.currentScript;
  var build = me && me.dataset.build ? +me.dataset.build : null;
  var server = me && me.dataset.server ? me.dataset.server : null;

  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }

  function swapCSS() {
    fetch(location.href, { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").querySelectorAll('link[rel="stylesheet"]');
      var old = document.querySelectorAll('link[rel="stylesheet"]');
      if (fresh.length !== old.length) { reload(); return; }
      old.forEach(function (link, i) {
        var href = fresh[i].getAttribute("href");
        if (link.getAttribute("href") !== href) link.setAttribute("href", href);
      });
    }).catch(reload);
  }

  function overlay(errors, slow) {
    var box = document.getElementById("gloss-overlay");
    if (!errors || errors.length === 0) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "gloss-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0 0 auto 0;max-height:70vh;overflow:auto;z-index:2147483647;" +
        "background:#2b0a0a;color:#fff;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:16px 20px;" +
        "box-shadow:0 4px 24px rgba(0,0,0,.5);border-bottom:4px solid #ff6b6b";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var title = document.createElement("strong");
    title.textContent = slow ?
      "gloss: the build is taking far longer than usual. The page shows the last good build." :
      "gloss: the last save does not build (" + errors.length + (errors.length === 1 ? " error" : " errors") +
      "). The page shows the last good build; fix the file and it updates by itself.";
    title.style.cssText = "display:block;margin-bottom:8px;font:600 15px system-ui,sans-serif;color:#ffd7d7";
    box.appendChild(title);
    var list = document.createElement("ol");
    list.style.cssText = "margin:0;padding-left:20px";
    errors.forEach(function (e) {
      var li = document.createElement("li");
      li.textContent = e;
      li.style.cssText = "white-space:pre-wrap;margin:2px 0";
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  function connect() {
    var es = new EventSource("/__gloss/events");
    es.onmessage = function (e) {
      var m = JSON.parse(e.data);
      if (m.type === "hello") {
        // A new connection: after a restart of the preview, or builds made
        // while this tab was not listening, the site may have changed.
        var changed = build !== null && (m.server !== server || m.build !== build);
        build = m.build;
        server = m.server;
        if (changed && !(m.errors && m.errors.length)) { reload(); return; }
        overlay(m.errors, m.slow);
        return;
      }
      if (m.type === "errors") { overlay(m.errors, m.slow); return; }
      var had = !!document.getElementById("gloss-overlay");
      build = m.build;
      overlay(null);
      if (m.type === "css" && !had) { swapCSS(); return; }
      reload();
    };
    // EventSource reconnects by itself after an error.
  }
  connect();
})();
