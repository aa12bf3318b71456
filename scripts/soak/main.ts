import os from "node:os";
import { SUBGRAPHS } from "../../common/config";
import { account, GatewayClient } from "./client";
import { prepareDatabases, type SoakDatabases } from "./databases";
import { checkAudit, checkReadBack, findDuplicates, type AuditFigures } from "./ledger";
import { parseOptions, USAGE, type SoakOptions } from "./options";
import { readBack } from "./readback";
import { buildResult, printResult, writeJson } from "./report";
import { Stats } from "./stats";
import { createSystem, killAll, type SoakSystem } from "./system";
import { learnDemoData, makeAccounts, runClients } from "./workload";
import { World } from "./world";

/**
 * `npm run soak`: the whole system as child processes over fresh databases, many clients of
 * every role for a while (a part or the database going away in the middle, if asked), then
 * every acknowledged write read back and every unmasked read matched with its audit row.
 */
const log = (line: string) => console.log(line);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function healthy(url: string, withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) return true;
    } catch {
      // not yet
    }
    await sleep(250);
  }
  return false;
}

/** The faults asked for, each at its moment: a subgraph killed and restarted, the database away. */
async function injectFaults(
  o: SoakOptions,
  system: SoakSystem,
  databases: SoakDatabases,
  stats: Stats,
  clientsStart: number,
): Promise<void> {
  const both = o.restartSubgraph !== null && o.restartDatabase;
  const at = (fraction: number) =>
    sleep(Math.max(0, clientsStart + fraction * o.seconds * 1000 - Date.now()));
  const since = (t: number) => `${((Date.now() - t) / 1000).toFixed(1)} s`;
  if (o.restartSubgraph) {
    const name = o.restartSubgraph;
    await at(both ? 1 / 3 : 1 / 2);
    const outage = stats.outageStarted(`${name} killed`);
    system.kill(name);
    log(`  ${name}: killed (SIGKILL) at ${since(clientsStart)}`);
    await sleep(o.outageSeconds * 1000);
    await system.start(name);
    stats.outageEnded(outage);
    log(`  ${name}: answers again, ${since(outage.from)} after the kill`);
  }
  if (o.restartDatabase && databases.proxy) {
    await at(both ? 2 / 3 : 1 / 2);
    const outage = stats.outageStarted("database away");
    await databases.proxy.outage();
    log(`  database: every connection dropped, new ones refused, at ${since(clientsStart)}`);
    await sleep(o.outageSeconds * 1000);
    await databases.proxy.resume();
    // the gateway's health asks every subgraph, and each asks its database
    await healthy(system.gatewayUrl.replace(/\/graphql$/, "/health"), 60_000);
    stats.outageEnded(outage);
    log(
      `  database: back, the gateway answers healthy ${since(outage.from)} after the outage began`,
    );
  }
}

async function main(): Promise<number> {
  let parsed: SoakOptions | "help";
  try {
    parsed = parseOptions(process.argv.slice(2));
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed === "help") {
    log(USAGE);
    return 0;
  }
  const o = parsed;
  const startedAt = new Date();
  let databases: SoakDatabases;
  try {
    databases = await prepareDatabases(o.mysqlUrl, o.restartDatabase);
  } catch (e) {
    console.error(`soak failed: ${(e as Error).message}`);
    return 2;
  }
  let system: SoakSystem | null = null;
  let cleaning: Promise<void> | null = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      try {
        await system?.stopAll();
      } catch {
        killAll();
      }
      await databases.remove();
    })());
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the children and removing the soak's databases`);
      void cleanup().finally(() => process.exit(130));
    });

  try {
    system = await createSystem(databases, { verbose: o.verbose });
    const t0 = Date.now();
    log(
      `starting the system (${databases.kind}${databases.proxy ? ", through the soak's database proxy" : ""}) …`,
    );
    await Promise.all(SUBGRAPHS.map((name) => system!.start(name)));
    await system.start("gateway");
    log(`three subgraphs and the gateway answer, after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const stats = new Stats();
    const client = new GatewayClient(system.gatewayUrl, o.connections + 10, stats);
    const quiet = new GatewayClient(system.gatewayUrl, 8, null);
    const world = new World(`soak${Date.now().toString(36).slice(-5)}`, o.seed);
    await learnDemoData(world, quiet, system.authSecret);
    const accounts = await makeAccounts(system.authSecret, world, o.connections);
    const clients: Record<string, number> = {};
    for (const a of accounts) clients[a.role] = (clients[a.role] ?? 0) + 1;

    log(`${o.connections} clients for ${o.seconds} s …`);
    const clientsStart = Date.now();
    const loadAtStart = Math.round(os.loadavg()[0] * 100) / 100;
    world.deadline = clientsStart + o.seconds * 1000;
    const progress = setInterval(() => {
      const acked = new Set(world.acks.filter((a) => a.kind === "registration").map((a) => a.ref))
        .size;
      log(
        `  ${Math.round((Date.now() - clientsStart) / 1000)} s: ${stats.requests} requests, ${stats.failureCount()} failed, ${acked} registrations acknowledged`,
      );
    }, 10_000);
    const faults = injectFaults(o, system, databases, stats, clientsStart);
    await runClients(world, client, accounts);
    const clientsEnd = Date.now();
    const loadAtEnd = Math.round(os.loadavg()[0] * 100) / 100;
    clearInterval(progress);
    await faults;
    if (!(await healthy(system.gatewayUrl.replace(/\/graphql$/, "/health"), 60_000)))
      log("the gateway does not answer healthy; reading back anyway");

    log("reading back every acknowledged write …");
    const readers = {
      cases: await account(system.authSecret, "integrator", `soak-${world.run}-readback`),
      desk: await account(system.authSecret, "service-center", `soak-${world.run}-readback-desk`),
      masswork: await account(system.authSecret, "masswork", `soak-${world.run}-readback-masswork`),
    };
    const { observed } = await readBack(quiet, readers, world.acks);
    const { figures, problems } = checkReadBack(world.acks, observed);
    const duplicates = findDuplicates(world.acks);
    await client.close();
    await quiet.close();
    await system.stopAll();

    let audit: AuditFigures | null = null;
    try {
      const readersOfPersons = new Set(
        accounts.filter((a) => a.role === "bureau" || a.role === "leader").map((a) => a.subject),
      );
      audit = checkAudit(world.auditedReads, await databases.auditRows(), readersOfPersons);
    } catch (e) {
      log(`the audit rows could not be counted: ${(e as Error).message}`);
    }
    const result = buildResult({
      options: o,
      startedAt,
      clientsStarted: clientsStart,
      clientsEnded: clientsEnd,
      loadAtStart,
      loadAtEnd,
      clients,
      stats,
      writes: figures,
      duplicates,
      problems,
      audit,
    });
    printResult(result, log);
    if (o.jsonFile) {
      writeJson(o.jsonFile, result);
      log(`results written to ${o.jsonFile}`);
    }
    return result.verdict.passed ? 0 : 1;
  } catch (e) {
    console.error(`soak failed: ${(e as Error).message}`);
    return 2;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    killAll();
    process.exit(2);
  },
);
