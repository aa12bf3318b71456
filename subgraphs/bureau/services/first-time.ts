import type { EntityManager } from "typeorm";
import { type PetitionStatus } from "../entities/enums";
import { writeHistory } from "./transition";

/**
 * 初信初访: which petitions and visits are first-time.
 *
 * A petition is first-time when none of its petitioners has an earlier petition on the same
 * matter. The same matter is either
 * - the `repeatOf` chain: a petition registered as a repeat of an earlier one is never first-time
 *   (the clerk linked it because its people came before on that matter), or
 * - the same ID number and the same category, received at most FIRST_TIME_WINDOW_DAYS before.
 * "Earlier" is by receipt time (then registration order); merged and declined petitions count,
 * they were petitions all the same. A petitioner without an ID number is matched only by `repeatOf`.
 *
 * The window is 365 days: the procedure's longest course, from receipt to the re-review's
 * decision, is 15 + 60 + 30 (extension) + 30 + 30 + 30 + 30 = 225 days, so a person who comes
 * back on the same kind of matter within a year is, as a rule, still on the matter an earlier
 * petition holds; and the yearbook counts first-time visits by the year, so one matter is
 * counted first-time at most once in any twelve months. A claim of the same kind a year or
 * more later is taken as a new matter (a new employer's wages, a new demolition).
 *
 * A visit is first-time when it is the earliest visit received on its petition (at any level;
 * of two at the same moment, the one recorded first) and its petition is first-time; a
 * first-time collective visit is such a visit of five or more people. A visit may be recorded
 * late with the time it came in (`recordVisit` takes a past `receivedAt`), so the flag goes by
 * that time, not by the record's id: a back-dated visit takes the flag from a later one.
 *
 * The flags are kept by every write that changes what they depend on: registration (which
 * may also make a later-received petition of the same people a repeat, when it is backdated),
 * a visit, and the corrections of a petition's category and of a petitioner's ID number. A
 * petition whose flag changes after its registration says so in its history.
 */
export const FIRST_TIME_WINDOW_DAYS = 365;
const WINDOW_MS = FIRST_TIME_WINDOW_DAYS * 86_400_000;

interface Row {
  id: number;
  serialNo: string;
  category: string;
  receivedAt: number;
  repeatOfId: number | null;
  firstTime: boolean;
  status: string;
  /** petitioners of the petition that have an ID number */
  people: Set<number>;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const bool = (v: unknown) => v === true || Number(v) === 1;
const time = (v: unknown) =>
  v instanceof Date ? v.getTime() : Date.parse(`${String(v).replace(" ", "T")}Z`);
const marks = (n: number) => Array.from({ length: n }, () => "?").join(", ");

/** Why a petition is not first-time, from the rows of every petition its people brought; null if it is. */
export function notFirstTimeBecause(p: Row, others: Iterable<Row>): string | null {
  if (p.repeatOfId !== null) return "registered as a repeat";
  let earliest: Row | null = null;
  for (const q of others) {
    if (q.id === p.id || q.category !== p.category) continue;
    const earlier = q.receivedAt < p.receivedAt || (q.receivedAt === p.receivedAt && q.id < p.id);
    if (!earlier || p.receivedAt - q.receivedAt > WINDOW_MS) continue;
    if (![...q.people].some((person) => p.people.has(person))) continue;
    if (!earliest || q.receivedAt > earliest.receivedAt) earliest = q;
  }
  return earliest
    ? `a petitioner's ${earliest.serialNo} on the same category within ${FIRST_TIME_WINDOW_DAYS} days`
    : null;
}

/** The petitions `ids`, each with its petitioners that have an ID number. */
async function rowsOf(tx: EntityManager, ids: number[]): Promise<Row[]> {
  const raw: Record<string, unknown>[] = await tx.query(
    `SELECT p.id, p.serial_no, p.category, p.received_at, p.repeat_of_id, p.first_time, p.status,
            a.id AS person
     FROM petition p
     LEFT JOIN petition_petitioner pp ON pp.petition_id = p.id
     LEFT JOIN petitioner a ON a.id = pp.petitioner_id AND a.id_number IS NOT NULL
     WHERE p.id IN (${marks(ids.length)})`,
    ids,
  );
  const rows = new Map<number, Row>();
  for (const r of raw) {
    const id = Number(r.id);
    let row = rows.get(id);
    if (!row)
      rows.set(
        id,
        (row = {
          id,
          serialNo: String(r.serial_no),
          category: String(r.category),
          receivedAt: time(r.received_at),
          repeatOfId: num(r.repeat_of_id),
          firstTime: bool(r.first_time),
          status: String(r.status),
          people: new Set(),
        }),
      );
    if (r.person !== null && r.person !== undefined) row.people.add(Number(r.person));
  }
  return [...rows.values()];
}

/** `ids` and the petitions sharing a petitioner (with an ID number) with any of them: index lookups only. */
async function samePeople(tx: EntityManager, ids: number[]): Promise<number[]> {
  const raw: Record<string, unknown>[] = await tx.query(
    `SELECT DISTINCT other.petition_id
     FROM petition_petitioner own
     JOIN petitioner a ON a.id = own.petitioner_id AND a.id_number IS NOT NULL
     JOIN petition_petitioner other ON other.petitioner_id = own.petitioner_id
     WHERE own.petition_id IN (${marks(ids.length)})`,
    ids,
  );
  return [...new Set([...ids, ...raw.map((r) => Number(r.petition_id))])];
}

/**
 * Puts right the first-time flags of `petitionIds` and of every petition of their people, and
 * of those petitions' visits: three reads by index and one UPDATE per flag value. A petition
 * whose flag changes gets a history line, but `quiet` (the one being registered, whose own
 * registration line says it). Returns why each of `petitionIds` is not first-time (absent: it is).
 */
export async function refreshFirstTime(
  tx: EntityManager,
  petitionIds: number[],
  history: { at: Date; actor: string; quiet?: number },
): Promise<Map<number, string>> {
  const ids = [...new Set(petitionIds)];
  const reasons = new Map<number, string>();
  if (!ids.length) return reasons;
  // the petitions whose flag may depend on these, then every petition of their people
  const affectedIds = await samePeople(tx, ids);
  const rows = await rowsOf(tx, await samePeople(tx, affectedIds));
  const wanted = new Set(affectedIds);
  const affected = rows.filter((r) => wanted.has(r.id));
  const byPerson = new Map<number, Row[]>();
  for (const r of rows)
    for (const person of r.people) {
      const list = byPerson.get(person) ?? [];
      list.push(r);
      byPerson.set(person, list);
    }
  const changed: { row: Row; to: boolean; why: string | null }[] = [];
  for (const p of affected) {
    const others = [...p.people].flatMap((person) => byPerson.get(person) ?? []);
    const why = notFirstTimeBecause(p, others);
    if (ids.includes(p.id) && why) reasons.set(p.id, why);
    if (p.firstTime !== (why === null)) changed.push({ row: p, to: why === null, why });
  }
  for (const to of [true, false]) {
    const some = changed.filter((c) => c.to === to).map((c) => c.row.id);
    if (some.length)
      await tx.query(`UPDATE petition SET first_time = ? WHERE id IN (${marks(some.length)})`, [
        to ? 1 : 0,
        ...some,
      ]);
  }
  for (const c of changed)
    if (c.row.id !== history.quiet)
      await writeHistory(
        tx,
        c.row.id,
        history.at,
        c.row.status as PetitionStatus,
        c.row.status as PetitionStatus,
        c.to ? "now first-time (初信初访)" : `no longer first-time: ${c.why}`,
        history.actor,
      );
  await refreshVisitFlags(
    tx,
    changed.map((c) => c.row.id),
  );
  return reasons;
}

/** The earliest visit received on each petition carries its petition's flag; every other visit is not first-time. */
export async function refreshVisitFlags(tx: EntityManager, petitionIds: number[]): Promise<void> {
  if (!petitionIds.length) return;
  const visits: Record<string, unknown>[] = await tx.query(
    `SELECT v.id, v.petition_id, v.first_time, p.first_time AS petition_first_time
     FROM visit v JOIN petition p ON p.id = v.petition_id
     WHERE v.petition_id IN (${marks(petitionIds.length)}) ORDER BY v.petition_id, v.received_at, v.id`,
    petitionIds,
  );
  const set: Record<"true" | "false", number[]> = { true: [], false: [] };
  let previous: number | null = null;
  for (const v of visits) {
    const petitionId = Number(v.petition_id);
    const wanted = petitionId !== previous && bool(v.petition_first_time);
    previous = petitionId;
    if (bool(v.first_time) !== wanted) set[String(wanted) as "true" | "false"].push(Number(v.id));
  }
  for (const to of [true, false]) {
    const some = set[String(to) as "true" | "false"];
    if (some.length)
      await tx.query(`UPDATE visit SET first_time = ? WHERE id IN (${marks(some.length)})`, [
        to ? 1 : 0,
        ...some,
      ]);
  }
}
