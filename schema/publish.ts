import "reflect-metadata";
import path from "node:path";
import { projectRoot } from "../common/config";
import { checkDepartment, parseArguments, passed, report } from "./check";
import type { SubgraphName } from "../common/config";
import {
  publishedSubgraphFile,
  publishedSubgraphs,
  schemaFiles,
  withPublishLock,
  writeSchemaFiles,
} from "./compose";

const isOtherDepartment = (file: string, department: SubgraphName) =>
  file.includes(`${path.sep}subgraphs${path.sep}`) && file !== publishedSubgraphFile(department);

/**
 * `npm run schema:publish -- <department> [--sdl FILE]`: checks the department's change (check.ts) and,
 * when nothing breaks, writes its subgraph schema and the new supergraph and API schema into
 * schema/. A gateway watching schema/supergraph.graphql (or polling SUPERGRAPH_URL where the
 * file is served) serves the change within seconds; no other department restarts.
 */
async function main() {
  const { departments, sdl } = parseArguments(process.argv.slice(2));
  if (departments.length !== 1) throw new Error("publish one department at a time");
  const [department] = departments;
  // the check and the writing under one lock: the others' files are read as they are now
  const passedCheck = await withPublishLock(async () => {
    const result = await checkDepartment(department, { sdl });
    console.log(report(result));
    if (!passed(result) || !result.composition) return false;
    const published = publishedSubgraphs().map((s) =>
      s.name === department ? { name: department, sdl: result.sdl } : s,
    );
    // the other departments' files are written back as they were read: only ours changes
    writeSchemaFiles(
      schemaFiles(published, result.composition).filter(
        ([file]) => !isOtherDepartment(file, department),
      ),
    );
    return true;
  });
  if (!passedCheck) process.exit(1);
  console.log(
    `published ${department}: gateways watching ${path.relative(projectRoot(), path.join("schema", "supergraph.graphql"))} serve it within seconds`,
  );
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(2);
});
