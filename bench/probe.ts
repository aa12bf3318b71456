import { headersFor, type Target } from "./targets";
import { PAGE_QUERY, type SampleData, type Workload } from "./workloads";
import type { CallerRole } from "../common/auth";

/** Single requests outside the timed runs: reading sample ids, and checking answers agree. */
export async function post(target: Target, role: CallerRole, body: string): Promise<any> {
  const res = await fetch(target.url, {
    method: "POST",
    headers: await headersFor(target, role),
    body,
  });
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return { status: res.status, text: text.slice(0, 300) };
  }
}

/** Reads the first pages' cursors and some petition ids through a gateway. */
export async function readSampleData(gateway: Target, pages = 10): Promise<SampleData> {
  const pageCursors: (string | null)[] = [null];
  const petitionIds: string[] = [];
  let totalPetitions = 0;
  for (let i = 0; i < pages; i++) {
    const res = await post(
      gateway,
      "leader",
      JSON.stringify({ query: PAGE_QUERY, variables: { first: 20, after: pageCursors[i] } }),
    );
    if (!res.data)
      throw new Error(
        `the gateway did not answer the case view: ${JSON.stringify(res.errors ?? res).slice(0, 500)}`,
      );
    const conn = res.data.petitions;
    totalPetitions = conn.totalCount;
    for (const edge of conn.edges) petitionIds.push(edge.node.id);
    if (!conn.pageInfo.hasNextPage || i === pages - 1) break;
    pageCursors.push(conn.pageInfo.endCursor);
  }
  if (!petitionIds.length) throw new Error("the database holds no petitions to benchmark with");
  return { totalPetitions, pageCursors, petitionIds };
}

/** Orders object keys, so that two gateways' answers compare by content, not by key order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

export interface Agreement {
  same: boolean;
  /** how many distinct requests were compared */
  compared: number;
  /** the first difference, shortened, when they differ; or the errors every target returned */
  detail: string | null;
}

/**
 * Sends each distinct request of a workload (up to `limit`) to every target and checks that
 * they return the same data, and no errors.
 */
export async function checkSameData(
  workload: Workload,
  sample: SampleData,
  targets: Target[],
  limit = 20,
): Promise<Agreement> {
  const bodies = workload.bodies(sample).slice(0, limit);
  for (const body of bodies) {
    const answers = await Promise.all(targets.map((t) => post(t, workload.role, body)));
    const texts = answers.map((a) => JSON.stringify(canonical(a)));
    const failed = answers.findIndex((a) => !a.data || a.errors);
    if (failed >= 0)
      return {
        same: false,
        compared: bodies.length,
        detail: `${targets[failed].name} answered with errors: ${texts[failed].slice(0, 400)}`,
      };
    const differs = texts.findIndex((t) => t !== texts[0]);
    if (differs > 0)
      return {
        same: false,
        compared: bodies.length,
        detail: `${targets[0].name} and ${targets[differs].name} differ for ${body.slice(0, 160)}: ${firstDifference(texts[0], texts[differs])}`,
      };
  }
  return { same: true, compared: bodies.length, detail: null };
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `…${a.slice(Math.max(0, i - 80), i + 80)}… vs …${b.slice(Math.max(0, i - 80), i + 80)}…`;
}
