import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { publishedSubgraphFile, SCHEMA_DIR } from "../schema/compose";

/**
 * `npm run check -- <department>`: a department's change composed with the others' published
 * subgraphs and compared with the published API, as CI and a department's release run it
 * (the compiled command, dist/schema/check.js, built by the suite's global setup).
 */
const run = promisify(execFile);
const root = path.resolve(SCHEMA_DIR, "..");

async function check(department: string, sdl: string): Promise<{ code: number; output: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), "check-"));
  const file = path.join(dir, `${department}.graphql`);
  writeFileSync(file, sdl);
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ["dist/schema/check.js", department, "--sdl", file],
      { cwd: root },
    );
    return { code: 0, output: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, output: err.stdout + err.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("npm run check", () => {
  const bureau = readFileSync(publishedSubgraphFile("bureau"), "utf8");
  const masswork = readFileSync(publishedSubgraphFile("masswork"), "utf8");

  it("passes every department's current code", async () => {
    const { stdout } = await run(process.execPath, ["dist/schema/check.js", "--all"], {
      cwd: root,
    });
    expect(stdout.match(/^ok: /gm)).toHaveLength(3);
  });

  it("accepts an additive change: a new nullable field on the department's own type", async () => {
    const added = bureau.replace(
      /type Visit\s+@key\(fields: "id"\)\s*\{/,
      (m) => `${m}\n  """a memo of the clerk"""\n  clerkMemo: String`,
    );
    expect(added).not.toBe(bureau);
    const { code, output } = await check("bureau", added);
    expect(output).toMatch(/^ok: composes/m);
    expect(code).toBe(0);
  });

  it("refuses a breaking change, naming it: a field clients use removed", async () => {
    const removed = bureau.replace(
      /(type Visit\s+@key\(fields: "id"\)\s*\{[^}]*?)\n\s*headcount: Int!/,
      "$1",
    );
    expect(removed).not.toBe(bureau);
    const { code, output } = await check("bureau", removed);
    expect(output).toMatch(/breaking changes \(\d+\):/);
    expect(output).toMatch(/FIELD_REMOVED: Visit\.headcount was removed/);
    expect(output).toMatch(/^refused$/m);
    expect(code).toBe(1);
  });

  it("refuses a change that does not compose with the others' published subgraphs", async () => {
    // masswork claims a field of the bureau's Petition with another type
    const clash = masswork.replace(
      /type Petition\s+@key\(fields: "id"\)\s*\{/,
      (m) => `${m}\n  title: Int`,
    );
    expect(clash).not.toBe(masswork);
    const { code, output } = await check("masswork", clash);
    expect(output).toMatch(/composition errors \(\d+\):/);
    expect(code).toBe(1);
  });

  it("lists dangerous changes without refusing them: an enum value added", async () => {
    const widened = bureau.replace(/enum VisitLevel\s*\{/, (m) => `${m}\n  TOWNSHIP`);
    expect(widened).not.toBe(bureau);
    const { code, output } = await check("bureau", widened);
    expect(output).toMatch(/dangerous changes .*:\n\s+- VALUE_ADDED_TO_ENUM/);
    expect(code).toBe(0);
  });
});
