import { prepareData, seedScript } from "./data";
import { measureWorkload, type MeasureContext } from "./measure";
import { readSampleData } from "./probe";
import { startGatewayProcess, startSubgraphs } from "./processes";
import type { GrowthPoint, GrowthResult } from "./results";
import { round } from "./stats";
import { WORKLOADS } from "./workloads";

/**
 * How our page latency grows with the data: the combined case view at each scale of the
 * yearbook dataset (default ×1, ×10, ×100), each on freshly seeded databases, under load and with
 * one connection. The goal is about the latter: the work per request, without queueing.
 */
export async function measureGrowth(ctx: MeasureContext): Promise<GrowthResult> {
  const o = ctx.options;
  if (!o.growth)
    return {
      ran: false,
      note: o.quick ? "skipped in a quick run (use --growth)" : "skipped (--no-growth)",
      points: [],
      p50Growth: null,
    };
  if (!seedScript())
    return {
      ran: false,
      note: "seeding is not available yet (no scripts/seed.ts in this tree), so the data cannot be scaled",
      points: [],
      p50Growth: null,
    };
  const page = WORKLOADS.find((w) => w.name === "page")!;
  const points: GrowthPoint[] = [];
  for (const scale of o.growthScales) {
    ctx.log(`data growth: scale ×${scale}`);
    const data = await prepareData(o, scale, ctx.log);
    const subgraphs = await startSubgraphs(o, data, ctx.identity);
    try {
      const ours = await startGatewayProcess("ours", o, subgraphs.urls, ctx.identity);
      try {
        const sample = await readSampleData(ours.target);
        const at = async (connections: number) =>
          (
            await measureWorkload(
              {
                ...ctx,
                options: { ...o, rounds: 1, connections },
                subgraphPids: subgraphs.children.map((c) => c.pid),
              },
              page,
              sample,
              [ours.target],
            )
          ).get("ours")!;
        const loaded = await at(o.connections);
        const alone = await at(1);
        points.push({
          scale,
          petitions: sample.totalPetitions,
          rps: loaded.rps,
          p50: loaded.p50,
          p95: loaded.p95,
          p99: loaded.p99,
          errors: loaded.errors + alone.errors,
          oneConnection: { p50: alone.p50, p95: alone.p95, p99: alone.p99 },
        });
      } finally {
        await ours.child.stop();
      }
    } finally {
      await subgraphs.stop();
    }
  }
  const first = points[0];
  const last = points[points.length - 1];
  const growth =
    first && last && first.oneConnection.p50 > 0
      ? round(last.oneConnection.p50 / first.oneConnection.p50, 2)
      : null;
  return { ran: true, note: null, points, p50Growth: growth };
}
