import type { Account, GatewayClient } from "./client";
import type { Acknowledged, Observed, WriteKind } from "./ledger";

/**
 * Reads every acknowledged write back through the gateway once the clients have stopped and
 * every part answers again: petitions (with their history and evaluation), messages (with their
 * reply) and dispute items. A batch that keeps failing leaves its records unread ("unverified").
 */
const BATCH = 25;
const ATTEMPTS = 6;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function batched(
  client: GatewayClient,
  who: Account,
  ids: string[],
  field: string,
  selection: string,
  each: (id: string, record: any) => void,
): Promise<number> {
  let unread = 0;
  for (let i = 0; i < ids.length; i += BATCH) {
    const slice = ids.slice(i, i + BATCH);
    const query = `query(${slice.map((_, j) => `$i${j}: ID!`).join(", ")}) { ${slice.map((_, j) => `r${j}: ${field}(id: $i${j}) { ${selection} }`).join(" ")} }`;
    const variables = Object.fromEntries(slice.map((id, j) => [`i${j}`, id]));
    let done = false;
    for (let attempt = 0; attempt < ATTEMPTS && !done; attempt++) {
      if (attempt) await sleep(1000);
      const o = await client.send("readBack", who, query, variables);
      if (!o.ok) continue;
      slice.forEach((id, j) => each(id, o.data[`r${j}`]));
      done = true;
    }
    if (!done) unread += slice.length;
  }
  return unread;
}

export async function readBack(
  client: GatewayClient,
  readers: { cases: Account; desk: Account; masswork: Account },
  acks: Acknowledged[],
): Promise<{ observed: Map<WriteKind, Map<string, Observed>>; unread: number }> {
  const observed = new Map<WriteKind, Map<string, Observed>>();
  const put = (kind: WriteKind, id: string, record: Observed) => {
    if (!observed.has(kind)) observed.set(kind, new Map());
    observed.get(kind)!.set(id, record);
  };
  const idsOf = (...kinds: WriteKind[]) => [
    ...new Set(acks.filter((a) => kinds.includes(a.kind)).map((a) => a.id)),
  ];
  let unread = 0;

  unread += await batched(
    client,
    readers.cases,
    idsOf("registration", "step", "evaluation"),
    "petition",
    "id serialNo title content version history { to actor } evaluation { rating }",
    (id, p) => {
      put("registration", id, p && { title: p.title, content: p.content, serialNo: p.serialNo });
      put(
        "step",
        id,
        p && {
          history: (p.history ?? []).map(
            (h: { to: string; actor: string }) => `${h.to}|${h.actor}`,
          ),
        },
      );
      put("evaluation", id, p && { rating: p.evaluation?.rating ?? null });
    },
  );

  unread += await batched(
    client,
    readers.desk,
    idsOf("message", "reply"),
    "onlineMessage",
    "id title content reply { text }",
    (id, m) => {
      put("message", id, m && { title: m.title, content: m.content });
      put("reply", id, m && { reply: m.reply?.text ?? null });
    },
  );

  const riskIds = idsOf("riskItem");
  if (riskIds.length) {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (attempt) await sleep(1000);
      const o = await client.send(
        "readBack",
        readers.masswork,
        `query { riskItems { id description } }`,
      );
      if (!o.ok) continue;
      const byId = new Map<string, { description: string }>(
        o.data.riskItems.map((r: { id: string; description: string }) => [String(r.id), r]),
      );
      for (const id of riskIds)
        put("riskItem", id, byId.has(id) ? { description: byId.get(id)!.description } : null);
      break;
    }
    if (!observed.has("riskItem")) unread += riskIds.length;
  }
  return { observed, unread };
}
