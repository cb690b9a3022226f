// gloss: the search page. The engine (search-core.js) finds the results;
// this draws them, runs a query as it is typed, keeps it in the address and
// moves through the results by keyboard. The page's head (layouts/
// search.html) has already started the engine, in a Web Worker where it can,
// and asked it for the query in the address: glossSearchStart = {q, core,
// entry, worker, replies, failed} (the worker's replies kept until now), or
// without a worker {q, scripts}, the engine's scripts added to the page;
// onPage() adds them.
(function (global) {
  "use strict";

  var form = document.querySelector(".search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var moreButton = document.getElementById("search-more");
  var started = global.glossSearchStart;
  if (!form || !input || !status || !list) return;
  if (!started) {
    // A theme's own layouts/search.html from before the engine moved to a
    // worker: it loads this script but does not start the engine.
    status.textContent = "Search failed: this page does not start the search engine; the theme's layouts/search.html is older than its search.js (compare it with gloss's templates/briefing/layouts/search.html).";
    return;
  }

  // mark notes a moment of a query in the browser's performance timeline,
  // where tools (bench/searchtrace) read where its time went; at is a
  // moment of the engine's (performance.timeOrigin + performance.now() of
  // its thread).
  function mark(name, at) {
    if (!global.performance || !performance.mark) return;
    try {
      performance.mark("gloss-search:" + name, at ? { startTime: at - performance.timeOrigin } : undefined);
    } catch (e) { /* a moment before the page's own origin */ }
  }
  mark("script");

  // ---- The engine: in the worker the head started, or on the page.

  // remote asks the worker; replies come back in any order, by id. The
  // head asked for the query in the address as id 0.
  function remote(worker, early, onFailure) {
    var waiting = {}, next = 1, first = null;
    function expect(id) {
      return new Promise(function (resolve, reject) { waiting[id] = { resolve: resolve, reject: reject }; });
    }
    function receive(r) {
      var w = waiting[r.id];
      if (!w) return;
      delete waiting[r.id];
      if (r.error) w.reject(new Error(r.error)); else w.resolve(r);
    }
    if (started.q) first = { q: started.q, reply: expect(0) };
    worker.onmessage = function (e) { receive(e.data); };
    worker.onerror = function (e) {
      e.preventDefault();
      var all = waiting;
      waiting = {};
      onFailure(all);
    };
    early.forEach(receive);
    return function ask(m) {
      if (first && m.q === first.q && !m.from) {
        var reply = first.reply;
        first = null;
        return reply;
      }
      m.id = next++;
      var reply = expect(m.id);
      worker.postMessage(m);
      return reply;
    };
  }

  // local runs the engine on the page once its script and the index's
  // entry have run (their scripts added by the head's onPage).
  function local(scripts) {
    return new Promise(function (resolve, reject) {
      function ready() {
        if (!global.glossSearchCore || !global.glossSearch) return;
        var core = global.glossSearchCore, root = new URL("../", scripts[0].src).href;
        var engine = new core.Engine(global.glossSearch, core.scriptLoader(root), root);
        resolve(function (m) { return engine.ask(m); });
      }
      scripts.forEach(function (s) {
        s.addEventListener("load", ready);
        s.addEventListener("error", function () { reject(new Error("cannot load " + s.src)); });
      });
      ready();
    });
  }

  var asking; // a promise of ask(m), a promise of the engine's reply
  if (started.worker && !started.failed) {
    asking = Promise.resolve(remote(started.worker, started.replies, function (waiting) {
      // The worker could not start or broke: the engine moves to the page,
      // and the query shown is asked again there.
      asking = local(started.onPage());
      Object.keys(waiting).forEach(function (id) { waiting[id].reject(new Error("the search worker failed")); });
      if (current) render(current.q);
    }));
  } else {
    asking = local(started.scripts || started.onPage());
  }
  function ask(m) { return asking.then(function (a) { return a(m); }); }

  // ---- Drawing the results.

  var kinds = { explainer: "Explainer", term: "Term", person: "Person", organisation: "Organisation", source: "Source", topic: "Topic" };

  // marked appends segments [plain, marked, plain, …] to el.
  function marked(el, segments) {
    segments.forEach(function (text, k) {
      if (!text) return;
      if (k % 2 === 0) {
        el.appendChild(document.createTextNode(text));
        return;
      }
      var mk = document.createElement("mark");
      mk.textContent = text;
      el.appendChild(mk);
    });
  }

  function excerpt(segments) {
    var p = document.createElement("p");
    p.className = "search-excerpt";
    marked(p, segments);
    return p;
  }

  function label(text) {
    var span = document.createElement("span");
    span.className = "search-kind";
    span.textContent = text;
    return span;
  }

  // draw is the list item of a result the engine described (describe in
  // search-core.js).
  function draw(item) {
    var li = document.createElement("li");
    li.className = "search-result";
    li.appendChild(label(kinds[item.kind] || "Page"));
    var a = document.createElement("a");
    a.className = "search-page";
    a.href = item.href;
    a.textContent = item.title;
    li.appendChild(a);
    if (item.excerpt) li.appendChild(excerpt(item.excerpt));
    if (item.sections.length) {
      var ul = document.createElement("ul");
      ul.className = "search-sections";
      item.sections.forEach(function (sec) {
        var sub = document.createElement("li");
        if (sec.paragraph) sub.appendChild(label("Source paragraph"));
        var sa = document.createElement("a");
        sa.href = sec.href;
        sa.textContent = sec.heading;
        sub.appendChild(sa);
        if (sec.excerpt) sub.appendChild(excerpt(sec.excerpt));
        ul.appendChild(sub);
      });
      li.appendChild(ul);
    }
    return li;
  }

  // ---- Queries.

  var current = null; // the query shown: {q, shown, total}

  function say(text) { if (status.textContent !== text) status.textContent = text; }

  function engineMarks(reply) {
    if (!reply.times) return;
    ["worker", "ready", "entry", "ranked", "records"].forEach(function (k) { if (reply.times[k]) mark(k, reply.times[k]); });
  }

  function render(q) {
    var cur = current = { q: q, shown: 0, total: 0 };
    if (!q.trim()) {
      list.textContent = "";
      if (moreButton) moreButton.hidden = true;
      say("");
      document.documentElement.dataset.searchDone = "";
      return Promise.resolve();
    }
    mark("query");
    return ask({ q: q, from: 0 }).then(function (reply) {
      if (current !== cur) return;
      engineMarks(reply);
      // Replaced only now, so the list does not flicker while typing.
      list.textContent = "";
      reply.items.forEach(function (item) { list.appendChild(draw(item)); });
      cur.shown = reply.next;
      cur.total = reply.total;
      if (moreButton) moreButton.hidden = cur.shown >= cur.total;
      var n = reply.total;
      say(n === 0 ? "Nothing found for “" + q + "”." : n + (n === 1 ? " result" : " results") + " for “" + q + "”.");
      document.documentElement.dataset.searchDone = q;
      mark("shown");
    }).catch(function (err) {
      if (current === cur) say("Search failed: " + err.message);
    });
  }

  // more adds the next results of the query shown.
  function more(cur) {
    return ask({ q: cur.q, from: cur.shown }).then(function (reply) {
      if (current !== cur || reply.from !== cur.shown) return;
      reply.items.forEach(function (item) { list.appendChild(draw(item)); });
      cur.shown = reply.next;
      if (moreButton) moreButton.hidden = cur.shown >= cur.total;
    }).catch(function (err) {
      if (current === cur) say("Search failed: " + err.message);
    });
  }

  // The query is in the address (?q=): a search can be linked, and the
  // back button returns to it. A new search adds one history entry; typing
  // on replaces it.
  var pushed = false;
  function remember(q) {
    var u = new URL(location.href);
    if ((u.searchParams.get("q") || "") === q) return;
    if (q) u.searchParams.set("q", q); else u.searchParams.delete("q");
    if (pushed) history.replaceState(null, "", u); else history.pushState(null, "", u);
    pushed = true;
  }
  function fromAddress() {
    var q = new URLSearchParams(location.search).get("q") || "";
    pushed = false;
    render(q);
    if (input.value !== q) input.value = q; // the page's last script has set it
  }
  global.addEventListener("popstate", fromAddress);
  fromAddress();

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { remember(input.value); render(input.value); }, 150);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    remember(input.value);
    pushed = false; // the next search is a new one
    render(input.value);
  });
  if (moreButton) moreButton.addEventListener("click", function () { if (current) more(current); });

  // Keyboard: the down and up arrows move between the search box and the
  // results' links, Enter follows the link in focus (as any link), Escape
  // returns to the search box, and from there clears it.
  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
  document.addEventListener("keydown", function (e) {
    var all = links(), at = all.indexOf(document.activeElement);
    var inBox = document.activeElement === input;
    if (!inBox && at < 0) return;
    if (e.key === "ArrowDown") {
      if (at + 1 < all.length) { all[at + 1].focus(); e.preventDefault(); }
    } else if (e.key === "ArrowUp") {
      if (at > 0) { all[at - 1].focus(); e.preventDefault(); } else if (at === 0) { input.focus(); e.preventDefault(); }
    } else if (e.key === "Escape") {
      if (!inBox) { input.focus(); } else if (input.value) {
        input.value = "";
        clearTimeout(timer);
        remember("");
        render("");
      }
      e.preventDefault();
    }
  });
})(window);
