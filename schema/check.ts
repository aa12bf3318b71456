import "reflect-metadata";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildSchema, findBreakingChanges, findDangerousChanges } from "graphql";
import { projectRoot, SUBGRAPHS, type SubgraphName } from "../common/config";
import {
  API_FILE,
  compose,
  publishedSubgraphs,
  SCHEMA_DIR,
  subgraphSdlFromCode,
  type Composition,
} from "./compose";

/** What a department's change would do to the graph, before it ships. */
export interface CheckResult {
  department: SubgraphName;
  /** the change does not compose with the others' published subgraphs */
  compositionErrors: string[];
  /** clients' queries that worked would fail (a field or type removed or retyped, an argument required…) */
  breaking: string[];
  /** clients may see other answers (an enum value or optional argument added…): listed, not refused */
  dangerous: string[];
  /** points of ../shared/contract/api.graphql the change would break */
  contract: string[];
  /** the department's subgraph schema that was checked */
  sdl: string;
  /** the composition with the change, when it composes */
  composition: Composition | null;
}

export function passed(result: CheckResult): boolean {
  return !result.compositionErrors.length && !result.breaking.length && !result.contract.length;
}

/**
 * Composes the department's current subgraph (its code, or a given schema) with the other
 * departments' published ones, and compares the API that results with the published API
 * (schema/api.graphql) and with the public contract.
 */
export async function checkDepartment(
  department: SubgraphName,
  options: { sdl?: string; dir?: string } = {},
): Promise<CheckResult> {
  const dir = options.dir ?? SCHEMA_DIR;
  const sdl = options.sdl ?? (await subgraphSdlFromCode(department));
  const subgraphs = publishedSubgraphs(dir).map((s) =>
    s.name === department ? { name: department, sdl } : s,
  );
  const composed = compose(subgraphs);
  const result: CheckResult = {
    department,
    compositionErrors: [],
    breaking: [],
    dangerous: [],
    contract: [],
    sdl,
    composition: null,
  };
  if ("errors" in composed) {
    result.compositionErrors = composed.errors;
    return result;
  }
  result.composition = composed;
  const published = buildSchema(readFileSync(path.join(dir, API_FILE), "utf8"));
  const next = buildSchema(composed.apiSdl);
  result.breaking = findBreakingChanges(published, next).map((c) => `${c.type}: ${c.description}`);
  result.dangerous = findDangerousChanges(published, next).map(
    (c) => `${c.type}: ${c.description}`,
  );
  result.contract = contractBreaks(composed.apiSdl);
  return result;
}

/** The contract checker's findings for an API schema (empty when the promise is kept). */
function contractBreaks(apiSdl: string): string[] {
  const checker = path.resolve(projectRoot(), "..", "shared", "contract", "check-contract.mjs");
  if (!existsSync(checker))
    return [`the contract checker is not at ${checker}: the project must sit beside ../shared`];
  const dir = mkdtempSync(path.join(tmpdir(), "api-"));
  const file = path.join(dir, "api.graphql");
  try {
    writeFileSync(file, apiSdl);
    execFileSync(process.execPath, [checker, file], {
      cwd: projectRoot(),
      encoding: "utf8",
      stdio: "pipe",
    });
    return [];
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return `${err.stdout ?? ""}${err.stderr ?? ""}`
      .split("\n")
      .filter((l) => l.trim() && !l.startsWith("contract: kept"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function report(result: CheckResult): string {
  const lines = [`== ${result.department}`];
  const list = (title: string, items: string[]) => {
    if (items.length) lines.push(`${title} (${items.length}):`, ...items.map((i) => `  - ${i}`));
  };
  list("composition errors", result.compositionErrors);
  list("breaking changes", result.breaking);
  list("contract broken", result.contract);
  list("dangerous changes (allowed; tell the front ends)", result.dangerous);
  lines.push(passed(result) ? "ok: composes, breaks no client and keeps the contract" : "refused");
  return lines.join("\n");
}

/** The departments and options of a command line: `<department>… | --all`, `--sdl FILE` for one department. */
export function parseArguments(argv: string[]): { departments: SubgraphName[]; sdl?: string } {
  const sdlAt = argv.indexOf("--sdl");
  const sdl = sdlAt >= 0 ? readFileSync(argv[sdlAt + 1], "utf8") : undefined;
  const names = argv.filter((a, i) => !a.startsWith("--") && argv[i - 1] !== "--sdl");
  const departments = argv.includes("--all") ? [...SUBGRAPHS] : names;
  for (const d of departments)
    if (!SUBGRAPHS.includes(d as SubgraphName))
      throw new Error(`unknown department "${d}": use ${SUBGRAPHS.join(", ")} or --all`);
  if (!departments.length) throw new Error(`name a department (${SUBGRAPHS.join(", ")}) or --all`);
  if (sdl !== undefined && departments.length !== 1)
    throw new Error("--sdl goes with exactly one department");
  return { departments: departments as SubgraphName[], sdl };
}

/** `npm run check -- <department>… | --all [--sdl FILE]`: exits 1 when anything would break. */
async function main() {
  const { departments, sdl } = parseArguments(process.argv.slice(2));
  let failed = 0;
  for (const department of departments) {
    const result = await checkDepartment(department, { sdl });
    console.log(report(result));
    if (!passed(result)) failed++;
  }
  process.exit(failed ? 1 : 0);
}

if (require.main === module) {
  main().catch((e) => {
    console.error((e as Error).message);
    process.exit(2);
  });
}
