import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { projectRoot } from "../common/config";

/**
 * The bench's own packages (bench/package.json), installed in bench/node_modules by
 * `npm run bench` (ensure-installed.js), apart from what the system runs on. The compiled bench
 * in dist/bench would not find them by Node's own lookup, so it loads them from there by name.
 */
const benchFolder = path.join(projectRoot(), "bench");

export const benchRequire = createRequire(path.join(benchFolder, "package.json"));

/** Where a bench package is installed, or null when it is not. */
export function benchPackageDir(name: string): string | null {
  const dir = path.join(benchFolder, "node_modules", name);
  return existsSync(path.join(dir, "package.json")) ? dir : null;
}

/** A bench package's version, or null when it is not installed. */
export function benchPackageVersion(name: string): string | null {
  const dir = benchPackageDir(name);
  return dir
    ? (JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string })
        .version
    : null;
}
