// Runs queries on a built index with the search page's own code
// (templates/briefing/assets/search-core.js), for the Go tests:
//   node query.js SEARCH_JS INDEX_DIR < queries (one a line)
// prints, for each query, a JSON line {query, terms, results: [href…], pieces}.
const fs = require("fs"), path = require("path");
const core = require(path.resolve(process.argv[2]));
const { entry, load } = require("./index.js")(process.argv[3]);
const queries = fs.readFileSync(0, "utf8").split("\n").filter((q) => q !== "");
(async () => {
  for (const q of queries) {
    const s = new core.Searcher(entry, load);
    const r = await s.search(q);
    const results = [];
    for (const x of r.results.slice(0, r.results.length)) {
      const rec = await s.record(x.page);
      const secs = core.sections(x);
      const best = secs[0] ? rec[3][secs[0][0]][0] : "";
      results.push(rec[0] + (best ? "#" + best : ""));
    }
    console.log(JSON.stringify({ query: q, terms: r.terms.map((t) => t.stem), results: results, pieces: s.loaded.length }));
  }
})();
