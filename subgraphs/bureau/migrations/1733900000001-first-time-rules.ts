import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * 初信初访 by the rules (services/first-time.ts): the flags stored before them made every
 * petition not registered as a repeat first-time, and every visit on it (the first county one,
 * and each escalated one) too. Recomputed once, as they stood when this shipped: a petition is
 * first-time unless registered as a repeat or one of its petitioners' ID numbers brought a
 * petition of the same category in the 365 days before; a visit only as the first recorded on
 * a first-time petition. Undoing it leaves the flags as they are: the old ones cannot be told
 * back, and the old code reads the new ones as well.
 */
const WINDOW_MS = 365 * 86_400_000;
const CHUNK = 1000;

const time = (v: unknown) =>
  v instanceof Date ? v.getTime() : Date.parse(`${String(v).replace(" ", "T")}Z`);
const flag = (v: unknown) => v === true || Number(v) === 1;

async function setFlags(q: QueryRunner, table: string, ids: number[], to: boolean) {
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    await q.query(
      `UPDATE ${table} SET first_time = ? WHERE id IN (${chunk.map(() => "?").join(", ")})`,
      [to ? 1 : 0, ...chunk],
    );
  }
}

export class BureauFirstTimeRules1733900000001 implements MigrationInterface {
  name = "BureauFirstTimeRules1733900000001";

  async up(q: QueryRunner): Promise<void> {
    const petitions: Record<string, unknown>[] = await q.query(
      "SELECT id, category, received_at, repeat_of_id, first_time FROM petition",
    );
    const links: Record<string, unknown>[] = await q.query(
      `SELECT pp.petition_id, pp.petitioner_id FROM petition_petitioner pp
       JOIN petitioner a ON a.id = pp.petitioner_id WHERE a.id_number IS NOT NULL`,
    );
    const byId = new Map(petitions.map((p) => [Number(p.id), p]));
    const peopleOf = new Map<number, number[]>();
    const petitionsOf = new Map<number, number[]>();
    for (const l of links) {
      const [p, person] = [Number(l.petition_id), Number(l.petitioner_id)];
      peopleOf.set(p, [...(peopleOf.get(p) ?? []), person]);
      petitionsOf.set(person, [...(petitionsOf.get(person) ?? []), p]);
    }
    const first = new Map<number, boolean>();
    const change: Record<"true" | "false", number[]> = { true: [], false: [] };
    for (const p of petitions) {
      const id = Number(p.id);
      const at = time(p.received_at);
      const earlier = (peopleOf.get(id) ?? []).some((person) =>
        petitionsOf.get(person)!.some((other) => {
          const o = byId.get(other)!;
          const oAt = time(o.received_at);
          return (
            other !== id &&
            o.category === p.category &&
            (oAt < at || (oAt === at && other < id)) &&
            at - oAt <= WINDOW_MS
          );
        }),
      );
      const wanted = p.repeat_of_id === null && !earlier;
      first.set(id, wanted);
      if (flag(p.first_time) !== wanted) change[String(wanted) as "true" | "false"].push(id);
    }
    await setFlags(q, "petition", change.true, true);
    await setFlags(q, "petition", change.false, false);

    const visits: Record<string, unknown>[] = await q.query(
      "SELECT id, petition_id, first_time FROM visit ORDER BY petition_id, id",
    );
    const visitChange: Record<"true" | "false", number[]> = { true: [], false: [] };
    let previous: number | null = null;
    for (const v of visits) {
      const petitionId = Number(v.petition_id);
      const wanted = petitionId !== previous && first.get(petitionId) === true;
      previous = petitionId;
      if (flag(v.first_time) !== wanted)
        visitChange[String(wanted) as "true" | "false"].push(Number(v.id));
    }
    await setFlags(q, "visit", visitChange.true, true);
    await setFlags(q, "visit", visitChange.false, false);
  }

  async down(): Promise<void> {
    // the flags stay as computed (see above)
  }
}
