// Cuts excerpts with the search page's own code
// (templates/briefing/assets/search-core.js), for the Go tests:
//   node excerpt.js SEARCH_JS < cases (a JSON line each: {query, text})
// prints, for each case, a JSON line {passage, marked}: the passage a result
// shows of the text (null if no word of the query is in it), and the passage
// with its marked words in [brackets].
const fs = require("fs"), path = require("path");
const core = require(path.resolve(process.argv[2]));
for (const line of fs.readFileSync(0, "utf8").split("\n")) {
  if (!line) continue;
  const c = JSON.parse(line);
  const terms = core.parse(c.query);
  const passage = core.passage(c.text, terms);
  let marked = null;
  if (passage !== null) {
    marked = "";
    let at = 0;
    for (const [start, end] of core.spans(passage, terms)) {
      marked += passage.slice(at, start) + "[" + passage.slice(start, end) + "]";
      at = end;
    }
    marked += passage.slice(at);
  }
  console.log(JSON.stringify({ passage, marked }));
}
