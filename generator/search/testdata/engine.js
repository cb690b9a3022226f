// Asks the search page's engine (templates/briefing/assets/search-core.js)
// about queries as the page does, reading the index's files as the worker
// does (their text, through pieceData), for the Go tests:
//   node engine.js SEARCH_CORE_JS INDEX_DIR ROOT < queries (one a line)
// prints, for each query, a JSON line {query, replies: [reply…]}: the first
// screen's reply, then "More results" until there are no more.
const fs = require("fs"), path = require("path");
const core = require(path.resolve(process.argv[2]));
const dir = process.argv[3], root = process.argv[4];
const read = (file) => Promise.resolve(core.pieceData(fs.readFileSync(path.join(dir, file), "utf8")));
const queries = fs.readFileSync(0, "utf8").split("\n").filter((q) => q !== "");
(async () => {
  for (const q of queries) {
    const engine = new core.Engine(read("search-index.js"), (name) => read(path.join("search-index", name + ".js")), root);
    const replies = [];
    let from = 0;
    for (let id = 1; id < 100; id++) {
      const r = await engine.ask({ id: id, q: q, from: from });
      delete r.times;
      replies.push(r);
      if (r.next >= r.total) break;
      from = r.next;
    }
    console.log(JSON.stringify({ query: q, replies: replies }));
  }
})();
