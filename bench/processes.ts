import path from "node:path";
import { CALLER_HEADER } from "../common/auth";
import { projectRoot, SUBGRAPHS, type SubgraphName } from "../common/config";
import { startChild, type Child } from "./children";
import { envKey, type PreparedData } from "./data";
import type { BenchIdentity } from "./identity";
import { GRAFBASE_PACKAGE, grafbaseBinary, startGrafbase } from "./grafbase";
import type { Against, BenchOptions } from "./options";
import type { GatewayName, Target } from "./targets";

/**
 * Settings every child runs with: production, local addresses, and the run's identity provider
 * and internal secret (production makes up neither, and every part must share them).
 */
function productionEnv(identity: BenchIdentity): Record<string, string> {
  return {
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    AUTH_JWKS_URL: identity.jwksUrl,
    INTERNAL_SECRET: identity.internalSecret,
  };
}

export interface RunningSubgraphs {
  urls: Record<SubgraphName, string>;
  children: Child[];
  stop(): Promise<void>;
}

/** The three subgraphs, each in its own process (or all in one), over the bench databases. */
export async function startSubgraphs(
  o: BenchOptions,
  data: PreparedData,
  identity: BenchIdentity,
): Promise<RunningSubgraphs> {
  const env: Record<string, string> = { ...productionEnv(identity), DEMO_DATA: data.demoData };
  for (const name of SUBGRAPHS) {
    env[`${envKey(name)}_DB_URL`] = data.databaseUrls[name];
    env[`${envKey(name)}_PORT`] = "0";
  }
  const groups: SubgraphName[][] =
    o.subgraphProcesses === "each" ? SUBGRAPHS.map((n) => [n]) : [[...SUBGRAPHS]];
  const children: Child[] = [];
  const stop = async () => {
    await Promise.all(children.map((c) => c.stop()));
  };
  // all at once: each migrates its own database, and loads its demo data when empty
  const launched = await Promise.allSettled(
    groups.map((names) =>
      startChild({
        label: names.join("+"),
        script: path.join(__dirname, "subgraph-main.js"),
        args: names,
        env,
        verbose: o.verbose,
      }),
    ),
  );
  for (const l of launched) if (l.status === "fulfilled") children.push(l.value);
  const failed = launched.find((l): l is PromiseRejectedResult => l.status === "rejected");
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const urls = {} as Record<SubgraphName, string>;
  for (const child of children) Object.assign(urls, child.urls);
  return { urls, children, stop };
}

export interface RunningGateway {
  target: Target;
  child: Child;
}

/** Which gateway an `--against` entry starts. */
export function gatewayOf(a: Against): GatewayName {
  return typeof a === "object" ? "variant" : a;
}

/**
 * One gateway in its own process over the running subgraphs: ours from `oursDist` (or from
 * another build, or with the stock data source) and Hive Gateway serving the same supergraph
 * file, Grafbase composing the same subgraphs' published SDL (grafbase.ts).
 */
export async function startGatewayProcess(
  name: GatewayName,
  o: BenchOptions,
  subgraphUrls: Record<SubgraphName, string>,
  identity: BenchIdentity,
): Promise<RunningGateway> {
  if (name === "grafbase") {
    const binary = grafbaseBinary();
    if (!binary)
      throw new Error(`Grafbase is not installed (${GRAFBASE_PACKAGE} in bench/node_modules)`);
    const child = await startGrafbase({
      binary,
      subgraphUrls,
      callerHeader: CALLER_HEADER,
      host: "127.0.0.1",
      verbose: o.verbose,
    });
    return { target: { name, url: child.urls.gateway, pid: child.pid }, child };
  }
  const env: Record<string, string> = {
    ...productionEnv(identity),
    GATEWAY_PORT: "0",
    SUPERGRAPH_PATH: path.join(projectRoot(), "schema", "supergraph.graphql"),
    BENCH_SUBGRAPH_URLS: JSON.stringify(subgraphUrls),
    BENCH_HIVE_DEDUPE: o.hiveDedupe ? "on" : "off",
    BENCH_CALLER_HEADER: CALLER_HEADER,
  };
  for (const sub of SUBGRAPHS) env[`${envKey(sub)}_URL`] = subgraphUrls[sub];
  const variant = o.against.find((a): a is { dist: string } => typeof a === "object");
  const args =
    name === "hive"
      ? ["hive"]
      : name === "stock"
        ? ["stock", o.oursDist]
        : ["ours", name === "variant" && variant ? variant.dist : o.oursDist];
  const nodeArgs = o.cpuProfileDir
    ? [
        "--cpu-prof",
        `--cpu-prof-dir=${o.cpuProfileDir}`,
        `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`,
      ]
    : [];
  const child = await startChild({
    label: name,
    script: path.join(__dirname, "gateway-main.js"),
    args,
    env,
    nodeArgs,
    verbose: o.verbose,
  });
  return { target: { name, url: child.urls.gateway, pid: child.pid }, child };
}
