import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * 初访 by the time a visit came in (services/first-time.ts): a visit recorded late with an
 * earlier `receivedAt` was left without the flag, which stayed on the first one recorded. Up
 * gives each first-time petition's flag to its earliest received visit (of equal times the
 * first recorded); down gives it back to the first recorded, as the code before kept it. Where
 * no visit was back-dated (the seeded data among them) both orders agree and nothing changes.
 */
const CHUNK = 1000;
const flag = (v: unknown) => v === true || Number(v) === 1;

async function flagFirstVisits(q: QueryRunner, order: string): Promise<void> {
  const visits: Record<string, unknown>[] = await q.query(
    `SELECT v.id, v.petition_id, v.first_time, p.first_time AS petition_first_time
     FROM visit v JOIN petition p ON p.id = v.petition_id
     ORDER BY v.petition_id, ${order}`,
  );
  const change: Record<"true" | "false", number[]> = { true: [], false: [] };
  let previous: number | null = null;
  for (const v of visits) {
    const petitionId = Number(v.petition_id);
    const wanted = petitionId !== previous && flag(v.petition_first_time);
    previous = petitionId;
    if (flag(v.first_time) !== wanted)
      change[String(wanted) as "true" | "false"].push(Number(v.id));
  }
  for (const to of [true, false]) {
    const ids = change[String(to) as "true" | "false"];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      await q.query(
        `UPDATE visit SET first_time = ? WHERE id IN (${chunk.map(() => "?").join(", ")})`,
        [to ? 1 : 0, ...chunk],
      );
    }
  }
}

export class BureauFirstVisitByTime1734400000000 implements MigrationInterface {
  name = "BureauFirstVisitByTime1734400000000";

  async up(q: QueryRunner): Promise<void> {
    await flagFirstVisits(q, "v.received_at, v.id");
  }

  async down(q: QueryRunner): Promise<void> {
    await flagFirstVisits(q, "v.id");
  }
}
