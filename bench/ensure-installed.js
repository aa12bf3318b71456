#!/usr/bin/env node
// The bench's own packages (bench/package.json: the peer gateways, their runtime, autocannon)
// live in bench/node_modules, apart from what the system runs on. `npm run bench` calls this
// first: it installs them from bench/package-lock.json when they are missing or the lock file
// changed, and does nothing otherwise. Plain JavaScript, since it runs before the bench compiles.
"use strict";
const { spawnSync } = require("node:child_process");
const { createHash } = require("node:crypto");
const { existsSync, readFileSync, writeFileSync } = require("node:fs");
const path = require("node:path");

const dir = __dirname;
const stamp = path.join(dir, "node_modules", ".bench-lock-sha256");
const lock = readFileSync(path.join(dir, "package-lock.json"));
const wanted = createHash("sha256").update(lock).digest("hex");

if (existsSync(stamp) && readFileSync(stamp, "utf8").trim() === wanted) process.exit(0);

console.log(
  "[bench] installing the bench's own packages into bench/node_modules (once; bench/package.json) …",
);
const started = Date.now();
// --prefer-offline: packages already in npm's cache are not asked for again
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const result = spawnSync(
  npm,
  ["ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"],
  { cwd: dir, stdio: "inherit" },
);
if (result.status !== 0) {
  console.error(
    `[bench] npm ci in bench/ failed (${result.error ? result.error.message : `exit ${result.status}`})`,
  );
  process.exit(1);
}
writeFileSync(stamp, wanted + "\n");
console.log(`[bench] installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
