import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

/**
 * The gateway's process loads what the gateway uses, and none of the subgraphs' machinery:
 * started from the compiled tree as `npm run start:gateway` starts it (the suite's global
 * setup builds dist/), it lists the modules it loaded.
 */
const run = promisify(execFile);
const root = path.resolve(__dirname, "..");

const PROBE = `
const { startSystem } = require("./dist/scripts/system.js");
const { loadConfig } = require("./dist/common/config/index.js");
const config = loadConfig({ GATEWAY_PORT: "0", AUTH_SECRET: "x".repeat(40), INTERNAL_SECRET: "y".repeat(40), DATA_DIR: process.env.PROBE_DIR });
startSystem({ config, only: ["gateway"] }).then(async (system) => {
  const loaded = Object.keys(require.cache);
  await system.stop(0);
  process.stdout.write(JSON.stringify(loaded));
  process.exit(0);
}, (e) => { console.error(e); process.exit(1); });
`;

function withoutTraceSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith("OTEL_")));
}

describe("the gateway's process", () => {
  let loaded: string[];
  beforeAll(async () => {
    const { stdout } = await run(process.execPath, ["-e", PROBE], {
      cwd: root,
      env: {
        ...withoutTraceSettings(process.env),
        NODE_ENV: "development",
        PROBE_DIR: path.join(root, "data", "probe"),
      },
    });
    loaded = (JSON.parse(stdout) as string[]).map((p) => path.relative(root, p));
  });

  it("loads no database driver, ORM, schema builder or segmenter", () => {
    const heavy = loaded.filter((p) =>
      /node_modules\/(typeorm|type-graphql|@node-rs\/jieba|better-sqlite3|mysql2|class-validator|dataloader)\//.test(
        p,
      ),
    );
    expect(heavy).toEqual([]);
  });

  it("loads no tracing SDK or exporter while traces are off (no OTEL_* set)", () => {
    expect(
      loaded.filter((p) =>
        /node_modules\/(@opentelemetry\/(sdk-trace|exporter-trace|context-async-hooks)|otel-)/.test(
          p,
        ),
      ),
    ).toEqual([]);
  });

  it("loads none of the departments' code, the dataset, or the subgraphs' server", () => {
    const ours = loaded.filter((p) => p.startsWith("dist/"));
    expect(
      ours.filter((p) =>
        /^dist\/(subgraphs|seed)\/|^dist\/common\/(db|search|server|domain)\//.test(p),
      ),
    ).toEqual([]);
    expect(ours).toContain("dist/gateway/index.js");
  });

  it("loads the dashboard's handler alone: its page, exports and exceljs wait for a request", () => {
    expect(loaded).toContain("dist/gateway/dashboard/index.js");
    expect(
      loaded.filter((p) =>
        /node_modules\/(exceljs|echarts)\/|^dist\/gateway\/dashboard\/(export|serve|client|tables)\.js$/.test(
          p,
        ),
      ),
    ).toEqual([]);
  });

  it("stays small: under two thirds of the modules the whole system loads", async () => {
    const { stdout } = await run(
      process.execPath,
      [
        "-e",
        `require("./dist/scripts/subgraph-part.js"); require("./dist/gateway/index.js"); process.stdout.write(String(Object.keys(require.cache).length));`,
      ],
      { cwd: root },
    );
    // about 1,370 against 2,150 at the time of writing
    expect(loaded.length).toBeLessThan((Number(stdout) * 2) / 3);
  });
});
