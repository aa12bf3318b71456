import { In, type DataSource } from "typeorm";
import { createOnce } from "../../../common/db";
import { type PetitionCategory } from "../../../common/domain";
import { badInput, parseId } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { beijingDate, boundedText } from "../../../common/text";
import { DigestSourceKind, OpinionDigestSource } from "../entities/digest-source";
import { OpinionDigest } from "../entities/opinion-digest";
import { Reception } from "../entities/reception";
import { dateText } from "./checks";
import { opinionDigestSearch } from "./search-index";
import { townExists } from "./towns";

/** Most records one digest may cite: one page of each owner's list answers the check. */
export const MAX_DIGEST_SOURCES = 200;
const DAY_MS = 86_400_000;

export interface WriteDigest {
  title: string;
  summary: string;
  townId: string;
  category: PetitionCategory;
  periodFrom: Date;
  periodTo: Date;
  sources: { kind: DigestSourceKind; id: string }[];
}

interface Source {
  kind: DigestSourceKind;
  id: number;
  /** where the writer listed it, for errors that name it */
  index: number;
}

/** Every field checked, or BAD_USER_INPUT naming the first that fails; no database or graph yet. */
function checked(input: WriteDigest, now: Date) {
  const title = boundedText("input.title", input.title, 2, 200);
  const summary = boundedText("input.summary", input.summary, 2, 5000);
  const townId = parseId("input.townId", input.townId);
  const periodFrom = dateText(input.periodFrom);
  const periodTo = dateText(input.periodTo);
  if (periodFrom > periodTo) throw badInput("input.periodFrom", "is after input.periodTo");
  if (periodTo > beijingDate(now)) throw badInput("input.periodTo", "must not be in the future");
  if (Date.parse(periodTo) - Date.parse(periodFrom) > 366 * DAY_MS)
    throw badInput("input.periodTo", "is more than a year after input.periodFrom");
  if (!Array.isArray(input.sources) || input.sources.length === 0)
    throw badInput("input.sources", "must cite at least one record");
  if (input.sources.length > MAX_DIGEST_SOURCES)
    throw badInput("input.sources", `must cite at most ${MAX_DIGEST_SOURCES} records`);
  const seen = new Set<string>();
  const sources: Source[] = input.sources.map((s, index) => {
    const id = parseId(`input.sources[${index}].id`, s.id);
    const key = `${s.kind}:${id}`;
    if (seen.has(key)) throw badInput(`input.sources[${index}]`, "is listed twice");
    seen.add(key);
    return { kind: s.kind, id, index };
  });
  return { title, summary, townId, category: input.category, periodFrom, periodTo, sources };
}

const OWNED_ELSEWHERE: Record<
  Exclude<DigestSourceKind, DigestSourceKind.RECEPTION>,
  { field: string; filter: string; what: string }
> = {
  [DigestSourceKind.MESSAGE]: {
    field: "messagePage",
    filter: "OnlineMessageFilter",
    what: "online message",
  },
  [DigestSourceKind.CALL]: {
    field: "hotlineCallPage",
    filter: "HotlineCallFilter",
    what: "hotline call",
  },
  [DigestSourceKind.PETITION]: { field: "petitions", filter: "PetitionFilter", what: "petition" },
};

/**
 * Asks the graph, in ONE request, which of the cited messages, calls and petitions exist: each
 * owner's list filtered by the ids, which the gateway sends to each owner once. Refuses the
 * first cited record that does not, naming it. Called before any transaction opens.
 */
async function requireSourcesElsewhere(ctx: SubgraphContext, sources: Source[]): Promise<void> {
  const kinds = (Object.keys(OWNED_ELSEWHERE) as (keyof typeof OWNED_ELSEWHERE)[]).filter((k) =>
    sources.some((s) => s.kind === k),
  );
  if (!kinds.length) return;
  const variables: Record<string, unknown> = {};
  const params: string[] = [];
  const fields: string[] = [];
  for (const kind of kinds) {
    const { field, filter } = OWNED_ELSEWHERE[kind];
    const ids = sources.filter((s) => s.kind === kind).map((s) => String(s.id));
    params.push(`$${kind}: ${filter}!`, `$${kind}_n: Int!`);
    variables[kind] = { ids };
    variables[`${kind}_n`] = ids.length;
    fields.push(`${kind}: ${field}(filter: $${kind}, first: $${kind}_n) { edges { node { id } } }`);
  }
  const answer = await ctx.graph.request<Record<string, { edges: { node: { id: string } }[] }>>(
    `query DigestSources(${params.join(", ")}) { ${fields.join(" ")} }`,
    variables,
  );
  for (const kind of kinds) {
    const found = new Set(answer[kind].edges.map((e) => Number(e.node.id)));
    const missing = sources.find((s) => s.kind === kind && !found.has(s.id));
    if (missing)
      throw badInput(`input.sources[${missing.index}].id`, `no such ${OWNED_ELSEWHERE[kind].what}`);
  }
}

/** Receptions are masswork's own: one statement for all those cited. */
async function requireReceptions(db: DataSource, sources: Source[]): Promise<void> {
  const cited = sources.filter((s) => s.kind === DigestSourceKind.RECEPTION);
  if (!cited.length) return;
  const rows = await db.getRepository(Reception).findBy({ id: In(cited.map((s) => s.id)) });
  const found = new Set(rows.map((r) => Number(r.id)));
  const missing = cited.find((s) => !found.has(s.id));
  if (missing) throw badInput(`input.sources[${missing.index}].id`, "no such reception");
}

/**
 * 社情民意: writes a digest and the records it cites. Every field is checked, the town and the
 * cited receptions in masswork's own tables and the other departments' records in one request
 * to the graph, all before the transaction opens; then the digest, its source links and its
 * search entry are stored together, once per idempotency key. Sources are never deleted by
 * their owners, so what was checked still holds when the transaction commits.
 */
export async function writeDigest(
  ctx: SubgraphContext,
  input: WriteDigest,
  idempotencyKey: string | null,
): Promise<OpinionDigest> {
  const now = ctx.clock.now();
  const fields = checked(input, now);
  if (!(await townExists(ctx.db, fields.townId))) throw badInput("input.townId", "no such town");
  await requireReceptions(ctx.db, fields.sources);
  await requireSourcesElsewhere(ctx, fields.sources);
  const hashed = { ...fields, sources: fields.sources.map(({ kind, id }) => ({ kind, id })) };
  const id = await createOnce(ctx.db, idempotencyKey, "writeDigest", hashed, now, async (tx) => {
    const digest = {
      title: fields.title,
      summary: fields.summary,
      townId: fields.townId,
      category: fields.category,
      periodFrom: fields.periodFrom,
      periodTo: fields.periodTo,
      publishedAt: now,
    };
    const digestId = Number((await tx.insert(OpinionDigest, digest)).identifiers[0].id);
    await tx.insert(
      OpinionDigestSource,
      fields.sources.map((s, position) => ({ digestId, kind: s.kind, sourceId: s.id, position })),
    );
    // searchable once acknowledged: the index commits with the digest
    await opinionDigestSearch.refresh(tx, [digestId]);
    return digestId;
  });
  return ctx.db.getRepository(OpinionDigest).findOneByOrFail({ id });
}
