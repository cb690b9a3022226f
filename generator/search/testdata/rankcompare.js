// Runs queries on a built index with the search page's code
// (templates/briefing/assets/search-core.js) and with the reference ranking
// (rankref.js), for TestRankingMatchesReference:
//   node rankcompare.js SEARCH_JS INDEX_DIR < queries (one a line)
// prints, for each query, a JSON line {query, got, top, want}: every result
// as "page score section:score section:score…", its sections best first;
// top is the first 16 as the first screen picks them, without sorting all.
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
    const all = (await s.search(q)).results, first = (await s.search(q)).results;
    const top = show(first.slice(0, 16), core.sections);
    const got = show(all.slice(0, all.length), core.sections);
    const want = show((await r.search(q)).results, ref.sections);
    console.log(JSON.stringify({ query: q, got: got, top: top, want: want }));
  }
})();
