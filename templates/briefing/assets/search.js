// gloss: the search page. The index (search-index.js) sets
// window.glossSearch = {d: [[href, title, heading, snippet]…], w: {word: postings}}
// where postings are section numbers as base-36 deltas joined by dots.
(function () {
  "use strict";
  var form = document.querySelector(".search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var index = window.glossSearch;
  if (!form || !index) return;
  // The index's links are relative to the site's root: this script is in
  // <root>/assets/, whatever the base path, and also from file://.
  var script = document.currentScript || document.querySelector('script[src*="search."]');
  var root = new URL("../", script.src);
  function link(href) {
    var u = new URL(href, root);
    // From the disk there is no web server to find a folder's index.html.
    if (u.protocol === "file:" && u.pathname.endsWith("/")) u.pathname += "index.html";
    return u.href;
  }
  var words = Object.keys(index.w);
  var cache = {};

  function postings(word) {
    if (cache[word]) return cache[word];
    var out = [], n = 0;
    index.w[word].split(".").forEach(function (d) { n += parseInt(d, 36); out.push(n); });
    return (cache[word] = out);
  }

  function terms(q) {
    var out = [];
    q.toLowerCase().replace(/[’']/g, "").split(/[^\p{L}\p{N}]+/u).forEach(function (t) {
      if (!t) return;
      // Chinese is indexed a character at a time.
      if (/\p{Script=Han}/u.test(t)) { Array.from(t).forEach(function (c) { out.push(c); }); } else { out.push(t); }
    });
    return out;
  }

  // Sections matching every term (a term matches words it begins), scored
  // by exact matches and by hits in titles and headings.
  function search(q) {
    var ts = terms(q), scores = null;
    ts.forEach(function (t) {
      var hits = {};
      words.forEach(function (w) {
        if (w.lastIndexOf(t, 0) !== 0) return;
        var weight = w === t ? 3 : 1;
        postings(w).forEach(function (n) { hits[n] = Math.max(hits[n] || 0, weight); });
      });
      if (scores === null) { scores = hits; return; }
      var next = {};
      Object.keys(hits).forEach(function (n) { if (n in scores) next[n] = scores[n] + hits[n]; });
      scores = next;
    });
    if (!scores) return [];
    return Object.keys(scores).map(function (n) {
      var d = index.d[n], s = scores[n], text = (d[1] + " " + d[2]).toLowerCase();
      ts.forEach(function (t) { if (text.indexOf(t) >= 0) s += 2; });
      return { doc: d, score: s, n: +n };
    }).sort(function (a, b) { return b.score - a.score || a.n - b.n; });
  }

  function render(q) {
    list.textContent = "";
    if (!q.trim()) { status.textContent = ""; return; }
    var results = search(q);
    status.textContent = results.length === 0 ? "Nothing found for “" + q + "”." :
      results.length + (results.length === 1 ? " result" : " results") + " for “" + q + "”.";
    results.slice(0, 50).forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = link(r.doc[0]);
      a.textContent = r.doc[2] ? r.doc[1] + " › " + r.doc[2] : r.doc[1];
      li.appendChild(a);
      if (r.doc[3]) {
        var p = document.createElement("p");
        p.textContent = r.doc[3];
        li.appendChild(p);
      }
      list.appendChild(li);
    });
  }

  var q = new URLSearchParams(location.search).get("q") || "";
  input.value = q;
  render(q);
  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      render(input.value);
      var u = new URL(location.href);
      u.searchParams.set("q", input.value);
      history.replaceState(null, "", u);
    }, 120);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); render(input.value); });
})();
