// Before the suite: compile the project into dist/, so tests that run parts as real processes
// (a subgraph killed and restarted, a SIGTERM under load, `npm run check`) start the code under
// test. Incremental: after the first build, an unchanged tree costs a few seconds.
const { execFileSync } = require("node:child_process");
const path = require("node:path");

module.exports = async function globalSetup() {
  const root = path.resolve(__dirname, "..", "..");
  execFileSync(process.execPath, [path.join(root, "scripts", "prune-dist.js")], {
    stdio: "inherit",
  });
  execFileSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.json")],
    { cwd: root, stdio: "inherit" },
  );
};
