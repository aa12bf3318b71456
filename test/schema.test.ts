import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { composeSupergraph, publishedSubgraphFile, SCHEMA_DIR } from "../schema/compose";

describe("the composed supergraph", () => {
  let composed: Awaited<ReturnType<typeof composeSupergraph>>;
  beforeAll(async () => {
    // throws, failing every test here, when composition reports errors
    composed = await composeSupergraph();
  });

  it("is what `npm run compose` last wrote (schema/supergraph.graphql is not stale)", () => {
    expect(readFileSync(path.join(SCHEMA_DIR, "supergraph.graphql"), "utf8")).toBe(
      composed.supergraphSdl,
    );
  });

  it("has an API schema file that is not stale (schema/api.graphql)", () => {
    expect(readFileSync(path.join(SCHEMA_DIR, "api.graphql"), "utf8")).toBe(composed.apiSdl);
  });

  it("publishes each department's subgraph schema as its code prints it (schema/subgraphs/)", () => {
    for (const s of composed.subgraphs)
      expect(readFileSync(publishedSubgraphFile(s.name), "utf8")).toContain(s.sdl);
  });

  it("keeps the public API promise of ../shared/contract/api.graphql", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "contract-"));
    const file = path.join(dir, "api.graphql");
    writeFileSync(file, composed.apiSdl);
    const checker = path.resolve(
      SCHEMA_DIR,
      "..",
      "..",
      "shared",
      "contract",
      "check-contract.mjs",
    );
    if (!existsSync(checker))
      throw new Error(
        `the contract checker is not at ${checker}: the project must sit beside ../shared, as in CI`,
      );
    let output = "";
    let status = 0;
    try {
      output = execFileSync(process.execPath, [checker, file], {
        cwd: path.resolve(SCHEMA_DIR, ".."),
        encoding: "utf8",
      });
    } catch (e) {
      const err = e as { status: number; stdout: string; stderr: string };
      status = err.status;
      output = `${err.stdout}${err.stderr}`;
    }
    expect(output).toContain("contract: kept");
    expect(status).toBe(0);
  });

  it("routes every department's part to its own subgraph", () => {
    const sdl = composed.supergraphSdl;
    for (const name of ["BUREAU", "MASSWORK", "SERVICE_CENTER"])
      expect(sdl).toContain(`${name} @join__graph`);
    expect(sdl).toMatch(/type Petition\s+@join__type\(graph: BUREAU, key: "id"\)/);
  });
});
