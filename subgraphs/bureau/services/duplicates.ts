import { Brackets, type DataSource } from "typeorm";
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
 * the newer. Two statements for any number of petitions asked about: the ID-number matches,
 * then every candidate row.
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
 * Suggestions for each probe. `sameIdNumber` gives, per probe (by index), the ids of the
 * open petitions sharing a petitioner's ID number with it.
 */
async function rank(
  db: DataSource,
  probes: readonly Probe[],
  sameIdNumber: Set<number>[],
): Promise<PossibleDuplicate[][]> {
  // one bracket per town and category, over the span of its probes' windows
  const spans = new Map<string, { townId: number; category: string; from: number; to: number }>();
  for (const p of probes) {
    if (p.townId === null) continue;
    const key = `${p.townId} ${p.category}`;
    const at = p.receivedAt.getTime();
    const span = spans.get(key);
    if (!span) spans.set(key, { townId: p.townId, category: p.category, from: at, to: at });
    else [span.from, span.to] = [Math.min(span.from, at), Math.max(span.to, at)];
  }
  const byIdNumber = [...new Set(sameIdNumber.flatMap((s) => [...s]))];
  if (!spans.size && !byIdNumber.length) return probes.map(() => []);
  const query = db
    .getRepository(Petition)
    .createQueryBuilder("q")
    .where("q.status IN (:...open)", { open: OPEN })
    .andWhere(
      new Brackets((or) => {
        if (byIdNumber.length) or.orWhere("q.id IN (:...byIdNumber)", { byIdNumber });
        [...spans.values()].forEach((s, i) =>
          or.orWhere(
            `(q.townId = :town${i} AND q.category = :category${i} AND q.receivedAt >= :from${i} AND q.receivedAt <= :to${i})`,
            {
              [`town${i}`]: s.townId,
              [`category${i}`]: s.category,
              [`from${i}`]: sqlTime(new Date(s.from - WINDOW_MS)),
              [`to${i}`]: sqlTime(new Date(s.to + WINDOW_MS)),
            },
          ),
        );
      }),
    );
  const candidates = await query.getMany();
  const pairsOf = new Map<number, Set<string>>();
  const pairs = (q: Petition) => {
    let set = pairsOf.get(q.id);
    if (!set) pairsOf.set(q.id, (set = characterPairs(`${q.title} ${q.content}`)));
    return set;
  };
  return probes.map((p, i) => {
    const own = characterPairs(`${p.title} ${p.content}`);
    const at = p.receivedAt.getTime();
    const found: (PossibleDuplicate & { distance: number })[] = [];
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
        petition: q,
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
        b.petition.id - a.petition.id,
    );
    return found.slice(0, MAX_SUGGESTIONS).map(({ distance: _, ...d }) => d);
  });
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
