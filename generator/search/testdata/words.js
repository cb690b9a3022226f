// Prints, for each line of standard input, the search page's tokens of it
// stemmed, joined by spaces: node words.js SEARCH_JS < lines
const fs = require("fs"), path = require("path");
const core = require(path.resolve(process.argv[2]));
const out = [];
for (const line of fs.readFileSync(0, "utf8").split("\n")) {
  out.push(core.tokens(line).map(core.stem).join(" "));
}
process.stdout.write(out.join("\n"));
