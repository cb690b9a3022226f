// Loads a built index for the tests' scripts, as the search page does:
// index(dir) is {entry: window.glossSearch, load(name): a promise of the
// piece's data}, each script run in a context of its own.
const fs = require("fs"), vm = require("vm"), path = require("path");
module.exports = function index(dir) {
  const ctx = { window: {} };
  vm.runInNewContext(fs.readFileSync(path.join(dir, "search-index.js"), "utf8"), ctx);
  function load(name) {
    let got;
    vm.runInNewContext(fs.readFileSync(path.join(dir, "search-index", name + ".js"), "utf8"), { glossSearchPiece: (d) => (got = d) });
    return Promise.resolve(got);
  }
  return { entry: ctx.window.glossSearch, load: load };
};
