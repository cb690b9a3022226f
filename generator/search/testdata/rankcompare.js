// Runs queries on a built index with the search page's code
// (templates/briefing/assets/search-core.js) and with the reference ranking
// (rankref.js), for TestRankingMatchesReference:
//   node rankcompare.js SEARCH_JS INDEX_DIR < queries (one a line)
// prints, for each query, a JSON line {query, got, top, want, firstPieces}: every result
// as "page score section:score section:score…", its sections best first;
// top is the first 16 as the first screens pick them, without sorting all,
// from a fresh searcher: from a big word's head, not its whole postings;
// firstPieces the pieces that searcher loaded.
const fs = require("fs"), path = require("path");
const core = require(path.resolve(process.argv[2]));
const ref = require("./rankref.js")(core);
const { entry, load } = require("./index.js")(process.argv[3]);
function show(results, sections) {
  return results.map((r) => r.page + " " + r.score + " " + sections(r).map((s) => s[0] + ":" + s[1]).join(" "));
}
const queries = fs.readFileSync(0, "utf8").split("\n").filter((q) => q !== "");
(async () => {
  // One searcher for all queries of each kind, as on the page, where
  // decoded postings are kept for the next query.
  const s = new core.Searcher(entry, load), r = new ref.Searcher(entry, load);
  for (const q of queries) {
    // The first screens as the page asks for them: a word's best pages
    // from its head (the term piece's, without its whole postings).
    const fresh = new core.Searcher(entry, load);
    const first = (await fresh.search(q, 16)).results;
    const top = show(first.slice(0, 16), core.sections);
    const all = (await s.search(q)).results;
    const got = show(all.slice(0, all.length), core.sections);
    const want = show((await r.search(q)).results, ref.sections);
    console.log(JSON.stringify({ query: q, got: got, top: top, want: want, firstPieces: fresh.loaded }));
  }
})();
