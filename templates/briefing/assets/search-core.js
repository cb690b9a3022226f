// gloss: the search engine of the search page (search.js draws what it
// finds). It runs in a Web Worker, started from the search page's head so
// that a query in the address is ranked while the page is still being laid
// out, or on the page itself where a worker cannot start (from file://).
// The index is in pieces (see generator/search): search-index.js sets
// window.glossSearch = {pages, terms: "…" (see termPieces), records: "…"
// (see recordPieces)}; each piece is a script in search-index/ that calls
// glossSearchPiece({t: {term: postings}}) or glossSearchPiece({r: [record…]}).
// A query loads the term pieces of its words and the record pieces of the
// results it shows, nothing else.
(function (global) {
  "use strict";
  // In a worker the index's entry is asked for first, before this file has
  // run (the worker starts late on a busy page: every millisecond counts).
  var inWorker = typeof document === "undefined" && typeof importScripts === "function";
  var root = inWorker ? new URL("../", global.location.href).href : null; // this file is in <root>/assets/
  var entryData = inWorker ? fetched(new URL("search-index.js", root).href) : null;

  // ---- Words: as the index splits them (generator/search/tokens.go).

  var CJK = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]/u;
  var WORD = /[\p{L}\p{N}\p{M}]/u;

  // fold drops diacritics and lower-cases, a character at a time as Go's
  // unicode.ToLower does.
  function fold(w) {
    return Array.from(w.normalize("NFKD").replace(/\p{Mn}/gu, ""), function (c) { return c.toLowerCase(); }).join("");
  }

  // tokens splits text into the words the index holds, unstemmed.
  function tokens(text) {
    var out = [], w = "", ascii = true, prev = "", cjkLen = 0;
    function flush() {
      if (!w) return;
      if (!ascii) w = fold(w);
      if (w.length > 1 || (w && w.charCodeAt(0) >= 128)) out.push(w);
      w = ""; ascii = true;
    }
    function endCJK() { if (cjkLen === 1) out.push(prev); cjkLen = 0; }
    for (var ch of text) {
      var c = ch.charCodeAt(0);
      if (c < 128) {
        if (cjkLen) endCJK();
        if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) w += ch;
        else if (c >= 65 && c <= 90) w += ch.toLowerCase();
        else if (!(ch === "'" && w)) flush();
        continue;
      }
      if (CJK.test(ch)) {
        flush();
        if (cjkLen) out.push(prev + ch);
        prev = ch; cjkLen++;
      } else if (WORD.test(ch)) {
        if (cjkLen) endCJK();
        w += ch; ascii = false;
      } else if (ch === "’" && w) {
        if (cjkLen) endCJK();
      } else {
        if (cjkLen) endCJK();
        flush();
      }
    }
    if (cjkLen) endCJK();
    flush();
    return out;
  }

  // ---- The Snowball English (Porter2) stemmer, as the index applies it
  // (github.com/kljensen/snowball/english); TestStemmerMatchesBrowser
  // compares the two on a word list.

  var special = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl", gently: "gentl",
    ugly: "ugli", early: "earli", only: "onli", singly: "singl", sky: "sky", news: "news", howe: "howe",
    atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes", inning: "inning", innings: "inning",
    outing: "outing", outings: "outing", canning: "canning", cannings: "canning", herring: "herring",
    herrings: "herring", earring: "earring", earrings: "earring", proceed: "proceed", proceeds: "proceed",
    proceeded: "proceed", proceeding: "proceed", exceed: "exceed", exceeds: "exceed", exceeded: "exceed",
    exceeding: "exceed", succeed: "succeed", succeeds: "succeed", succeeded: "succeed", succeeding: "succeed"
  };
  function isV(c) { return c === "a" || c === "e" || c === "i" || c === "o" || c === "u" || c === "y"; }

  function stem(word) {
    if (!/^[a-z]+$/.test(word)) return word;
    if (word.length <= 2) return word;
    if (Object.prototype.hasOwnProperty.call(special, word)) return special[word];
    var w = word.split(""), r1, r2, i;
    for (i = 0; i < w.length; i++) if (w[i] === "y" && (i === 0 || isV(w[i - 1]))) w[i] = "Y";
    function vnv(start) {
      for (var k = 1; k < w.length - start; k++) {
        var j = start + k;
        if (isV(w[j - 1]) && !isV(w[j])) return j + 1;
      }
      return w.length;
    }
    var s = w.join("");
    var pre = ["gener", "commun", "arsen"].filter(function (p) { return s.lastIndexOf(p, 0) === 0; })[0];
    r1 = pre ? pre.length : vnv(0);
    r2 = vnv(r1);
    function str() { return w.join(""); }
    function ends(x) { var t = str(); return t.length >= x.length && t.slice(t.length - x.length) === x; }
    function first(list) { for (var k = 0; k < list.length; k++) if (ends(list[k])) return list[k]; return ""; }
    function reset() { r1 = Math.min(r1, w.length); r2 = Math.min(r2, w.length); }
    function replace(suf, rep) { w = w.slice(0, w.length - suf.length).concat(rep.split("")); reset(); }
    function cut(n) { w = w.slice(0, w.length - n); reset(); }
    function shortSyllable(n) {
      if (n === 2) return isV(w[0]) && !isV(w[1]);
      if (n >= 3) {
        var s1 = w[n - 1], s2 = w[n - 2], s3 = w[n - 3];
        return !isV(s1) && s1 !== "w" && s1 !== "x" && s1 !== "Y" && isV(s2) && !isV(s3);
      }
      return false;
    }
    var suf;
    // Step 0 (apostrophes never reach here: the tokenizer drops them).
    // Step 1a
    suf = first(["sses", "ied", "ies", "us", "ss", "s"]);
    if (suf === "sses") replace(suf, "ss");
    else if (suf === "ied" || suf === "ies") replace(suf, w.length > 4 ? "i" : "ie");
    else if (suf === "s") {
      for (i = 0; i < w.length - 2; i++) if (isV(w[i])) { cut(1); break; }
    }
    // Step 1b
    suf = first(["eedly", "ingly", "edly", "ing", "eed", "ed"]);
    if (suf === "eed" || suf === "eedly") {
      if (suf.length <= w.length - r1) replace(suf, "ee");
    } else if (suf) {
      var vowel = false;
      for (i = 0; i < w.length - suf.length; i++) if (isV(w[i])) { vowel = true; break; }
      if (vowel) {
        var o1 = r1, o2 = r2, done = false;
        cut(suf.length);
        var ns = first(["at", "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"]);
        if (ns === "") {
          if (r1 >= w.length && shortSyllable(w.length)) { w.push("e"); r1 = r2 = w.length; done = true; }
        } else if (ns === "at" || ns === "bl" || ns === "iz") replace(ns, ns + "e");
        else cut(1);
        if (!done) { r1 = Math.min(o1, w.length); r2 = Math.min(o2, w.length); }
      }
    }
    // Step 1c
    var n = w.length;
    if (n > 2 && (w[n - 1] === "y" || w[n - 1] === "Y") && !isV(w[n - 2])) w[n - 1] = "i";
    // Step 2
    suf = first(["ational", "fulness", "iveness", "ization", "ousness", "biliti", "lessli", "tional", "alism",
      "aliti", "ation", "entli", "fulli", "iviti", "ousli", "anci", "abli", "alli", "ator", "enci", "izer",
      "bli", "ogi", "li"]);
    if (suf && suf.length <= w.length - r1) {
      if (suf === "li") {
        if (w.length >= 3 && "cdeghkmnrt".indexOf(w[w.length - 3]) >= 0) cut(2);
      } else if (suf === "ogi") {
        if (w.length >= 4 && w[w.length - 4] === "l") replace(suf, "og");
      } else {
        replace(suf, {
          tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", izer: "ize", ization: "ize",
          ational: "ate", ation: "ate", ator: "ate", alism: "al", aliti: "al", alli: "al", fulness: "ful",
          ousli: "ous", ousness: "ous", iveness: "ive", iviti: "ive", biliti: "ble", bli: "ble", fulli: "ful",
          lessli: "less"
        }[suf]);
      }
    }
    // Step 3
    suf = first(["ational", "tional", "alize", "icate", "ative", "iciti", "ical", "ful", "ness"]);
    if (suf && suf.length <= w.length - r1) {
      if (suf === "ative") { if (w.length - r2 >= 5) cut(5); } else {
        replace(suf, { ational: "ate", tional: "tion", alize: "al", icate: "ic", iciti: "ic", ical: "ic", ful: "", ness: "" }[suf]);
      }
    }
    // Step 4
    suf = first(["ement", "ance", "ence", "able", "ible", "ment", "ent", "ant", "ism", "ate", "iti", "ous", "ive",
      "ize", "ion", "al", "er", "ic"]);
    if (suf && suf.length <= w.length - r2) {
      if (suf === "ion") {
        if (w.length >= 4 && (w[w.length - 4] === "s" || w[w.length - 4] === "t")) cut(3);
      } else cut(suf.length);
    }
    // Step 5
    var last = w.length - 1;
    if (r1 <= last) {
      if (w[last] === "e") {
        if (r2 <= last || !shortSyllable(last)) cut(1);
      } else if (r2 <= last && w[last] === "l" && last >= 1 && w[last - 1] === "l") cut(1);
    }
    return str().replace(/Y/g, "y");
  }

  // ---- The index.

  // cmp compares strings by code point, as the index sorts them.
  function cmp(a, b) {
    if (a === b) return 0;
    var x = Array.from(a), y = Array.from(b);
    for (var k = 0; k < x.length && k < y.length; k++) {
      if (x[k] !== y[k]) return x[k].codePointAt(0) - y[k].codePointAt(0);
    }
    return x.length - y.length;
  }

  // pieceAt is the index of the last entry of list whose first key is at
  // most key (by less), or -1.
  function pieceAt(list, key, less) {
    var lo = 0, hi = list.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (!less(key, list[mid][0])) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  // digits: a character of putNumber's numbers → its value, +32 if last.
  var digits = new Int8Array(128).fill(-1);
  for (var d = 0; d < 32; d++) {
    digits["abcdefghijklmnopqrstuvwxyzABCDEF".charCodeAt(d)] = d;
    digits["0123456789GHIJKLMNOPQRSTUVWXYZ_-".charCodeAt(d)] = d | 32;
  }

  // termPieces reads the entry's list of term pieces, "first name first
  // name…", into [[first term, name]…].
  function termPieces(s) {
    var words = s ? s.split(" ") : [], out = [];
    for (var k = 0; k + 1 < words.length; k += 2) out.push([words[k], words[k + 1]]);
    return out;
  }

  // recordPieces reads the entry's list of record pieces: the i-th of n
  // holds the pages from first[i], and its name is the 8 characters of s
  // from at[i]. Typed arrays: thousands of pieces on a big site.
  function recordPieces(s) {
    var most = (s.length >> 3) + 1, first = new Int32Array(most), at = new Int32Array(most);
    var n = 0, page = 0, pos = 0, v, dg;
    while (pos < s.length) {
      for (v = 0; ; ) { dg = digits[s.charCodeAt(pos++)]; v = v * 32 + (dg & 31); if (dg & 32) break; }
      first[n] = page += v;
      at[n++] = pos;
      pos += 8;
    }
    return { n: n, first: first, at: at, s: s };
  }

  // decode reads a term's postings: for its i-th page (ascending),
  // pages[i], the best of its sections' scores best[i], and its sections
  // secs[j] and their scores scores[j], j from start[i] to start[i+1].
  // Typed arrays, numbers read inline: a word on most pages of a big site
  // has tens of thousands, and a plain array or a call per number cost a
  // query 75 ms (BENCHMARKS.md). A page takes 4 characters at least.
  function decode(s) {
    var len = s.length, maxPages = (len >> 2) + 1;
    var pages = new Int32Array(maxPages), best = new Int32Array(maxPages), start = new Int32Array(maxPages + 1);
    var secs = new Int32Array(len >> 1), scores = new Int32Array(len >> 1);
    var pos = 0, page = -1, n = 0, m = 0, v, dg, k, count, top, score;
    while (pos < len) {
      for (v = 0; ; ) { dg = digits[s.charCodeAt(pos++)]; v = v * 32 + (dg & 31); if (dg & 32) break; }
      page += v;
      for (count = 0; ; ) { dg = digits[s.charCodeAt(pos++)]; count = count * 32 + (dg & 31); if (dg & 32) break; }
      pages[n] = page;
      start[n] = m;
      for (top = 0, k = 0; k < count; k++, m++) {
        for (v = 0; ; ) { dg = digits[s.charCodeAt(pos++)]; v = v * 32 + (dg & 31); if (dg & 32) break; }
        for (score = 0; ; ) { dg = digits[s.charCodeAt(pos++)]; score = score * 32 + (dg & 31); if (dg & 32) break; }
        secs[m] = v;
        scores[m] = score;
        if (score > top) top = score;
      }
      best[n++] = top;
    }
    start[n] = m;
    return { n: n, total: n, pages: pages, best: best, start: start, secs: secs, scores: scores };
  }

  // A big word's term piece holds its head, not its postings (Go's
  // builder.head): "!", the name of the piece holding its postings, the
  // number of pages it is on, and the postings of the pages it ranks best.
  function isHead(raw) { return raw.charCodeAt(0) === 33; }

  // decodeHead reads a head: its pages' postings as decode does, total the
  // pages the word is on, name its postings' piece.
  function decodeHead(raw) {
    var pos = 9, total = 0, dg;
    do { dg = digits[raw.charCodeAt(pos++)]; total = total * 32 + (dg & 31); } while (!(dg & 32));
    var list = decode(raw.slice(pos));
    list.total = total;
    list.name = raw.slice(1, 9);
    return list;
  }

  // placeOf is i where list.pages[i] is page, or -1.
  function placeOf(list, page) {
    for (var lo = 0, hi = list.n - 1; lo <= hi; ) {
      var mid = (lo + hi) >> 1, p = list.pages[mid];
      if (p === page) return mid;
      if (p < page) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
  }

  // Searcher runs queries on an index: entry is window.glossSearch, load(name)
  // a promise of the piece's data.
  function Searcher(entry, load) {
    this.entry = entry;
    this.terms = termPieces(entry.terms);
    this.records = null; // read when first needed (recordList)
    this.load = load;
    this.pieces = {};
    this.postings = {};
    this.loaded = [];
  }

  Searcher.prototype.piece = function (name) {
    var self = this;
    if (!this.pieces[name]) {
      this.pieces[name] = this.load(name).then(function (data) { self.loaded.push(name); return data; });
    }
    return this.pieces[name];
  };

  // parse reads a query: its terms, stemmed, each with the unstemmed word
  // and whether it is a prefix (the word being typed, or a lone CJK character).
  function parse(q) {
    var words = tokens(q), out = [], seen = {};
    var typing = q.length > 0 && /[\p{L}\p{N}\p{M}]$/u.test(q);
    words.forEach(function (w, k) {
      var lone = CJK.test(w) && Array.from(w).length === 1;
      var t = { word: w, stem: stem(w), prefix: lone || (typing && k === words.length - 1 && !CJK.test(w) && w.length >= 3) };
      var key = t.stem + (t.prefix ? "*" + w : "");
      if (!seen[key]) { seen[key] = true; out.push(t); }
    });
    return out;
  }

  // pieceNames names the term pieces t needs: its stem's, and if it is a
  // prefix up to three from the word's.
  Searcher.prototype.pieceNames = function (t) {
    var terms = this.terms, less = function (a, b) { return cmp(a, b) < 0; };
    var names = [], at = pieceAt(terms, t.stem, less);
    if (at >= 0) names.push(terms[at][1]);
    if (t.prefix) {
      var k = pieceAt(terms, t.word, less);
      if (k < 0) k = 0;
      for (var m = 0; k < terms.length && m < 3; k++, m++) {
        if (m > 0 && terms[k][0].lastIndexOf(t.word, 0) !== 0) break;
        if (names.indexOf(terms[k][1]) < 0) names.push(terms[k][1]);
      }
    }
    return names;
  };

  // matches resolves to the decoded postings of the terms t matches,
  // [[postings, weight]…]: its stem's, and if it is a prefix those of the
  // terms it begins, at half weight. With heads, a big word's are only the
  // pages it ranks best (postings.total > postings.n), and no more is loaded.
  Searcher.prototype.matches = function (t, heads) {
    var self = this;
    return Promise.all(this.pieceNames(t).map(function (n) { return self.piece(n); })).then(function (pieces) {
      var found = [];
      function add(term, weight) {
        var raw;
        for (var p = 0; p < pieces.length && raw === undefined; p++) raw = pieces[p].t[term];
        if (raw !== undefined) found.push(self.list(term, raw, heads).then(function (l) { return [l, weight]; }));
      }
      add(t.stem, 1);
      if (t.prefix) {
        pieces.forEach(function (p) {
          Object.keys(p.t).forEach(function (term) {
            if (term !== t.stem && term.lastIndexOf(t.word, 0) === 0) add(term, 0.5);
          });
        });
      }
      return Promise.all(found);
    });
  };

  // list resolves to a term's decoded postings, raw as its term piece has
  // it: all of them, or if it is a head and heads will do, the head.
  Searcher.prototype.list = function (term, raw, heads) {
    var self = this, known = this.postings;
    if (known[term]) return Promise.resolve(known[term]);
    if (!isHead(raw)) return Promise.resolve(known[term] = decode(raw));
    var head = known["!" + term] || (known["!" + term] = decodeHead(raw));
    if (heads) return Promise.resolve(head);
    return this.piece(head.name).then(function (data) { return known[term] || (known[term] = decode(data.p)); });
  };

  // search resolves to {terms, results}: results.length pages have every
  // term, results.slice(from, to) are those ranked from to to, [{page,
  // score}…], to at most need (all if need is not given). A page scores,
  // for each term, its best section's score (in the best of the term's
  // postings, times their weight): sums of whole numbers and halves, exact
  // in any order. Ties go to the page first in the site's order.
  Searcher.prototype.search = function (q, need, whole) {
    var terms = parse(q), self = this;
    if (need === undefined) need = Infinity;
    if (!terms.length) return Promise.resolve({ terms: terms, results: new Ranking([], [], []) });
    // One word may do with the pages it ranks best; several words need
    // every page of each.
    var heads = terms.length === 1 && need < Infinity && !whole;
    return Promise.all(terms.map(function (t) { return self.matches(t, heads); })).then(function (all) {
      if (all.length === 1 && all[0].length === 1 && all[0][0][1] === 1) {
        var l = all[0][0][0]; // one word, one term: its own postings, or its best pages
        if (l.n === l.total || need <= l.n) return { terms: terms, results: new Ranking(l.pages.subarray(0, l.n), l.best, all, l.total) };
      }
      if (heads && all[0].some(function (lw) { return lw[0].n < lw[0].total; })) return self.search(q, need, true);
      var size = self.entry.pages, total = new Float64Array(size), count = new Int32Array(size), p;
      all.forEach(function (lists) {
        var best = new Float64Array(size);
        lists.forEach(function (lw) {
          for (var l = lw[0], i = 0; i < l.n; i++) best[l.pages[i]] = Math.max(best[l.pages[i]], l.best[i] * lw[1]);
        });
        for (p = 0; p < size; p++) if (best[p] > 0) { total[p] += best[p]; count[p]++; }
      });
      var pages = [], scores = [];
      for (p = 0; p < size; p++) if (count[p] === all.length) { pages.push(p); scores.push(total[p]); }
      return { terms: terms, results: new Ranking(pages, scores, all) };
    });
  };

  // Ranking ranks pages (ascending) by their scores as far as asked: a
  // first screen picks its few in one pass, more sorts them all. A word's
  // head ranks the pages it ranks best of total (its length).
  function Ranking(pages, scores, lists, total) {
    this.pages = pages;
    this.scores = scores;
    this.lists = lists;
    this.length = total === undefined ? pages.length : total;
    this.order = null;
  }

  Ranking.prototype.slice = function (from, to) {
    to = Math.min(to, this.pages.length);
    var pages = this.pages, scores = this.scores, top = [], i, k;
    if (!this.order && to <= 16) {
      // A later page goes after those with its score.
      for (i = 0; i < pages.length; i++) {
        if (top.length === to && scores[i] <= scores[top[to - 1]]) continue;
        for (k = top.length; k > 0 && scores[top[k - 1]] < scores[i]; k--);
        top.splice(k, 0, i);
        if (top.length > to) top.pop();
      }
    } else {
      if (!this.order) {
        this.order = Array.from(pages, function (_, i) { return i; });
        this.order.sort(function (a, b) { return scores[b] - scores[a] || a - b; });
      }
      top = this.order;
    }
    var out = [];
    for (k = from; k < to; k++) out.push({ page: pages[top[k]], score: scores[top[k]], lists: this.lists });
    return out;
  };

  // sections lists a result's sections, best first: [[section, score]…],
  // a section scoring for each term the best of its postings' scores.
  function sections(r) {
    if (!r.sections) {
      var secs = new Map();
      r.lists.forEach(function (lists) {
        var best = new Map();
        lists.forEach(function (lw) {
          var l = lw[0], i = placeOf(l, r.page);
          for (var j = i < 0 ? 0 : l.start[i]; i >= 0 && j < l.start[i + 1]; j++) {
            var sec = l.secs[j], score = l.scores[j] * lw[1];
            best.set(sec, Math.max(best.get(sec) || 0, score));
          }
        });
        best.forEach(function (score, sec) { secs.set(sec, (secs.get(sec) || 0) + score); });
      });
      r.sections = [];
      secs.forEach(function (v, s) { r.sections.push([s, v]); });
      r.sections.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    }
    return r.sections;
  }

  // recordList is the entry's list of record pieces, read once, while a
  // query's term pieces load.
  Searcher.prototype.recordList = function () {
    return this.records || (this.records = recordPieces(this.entry.records));
  };

  // record resolves to a page's record: [href, title, kind, [[id, heading,
  // text]…], lead]; the lead, a summary or dek, only if the page has one.
  Searcher.prototype.record = function (page) {
    var list = this.recordList(), lo = 0, hi = list.n - 1, i = -1;
    while (lo <= hi) { var mid = (lo + hi) >> 1; if (list.first[mid] <= page) { i = mid; lo = mid + 1; } else hi = mid - 1; }
    var first = list.first[i];
    return this.piece(list.s.slice(list.at[i], list.at[i] + 8)).then(function (data) { return data.r[page - first]; });
  };

  // ---- Excerpts: the passage of a section's text around the words a
  // query matched.

  // passageLen is about how many characters of a section a result shows.
  var passageLen = 160;

  // spans finds the words of text that a query's terms match, in order:
  // [[start, end, term]…], term the index of the term matched. A word
  // matches a term with its stem, or, for the word being typed, by its
  // beginning; Chinese, Japanese and Korean words are found where they occur.
  function spans(text, terms) {
    var out = [], re = /[\p{L}\p{N}\p{M}'’]+/gu, m, match = matcher(terms);
    while ((m = re.exec(text))) {
      var k = match(m[0]);
      if (k >= 0) out.push([m.index, m.index + m[0].length, k]);
    }
    terms.forEach(function (t, k) {
      if (!CJK.test(t.word)) return;
      for (var at = text.indexOf(t.word); at >= 0; at = text.indexOf(t.word, at + t.word.length)) {
        out.push([at, at + t.word.length, k]);
      }
    });
    out.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    // Overlapping CJK words ("碳中" in "碳中和") are one mark.
    var merged = [];
    out.forEach(function (sp) {
      var last = merged[merged.length - 1];
      if (last && sp[0] < last[1]) last[1] = Math.max(last[1], sp[1]);
      else merged.push(sp.slice());
    });
    return merged;
  }

  // matcher is a function telling which of terms a run of letters matches
  // (the index of the first, or -1), remembering its answers: the excerpts
  // of a page of results have thousands of words, most of them repeated.
  var matchers = new WeakMap();
  function matcher(terms) {
    var match = matchers.get(terms);
    if (match) return match;
    var seen = new Map(), words = terms.filter(function (t) { return !CJK.test(t.word); });
    match = function (run) {
      var k = seen.get(run);
      if (k !== undefined) return k;
      k = -1;
      if (words.length && !CJK.test(run)) {
        var ws = tokens(run);
        for (var i = 0; i < terms.length && k < 0; i++) {
          var t = terms[i];
          if (CJK.test(t.word)) continue;
          for (var j = 0; j < ws.length; j++) {
            // A stem begins as its word does (TestStemKeepsFirstLetter).
            if ((t.prefix && ws[j].lastIndexOf(t.word, 0) === 0) || (ws[j][0] === t.stem[0] && stem(ws[j]) === t.stem)) { k = i; break; }
          }
        }
      }
      seen.set(run, k);
      return k;
    };
    matchers.set(terms, match);
    return match;
  }

  // boundary moves a cut at i off the middle of a character written as two
  // UTF-16 units.
  function boundary(text, i) {
    var c = text.charCodeAt(i);
    return c >= 0xdc00 && c <= 0xdfff ? i + 1 : i;
  }

  // opening is the first passageLen characters of text, cut at a space.
  function opening(text) {
    if (text.length <= passageLen + 1) return text;
    var end = text.lastIndexOf(" ", passageLen);
    if (end < passageLen / 2) end = boundary(text, passageLen);
    return text.slice(0, end) + "…";
  }

  // passage cuts from text the passage of about passageLen characters that
  // holds the most of the query's terms (the first such), beginning a little
  // before its first match, at a sentence or a word; or null when no term
  // is in text. Cuts are shown with an ellipsis.
  function passage(text, terms) {
    var sp = spans(text, terms);
    if (!sp.length) return null;
    var best = 0, most = 0;
    for (var i = 0; i < sp.length; i++) {
      var seen = {}, n = 0;
      for (var j = i; j < sp.length && sp[j][1] - sp[i][0] <= passageLen; j++) {
        if (!seen[sp[j][2]]) { seen[sp[j][2]] = true; n++; }
      }
      if (n > most) { most = n; best = i; }
    }
    var first = sp[best][0];
    // Up to a third of the passage before the first match.
    var from = 0;
    if (first > passageLen / 3) {
      from = first - Math.floor(passageLen / 3);
      var sentence = Math.max(text.lastIndexOf(". ", first), text.lastIndexOf("。", first));
      if (sentence >= from) from = sentence + (text[sentence] === "。" ? 1 : 2);
      else {
        var space = text.indexOf(" ", from);
        from = space >= 0 && space < first ? space + 1 : boundary(text, from);
      }
    }
    if (text.length - from <= passageLen + 1) {
      return (from > 0 ? "…" : "") + text.slice(from);
    }
    var to = text.lastIndexOf(" ", from + passageLen);
    if (to < Math.max(sp[best][1], from + passageLen / 2)) to = boundary(text, Math.max(sp[best][1], from + passageLen));
    return (from > 0 ? "…" : "") + text.slice(from, to) + (to < text.length ? "…" : "");
  }


  // excerpt is what a result shows of a section: the passage around the
  // query's words, or else the fallback (a page's lead) or the section's
  // opening.
  function excerpt(text, terms, fallback) {
    return passage(text, terms) || fallback || opening(text);
  }

  // ---- What a result shows, as plain data: a worker sends it to the page,
  // which draws it (search.js).

  // segments cuts text at the query's words: [plain, marked, plain, …],
  // plain text first and last (maybe empty).
  function segments(text, terms) {
    var out = [], at = 0;
    spans(text, terms).forEach(function (sp) {
      out.push(text.slice(at, sp[0]), text.slice(sp[0], sp[1]));
      at = sp[1];
    });
    out.push(text.slice(at));
    return out;
  }

  // describe is what result r shows of its page's record rec: {href, title,
  // kind, excerpt, sections: [{href, heading, paragraph, excerpt}…]}, each
  // excerpt segments or null; link makes an address of a record's href. The
  // page's excerpt is shown when its lead section matched or no other did;
  // up to three other sections follow, best first.
  function describe(r, rec, terms, link) {
    var secs = rec[3], ranked = sections(r);
    var best = ranked.filter(function (s) { return s[0] > 0; }).slice(0, 3);
    var first = secs[0] ? excerpt(secs[0][2], terms, rec[4]) : rec[4];
    var out = { href: link(rec[0]), title: rec[1], kind: rec[2], excerpt: null, sections: [] };
    if (first && (ranked.some(function (s) { return s[0] === 0; }) || !best.length)) out.excerpt = segments(first, terms);
    best.forEach(function (s) {
      var sec = secs[s[0]];
      if (!sec) return;
      out.sections.push({
        href: link(rec[0] + "#" + sec[0]),
        heading: sec[1],
        paragraph: rec[2] === "source" && /^p\d+$/.test(sec[0]),
        excerpt: sec[2] ? segments(excerpt(sec[2], terms), terms) : null
      });
    });
    return out;
  }

  // ---- The engine: one query at a time, asked by the page.

  // A new query is answered with firstScreen results, and "More results"
  // with pageSize more: each result costs the record piece holding it.
  var firstScreen = 5, pageSize = 10;

  // now is a moment any thread of the page can compare (the page and a
  // worker count performance.now() from different origins).
  function now() { return performance.timeOrigin + performance.now(); }

  // Engine answers questions {id, q, from} about a query: the results from
  // from on, a screen of them, described, and how many there are: {id, q,
  // from, next, total, items, times}. next is where more results begin;
  // times are the moments (now) the engine was ready, had the entry, had
  // ranked and had the records, and in a worker when the worker began.
  // entry is the index's entry or a promise of it, load(name) a promise of
  // a piece's data, root the site's root (an absolute address).
  function Engine(entry, load, root) {
    var self = this;
    this.times = { ready: now() };
    this.ready = Promise.resolve(entry).then(function (e) { self.times.entry = now(); return new Searcher(e, load); });
    this.root = root;
    this.last = null; // the latest query, {q, ranked}, which "More results" continues
  }

  Engine.prototype.link = function (href) {
    var u = new URL(href, this.root);
    // From the disk there is no web server to find a folder's index.html.
    if (u.protocol === "file:" && u.pathname.endsWith("/")) u.pathname += "index.html";
    return u.href;
  };

  Engine.prototype.ask = function (m) {
    var self = this, times = { ready: this.times.ready }, from = m.from || 0, searcher, res;
    var need = from + (from ? pageSize : firstScreen);
    if (inWorker) times.worker = performance.timeOrigin;
    // Read, and marked as an excerpt would be, while the entry may still be
    // on its way: the first time compiles the regular expressions of words
    // (Unicode classes, slow to build), which then cost nothing when the
    // entry and the pieces are in.
    spans(m.q, parse(m.q));
    return this.ready.then(function (s) {
      times.entry = self.times.entry;
      searcher = s;
      var last = self.last;
      if (!last || last.q !== m.q) {
        last = self.last = { q: m.q, ranked: searcher.search(m.q, need) };
        searcher.recordList(); // while the term pieces load
      }
      var ranked = last.ranked.then(function (r) {
        // Ranked from a word's best pages, fewer than now needed: from all.
        if (r.results.pages.length >= Math.min(need, r.results.length)) return r;
        return (last.ranked = searcher.search(m.q, need));
      });
      // A query that failed (a piece that did not load) is tried afresh.
      ranked.catch(function () { if (self.last === last) self.last = null; });
      return ranked;
    }).then(function (r) {
      res = r;
      times.ranked = now();
      var batch = res.results.slice(from, need);
      return Promise.all(batch.map(function (x) { return searcher.record(x.page); })).then(function (recs) {
        times.records = now();
        var items = [], link = self.link.bind(self);
        recs.forEach(function (rec, k) { if (rec) items.push(describe(batch[k], rec, res.terms, link)); });
        return { id: m.id, q: m.q, from: from, next: from + batch.length, total: res.results.length, items: items, times: times };
      });
    });
  };

  // pieceData reads an index file's data, the JSON between its first "{"
  // and its last "}" (window.glossSearch={…}; or glossSearchPiece({…});).
  function pieceData(text) {
    return JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1));
  }

  // fetched is a promise of an index file's data, fetched (in a worker,
  // where fetch works; several at once, where importScripts takes turns).
  function fetched(url) {
    return fetch(url, { priority: "high" }).then(function (resp) {
      if (!resp.ok) throw new Error("cannot load " + url);
      return resp.text();
    }).then(pieceData);
  }

  // scriptLoader loads pieces as scripts, which work from file:// where
  // fetch does not; each calls glossSearchPiece, which finds its loader by
  // its address.
  function scriptLoader(root) {
    var waiting = {};
    global.glossSearchPiece = function (data) {
      var src = document.currentScript && document.currentScript.src;
      if (waiting[src]) { waiting[src].resolve(data); delete waiting[src]; }
    };
    return function (name) {
      return new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = new URL("search-index/" + name + ".js", root).href;
        s.fetchPriority = "high"; // a script added by a script is otherwise fetched as one that can wait
        waiting[s.src] = { resolve: resolve };
        s.onerror = function () { reject(new Error("cannot load " + s.src)); };
        document.head.appendChild(s);
      });
    };
  }

  // What search.js (on a page with no worker) and the tests (in Node) use.
  var core = {
    tokens: tokens, stem: stem, parse: parse, Searcher: Searcher, sections: sections, spans: spans, passage: passage,
    Engine: Engine, pieceData: pieceData, scriptLoader: scriptLoader
  };
  if (typeof module !== "undefined" && module.exports) module.exports = core;

  if (inWorker) {
    // Started by the search page (layouts/search.html).
    var engine = new Engine(entryData, function (name) {
      return fetched(new URL("search-index/" + name + ".js", root).href);
    }, root);
    global.onmessage = function (e) {
      var m = e.data;
      engine.ask(m).then(function (reply) { global.postMessage(reply); }, function (err) {
        global.postMessage({ id: m.id, q: m.q, error: err.message });
      });
    };
  } else if (typeof document !== "undefined") {
    global.glossSearchCore = core; // for search.js, on a page with no worker
  }
})(typeof self !== "undefined" ? self : this);
