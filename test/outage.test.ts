import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { request } from "undici";
import { SUBGRAPHS, type SubgraphName } from "../common/config";
import { compose, publishedSubgraphs } from "../schema/compose";
import { load, pause, startProcesses, type ProcessSystem } from "./support/processes";

/**
 * Departments that fail, restart and release on their own, with the system as real processes:
 * the others' answers stand, errors say which department and where, nothing is cut mid-way.
 */
const CASE_VIEW = `{ petitions(first: 5) { edges { node { id title town { name }
  riskItems { status } receptions { headcount } onlineMessages { title } evaluation { rating } } } } }`;
const MASSWORK_ROOT = `{ towns { id name } }`;
const SERVICE_CENTER_ROOT = `{ onlineMessages(first: 2) { id title } }`;
const INTERNAL = /127\.0\.0\.1|localhost|:\d{4,5}\b|https?:\/\/|ECONN|socket|stack/i;

/** The fields each department adds to a petition of the case view. */
const FIELDS_OF: Record<SubgraphName, string[]> = {
  bureau: [],
  masswork: ["riskItems", "receptions"],
  "service-center": ["onlineMessages", "evaluation"],
};

describe("a department down, restarted, stopped or released, with every part a real process", () => {
  let p: ProcessSystem;
  const dir = mkdtempSync(path.join(tmpdir(), "supergraph-"));
  const supergraphFile = path.join(dir, "supergraph.graphql");
  const published = publishedSubgraphs();
  const composed = (subgraphs = published) => {
    const c = compose(subgraphs);
    if ("errors" in c) throw new Error(c.errors.join("\n"));
    return c.supergraphSdl;
  };
  // the gateway starts on a supergraph without the bureau's Petition.responsibleUnit: a later test publishes it
  const older = published.map((s) =>
    s.name === "bureau" ? { ...s, sdl: s.sdl.replace(/\n\s*responsibleUnit: String/, "") } : s,
  );

  beforeAll(async () => {
    writeFileSync(supergraphFile, composed(older));
    p = await startProcesses({ SUPERGRAPH_PATH: supergraphFile, SHUTDOWN_GRACE_MS: "10000" });
  });
  afterAll(async () => {
    await p?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const ready = async () => {
    const res = await request(p.system.gatewayUrl.replace(/\/graphql$/, "/health/ready"));
    return { status: res.statusCode, body: (await res.body.json()) as any };
  };

  it.each(SUBGRAPHS.map((s) => [s]))(
    "answers the others' data while %s is killed, names it, and is whole again within 5 s of its restart",
    async (name) => {
      const traffic = load(4, async (i) =>
        p.query("leader", [CASE_VIEW, MASSWORK_ROOT, SERVICE_CENTER_ROOT][i % 3]),
      );
      await pause(300);
      p.system.kill(name);
      await pause(1500);

      // the others' roots are answered whole
      if (name !== "masswork")
        expect((await p.query("leader", MASSWORK_ROOT)).data?.towns.length).toBeGreaterThan(0);
      if (name !== "service-center")
        expect(
          (await p.query("leader", SERVICE_CENTER_ROOT)).data?.onlineMessages.length,
        ).toBeGreaterThan(0);
      const view = await p.query("leader", CASE_VIEW);
      expect(JSON.stringify(view)).not.toMatch(INTERNAL);
      expect(view.errors?.length).toBeGreaterThan(0);
      for (const e of view.errors!) {
        expect(e.extensions).toMatchObject({ code: "SUBGRAPH_UNAVAILABLE", serviceName: name });
        expect(e.path?.length).toBeGreaterThan(0);
      }
      if (name === "bureau") {
        // the case view's root is the bureau's: nothing of it can be answered
        expect(view.data).toBeNull();
        expect(view.errors![0].path).toEqual(["petitions"]);
      } else {
        const nodes = view.data!.petitions.edges.map((e: any) => e.node);
        expect(nodes.length).toBe(5);
        for (const n of nodes) {
          expect(typeof n.title).toBe("string");
          for (const field of FIELDS_OF[name]) expect(n[field]).toBeNull();
          for (const other of SUBGRAPHS.filter((s) => s !== name))
            for (const field of FIELDS_OF[other]) expect(n).toHaveProperty(field);
        }
        expect(view.errors!.every((e) => e.path![0] === "petitions")).toBe(true);
      }
      // the gateway stays ready, and says which department is not
      const health = await ready();
      expect(health.status).toBe(200);
      expect(health.body.subgraphs[name].ready).toBe("unreachable");

      await p.system.start(name);
      const back = Date.now();
      let whole = false;
      while (!whole && Date.now() - back < 5000) {
        const res = await p.query("leader", CASE_VIEW);
        whole =
          !res.errors &&
          res.data?.petitions.edges.every(
            (e: any) => e.node.riskItems !== null && e.node.onlineMessages !== null,
          );
        if (!whole) await pause(100);
      }
      expect(whole).toBe(true);

      // throughout, clients saw answers or this department's unavailability, and no internals
      const results = await traffic.stop();
      for (const r of results) {
        expect(r.status).toBeLessThan(500);
        for (const e of r.errors ?? [])
          expect(e.extensions).toMatchObject({ code: "SUBGRAPH_UNAVAILABLE", serviceName: name });
      }
    },
  );

  it("finishes every write in flight when a subgraph is stopped with SIGTERM: each is stored and acknowledged, or refused and not stored", async () => {
    const tag = `停机-${Date.now()}`;
    const sent = load(6, async (i) => {
      const description = `${tag}-${i}-${Math.random().toString(36).slice(2)}`;
      const res = await p.query(
        "masswork",
        `mutation($d: String!) { reportRiskItem(townId: "1", category: OTHER, description: $d) { id description } }`,
        { d: description },
      );
      return { description, res };
    });
    await pause(500);
    expect(await p.system.signal("masswork", "SIGTERM")).toBe(0);
    expect(p.system.logTail("masswork", 50)).not.toMatch(/still in flight .* are cut/);
    await pause(300);
    const results = await sent.stop();
    await p.system.start("masswork");
    const { data } = await p.query("leader", `{ riskItems { description } }`);
    const stored = new Set(data.riskItems.map((r: { description: string }) => r.description));
    const acknowledged = results.filter((r) => r.res.data?.reportRiskItem);
    const refused = results.filter((r) => !r.res.data?.reportRiskItem);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const r of acknowledged) expect(stored.has(r.description)).toBe(true);
    for (const r of refused) {
      expect(r.res.errors?.[0]?.extensions?.code).toBe("SUBGRAPH_UNAVAILABLE");
      expect(stored.has(r.description)).toBe(false);
    }
  });

  it("finishes the requests in flight when the gateway is stopped with SIGTERM, and takes no new ones", async () => {
    const tag = `sigterm-${Date.now()}`;
    let n = 0;
    const outcomes = load(6, async () => {
      const id = `${tag}-${n++}`;
      try {
        // each request on a connection of its own: a socket error can then only mean a cut answer
        // or a connection the gateway never took
        const res = await p.query("leader", CASE_VIEW, undefined, {
          freshConnection: true,
          requestId: id,
        });
        return {
          id,
          outcome: res.errors ? `errors ${res.errors[0].extensions?.code}` : "answered",
        };
      } catch (e) {
        return { id, outcome: `refused ${(e as { code?: string }).code ?? (e as Error).message}` };
      }
    });
    await pause(500);
    expect(await p.system.signal("gateway", "SIGTERM")).toBe(0);
    const log = p.system.logTail("gateway", 100_000);
    expect(log).not.toMatch(/still in flight .* are cut/);
    expect(log).not.toMatch(/"outcome":"cut"/);
    const seen = await outcomes.stop();
    await p.system.start("gateway");
    expect(seen.filter((o) => o.outcome === "answered").length).toBeGreaterThan(0);
    // Every request was answered whole, or never reached the gateway: refused at connect, or reset
    // by the kernel while it waited in the listening socket's queue when that socket closed (no
    // byte of it read, so the gateway never logged it and no subgraph saw it). The client names a
    // connection the closing socket shut before any answer UND_ERR_SOCKET ("other side closed")
    // where the kernel sent a FIN rather than a reset; the logs below still show nothing of it.
    const unanswered = seen.filter((o) => o.outcome !== "answered");
    for (const o of unanswered) {
      expect(o.outcome).toMatch(/^refused (ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET)$/);
      expect(log).not.toContain(o.id);
    }
    for (const part of SUBGRAPHS)
      for (const o of unanswered) expect(p.system.logTail(part, 100_000)).not.toContain(o.id);
  });

  it("serves a newly published field within 5 s, failing no request, and refuses a supergraph that does not compose", async () => {
    const asked = `{ petitions(first: 2) { edges { node { id responsibleUnit } } } }`;
    const before = await p.query("leader", asked);
    expect(before.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");

    const traffic = load(4, () => p.query("leader", CASE_VIEW));
    writeFileSync(supergraphFile, composed());
    const published = Date.now();
    let served = false;
    while (!served && Date.now() - published < 5000) {
      served = !(await p.query("leader", asked)).errors;
      if (!served) await pause(100);
    }
    expect(served).toBe(true);

    writeFileSync(supergraphFile, "this is not a supergraph");
    await pause(2500);
    expect((await p.query("leader", asked)).errors).toBeUndefined();
    const health = await ready();
    expect(health.status).toBe(200);
    expect(health.body.supergraph.lastRefused.reason).toBeTruthy();

    for (const r of await traffic.stop()) {
      expect(r.status).toBe(200);
      expect(r.errors).toBeUndefined();
    }
  });
});
