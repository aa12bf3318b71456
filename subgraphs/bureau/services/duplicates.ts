import { In, type DataSource } from "typeorm";
import { sqlTime } from "../../../common/db";
import { normalizeText } from "../../../common/search";
import { type PossibleDuplicate } from "../entities/duplicates";
import { PetitionStatus } from "../entities/enums";
import { Petition } from "../entities/petition";

/**
 * 查重: which open petitions may be the same matter as a petition, or as a registration before
 * it is made. A candidate is open (registered, accepted, in progress, or under review or
 * re-review: a matter still being handled, into which a duplicate can be merged) and not the
 * petition itself, and either
 * - shares a petitioner's ID number (any date), or
 * - has the same town and category, was received within DUPLICATE_WINDOW_DAYS of it, and has
 *   a similar text: the Jaccard similarity of the sets of adjacent character pairs (bigrams)
 *   of title and content is at least TEXT_SIMILARITY. Character pairs are the usual shingles
 *   for near-duplicate Chinese text: they need no segmentation (a word cut differently in two
 *   texts still shares its pairs) and they weigh word order lightly; the same pairs make the
 *   search index find words however jieba cut them.
 * Ranked: same ID number first, then the more similar text, then the nearer in time, then
 * the newer. Three statements for a page of petitions asked about (up to 200): the ID-number
 * matches, the candidates (bounded per probe: MAX_CANDIDATES_PER_PROBE), the suggestions' rows.
 */
export const DUPLICATE_WINDOW_DAYS = 90;
export const TEXT_SIMILARITY = 0.3;
/** at most this many suggestions are kept per petition */
export const MAX_SUGGESTIONS = 20;
const WINDOW_MS = DUPLICATE_WINDOW_DAYS * 86_400_000;
const OPEN = [
  PetitionStatus.REGISTERED,
  PetitionStatus.ACCEPTED,
  PetitionStatus.IN_PROGRESS,
  PetitionStatus.UNDER_REVIEW,
  PetitionStatus.UNDER_RECHECK,
];

/** The set of adjacent character pairs of a text's letters, digits and Chinese characters. */
export function characterPairs(text: string): Set<string> {
  const chars = [...normalizeText(text).replace(/[^\p{L}\p{N}]+/gu, "")];
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) pairs.add(chars[i] + chars[i + 1]);
  if (chars.length === 1) pairs.add(chars[0]);
  return pairs;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size && !b.size) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

/** What is asked about: a registered petition (with its id) or a registration's input. */
export interface Probe {
  id: number | null;
  title: string;
  content: string;
  category: string;
  townId: number | null;
  receivedAt: Date;
}

/**
 * At most this many candidates of the same town and category are read per probe, the newest
 * first within its window. Ranking keeps MAX_SUGGESTIONS and compares each candidate's whole
 * text, so an unbounded read would grow with a town's backlog (every open petition of a busy
 * category, content and all, for every probe of a page). In the default dataset (the county's
 * real volume) a petition's window holds at most 17 open petitions of its town and category
 * (51 of any status), so 500 leaves room for many times that while bounding what a page of 200
 * probes reads.
 */
export const MAX_CANDIDATES_PER_PROBE = 500;
/**
 * Probes per candidate statement: each is one term of a compound SELECT, and SQLite refuses
 * more than 500 terms in one. A page (at most 200 petitions) is one statement.
 */
const PROBES_PER_STATEMENT = 200;

/** What ranking reads of a candidate: no more than it compares. */
interface Candidate {
  id: number;
  title: string;
  content: string;
  category: string;
  townId: number | null;
  receivedAt: Date;
}

const timeOf = (v: unknown) =>
  v instanceof Date ? v : new Date(`${String(v).replace(" ", "T")}Z`);

/**
 * The candidates of `probes` (each with a town): per probe, the open petitions of its town and
 * category received within DUPLICATE_WINDOW_DAYS of it, the newest MAX_CANDIDATES_PER_PROBE;
 * and the open petitions `byIdNumber`. The ids are chosen by index (town, received) in a union
 * that drops repeats, then the columns ranking needs are read for those ids only.
 */
async function candidateRows(
  db: DataSource,
  probes: readonly Probe[],
  byIdNumber: number[],
): Promise<Candidate[]> {
  const chunks: Probe[][] = [];
  for (let i = 0; i < probes.length; i += PROBES_PER_STATEMENT)
    chunks.push(probes.slice(i, i + PROBES_PER_STATEMENT));
  if (!chunks.length) chunks.push([]);
  const found = new Map<number, Candidate>();
  for (const [n, chunk] of chunks.entries()) {
    const terms: string[] = [];
    const params: (string | number)[] = [];
    chunk.forEach((p, i) => {
      const at = p.receivedAt.getTime();
      terms.push(
        `SELECT id FROM (SELECT w.id FROM petition w
           WHERE w.town_id = ? AND w.category = ? AND w.received_at >= ? AND w.received_at <= ?
             AND w.status IN (${openList})
           ORDER BY w.received_at DESC, w.id DESC LIMIT ${MAX_CANDIDATES_PER_PROBE}) c${i}`,
      );
      params.push(
        p.townId!,
        p.category,
        sqlTime(new Date(at - WINDOW_MS)),
        sqlTime(new Date(at + WINDOW_MS)),
      );
    });
    // the ID-number matches, any date, with the first statement
    if (n === 0 && byIdNumber.length) {
      terms.push(
        `SELECT id FROM petition WHERE id IN (${marks(byIdNumber.length)}) AND status IN (${openList})`,
      );
      params.push(...byIdNumber);
    }
    if (!terms.length) continue;
    const rows: Record<string, unknown>[] = await db.query(
      `SELECT q.id, q.title, q.content, q.category, q.town_id, q.received_at
       FROM (${terms.join(" UNION ")}) ids JOIN petition q ON q.id = ids.id`,
      params,
    );
    for (const r of rows)
      found.set(Number(r.id), {
        id: Number(r.id),
        title: String(r.title),
        content: String(r.content),
        category: String(r.category),
        townId: r.town_id === null ? null : Number(r.town_id),
        receivedAt: timeOf(r.received_at),
      });
  }
  return [...found.values()];
}

/**
 * Suggestions for each probe. `sameIdNumber` gives, per probe (by index), the ids of the
 * open petitions sharing a petitioner's ID number with it.
 */
async function rank(
  db: DataSource,
  probes: readonly Probe[],
  sameIdNumber: Set<number>[],
): Promise<PossibleDuplicate[][]> {
  const byIdNumber = [...new Set(sameIdNumber.flatMap((s) => [...s]))];
  const windowed = probes.filter((p) => p.townId !== null);
  if (!windowed.length && !byIdNumber.length) return probes.map(() => []);
  const candidates = await candidateRows(db, windowed, byIdNumber);
  const pairsOf = new Map<number, Set<string>>();
  const pairs = (q: Candidate) => {
    let set = pairsOf.get(q.id);
    if (!set) pairsOf.set(q.id, (set = characterPairs(`${q.title} ${q.content}`)));
    return set;
  };
  const ranked = probes.map((p, i) => {
    const own = characterPairs(`${p.title} ${p.content}`);
    const at = p.receivedAt.getTime();
    const found: (Omit<PossibleDuplicate, "petition"> & {
      candidate: Candidate;
      distance: number;
    })[] = [];
    for (const q of candidates) {
      if (q.id === p.id) continue;
      const sameId = sameIdNumber[i].has(q.id);
      const distance = Math.abs(q.receivedAt.getTime() - at);
      const sameTownAndCategory =
        p.townId !== null &&
        q.townId === p.townId &&
        q.category === p.category &&
        distance <= WINDOW_MS;
      const textSimilarity = jaccard(own, pairs(q));
      const similar = sameTownAndCategory && textSimilarity >= TEXT_SIMILARITY;
      if (!sameId && !similar) continue;
      const percent = `${Math.round(textSimilarity * 100)}%`;
      const reason = [
        sameId ? "same ID number" : null,
        similar ? `same town and category within ${DUPLICATE_WINDOW_DAYS} days` : null,
        `text ${percent} alike`,
      ]
        .filter(Boolean)
        .join(", ");
      found.push({
        candidate: q,
        sameIdNumber: sameId,
        sameTownAndCategory,
        textSimilarity: Math.round(textSimilarity * 1000) / 1000,
        reason,
        distance,
      });
    }
    found.sort(
      (a, b) =>
        Number(b.sameIdNumber) - Number(a.sameIdNumber) ||
        b.textSimilarity - a.textSimilarity ||
        a.distance - b.distance ||
        b.candidate.id - a.candidate.id,
    );
    return found.slice(0, MAX_SUGGESTIONS);
  });
  // the whole rows of the suggestions kept only (at most MAX_SUGGESTIONS a probe), in one statement
  const kept = [...new Set(ranked.flatMap((found) => found.map((d) => d.candidate.id)))];
  const rows = kept.length
    ? new Map((await db.getRepository(Petition).findBy({ id: In(kept) })).map((r) => [r.id, r]))
    : new Map<number, Petition>();
  return ranked.map((found) =>
    found.map(({ candidate, distance: _, ...d }) => ({ ...d, petition: rows.get(candidate.id)! })),
  );
}

const marks = (n: number) => Array.from({ length: n }, () => "?").join(", ");
const openList = OPEN.map((s) => `'${s}'`).join(", ");

/** Suggestions for registered petitions, in their order. */
export async function duplicatesOfPetitions(
  db: DataSource,
  petitions: readonly Petition[],
): Promise<PossibleDuplicate[][]> {
  const ids = petitions.map((p) => p.id);
  const pairs: Record<string, unknown>[] = await db.query(
    `SELECT DISTINCT pp.petition_id AS probe, qq.petition_id AS candidate
     FROM petition_petitioner pp
     JOIN petitioner a ON a.id = pp.petitioner_id AND a.id_number IS NOT NULL
     JOIN petition_petitioner qq ON qq.petitioner_id = pp.petitioner_id AND qq.petition_id <> pp.petition_id
     JOIN petition q ON q.id = qq.petition_id AND q.status IN (${openList})
     WHERE pp.petition_id IN (${marks(ids.length)})`,
    ids,
  );
  const same = new Map<number, Set<number>>(ids.map((id) => [id, new Set()]));
  for (const r of pairs) same.get(Number(r.probe))?.add(Number(r.candidate));
  return rank(
    db,
    petitions,
    ids.map((id) => same.get(id)!),
  );
}

/** Suggestions for a registration before it is made: its ID numbers, town, category and text. */
export async function duplicatesOfInput(
  db: DataSource,
  probe: Probe,
  idNumbers: string[],
): Promise<PossibleDuplicate[]> {
  const same = new Set<number>();
  if (idNumbers.length) {
    const rows: Record<string, unknown>[] = await db.query(
      `SELECT DISTINCT pp.petition_id AS candidate
       FROM petitioner a
       JOIN petition_petitioner pp ON pp.petitioner_id = a.id
       JOIN petition q ON q.id = pp.petition_id AND q.status IN (${openList})
       WHERE a.id_number IN (${marks(idNumbers.length)})`,
      idNumbers,
    );
    for (const r of rows) same.add(Number(r.candidate));
  }
  return (await rank(db, [probe], [same]))[0];
}
