// Before an incremental build: remove compiled files whose source is gone (moved or deleted),
// so that a stale dist/common/config.js can never shadow dist/common/config/index.js.
const { existsSync, readdirSync, rmSync } = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const dist = path.join(root, "dist");

function prune(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      prune(full);
      if (!readdirSync(full).length) rmSync(full, { recursive: true });
      continue;
    }
    const match = /^(.*)\.js(\.map)?$/.exec(entry.name);
    if (!match) continue;
    const source = path.join(root, path.relative(dist, dir), `${match[1]}.ts`);
    if (!existsSync(source)) rmSync(full);
  }
}

prune(dist);
