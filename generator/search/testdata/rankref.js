// The ranking as the search page's code computed it before it decoded postings into typed
// arrays (issue 16, fourth pass): postings decoded into plain arrays, hits
// in a Map per page, every page's sections summed. Slow on a word that is on
// most pages of a big site, but plain to read, so it is kept as the
// specification that TestRankingMatchesReference holds search-core.js to: the
// same results, in the same order, with the same scores and sections.
//
// It reads the index through the search page's own parse (words, stems,
// prefixes) and choice of pieces, so that only the ranking is compared.
"use strict";

module.exports = function (core) {
  var more = "abcdefghijklmnopqrstuvwxyzABCDEF", lastDigits = "0123456789GHIJKLMNOPQRSTUVWXYZ_-";
  var digit = {};
  for (var d = 0; d < 32; d++) { digit[more[d]] = [d, false]; digit[lastDigits[d]] = [d, true]; }

  function decode(s) {
    var out = [], page = -1, pos = 0, len = s.length;
    function num() {
      var v = 0;
      for (;;) {
        var dg = digit[s[pos++]];
        v = v * 32 + dg[0];
        if (dg[1]) return v;
      }
    }
    while (pos < len) {
      page += num();
      var n = num();
      out.push(page, n);
      for (var k = 0; k < n; k++) out.push(num(), num());
    }
    return out;
  }

  function Searcher(entry, load) {
    // The search page's, for its lists of pieces only.
    this.page = new core.Searcher(entry, load);
    this.load = load;
    this.pieces = {};
    this.postings = {};
  }

  Searcher.prototype.piece = function (name) {
    if (!this.pieces[name]) this.pieces[name] = this.load(name);
    return this.pieces[name];
  };

  Searcher.prototype.matches = function (t) {
    var self = this, names = this.page.pieceNames(t);
    return Promise.all(names.map(function (n) { return self.piece(n); })).then(function (pieces) {
      var hits = new Map();
      function add(term, weight) {
        var list = self.postings[term];
        if (!list) {
          var raw;
          for (var p = 0; p < pieces.length && raw === undefined; p++) raw = pieces[p].t[term];
          if (raw === undefined) return;
          list = self.postings[term] = decode(raw);
        }
        for (var i = 0; i < list.length;) {
          var page = list[i], n = list[i + 1], h = hits.get(page);
          i += 2;
          if (!h) hits.set(page, h = []);
          for (var k = 0; k < n; k++, i += 2) {
            var sec = list[i], score = list[i + 1] * weight, j = 0;
            while (j < h.length && h[j] !== sec) j += 2;
            if (j < h.length) h[j + 1] = Math.max(h[j + 1], score);
            else h.push(sec, score);
          }
        }
      }
      add(t.stem, 1);
      if (t.prefix) {
        pieces.forEach(function (p) {
          Object.keys(p.t).forEach(function (term) {
            if (term !== t.stem && term.lastIndexOf(t.word, 0) === 0) add(term, 0.5);
          });
        });
      }
      return hits;
    });
  };

  Searcher.prototype.search = function (q) {
    var terms = core.parse(q), self = this;
    if (!terms.length) return Promise.resolve({ terms: terms, results: [] });
    return Promise.all(terms.map(function (t) { return self.matches(t); })).then(function (all) {
      all.sort(function (a, b) { return a.size - b.size; });
      var results = [];
      all[0].forEach(function (_, page) {
        var score = 0, secs = new Map();
        for (var k = 0; k < all.length; k++) {
          var h = all[k].get(page);
          if (!h) return;
          var best = 0;
          for (var j = 0; j < h.length; j += 2) {
            best = Math.max(best, h[j + 1]);
            secs.set(h[j], (secs.get(h[j]) || 0) + h[j + 1]);
          }
          score += best;
        }
        results.push({ page: page, score: score, secs: secs });
      });
      results.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
      return { terms: terms, results: results };
    });
  };

  function sections(r) {
    if (!r.sections) {
      r.sections = [];
      r.secs.forEach(function (v, s) { r.sections.push([s, v]); });
      r.sections.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    }
    return r.sections;
  }

  return { Searcher: Searcher, sections: sections };
};
