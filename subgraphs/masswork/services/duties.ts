import { Between, type DataSource } from "typeorm";
import { isUniqueViolation } from "../../../common/db";
import { badInput } from "../../../common/errors";
import { ReceptionDuty } from "../entities/reception-duty";
import { findLeader } from "./leaders";

/** 接访排班: the duties from one day to another (YYYY-MM-DD, both included), by date. */
export function dutiesBetween(
  db: DataSource,
  first: string,
  last: string,
): Promise<ReceptionDuty[]> {
  return db
    .getRepository(ReceptionDuty)
    .find({ where: { date: Between(first, last) }, order: { date: "ASC", id: "ASC" } });
}

/** The leader's duty on that day (YYYY-MM-DD), or null. */
export function dutyOn(
  db: DataSource,
  leaderId: number,
  date: string,
): Promise<ReceptionDuty | null> {
  return db.getRepository(ReceptionDuty).findOneBy({ leaderId, date });
}

/**
 * Schedules a leader's reception day, at the leader's level; one per leader and date: the
 * check answers the common case, the unique index the concurrent one.
 */
export async function scheduleDuty(
  db: DataSource,
  row: Omit<ReceptionDuty, "id" | "level">,
): Promise<ReceptionDuty> {
  const leader = await findLeader(db, row.leaderId);
  if (!leader) throw badInput("leaderId", "no such leader");
  const taken = () => badInput("date", "the leader already has a reception duty that day");
  if (await db.getRepository(ReceptionDuty).existsBy({ leaderId: row.leaderId, date: row.date }))
    throw taken();
  const duty = { ...row, level: leader.level } as ReceptionDuty;
  try {
    const result = await db.getRepository(ReceptionDuty).insert(duty);
    return { ...duty, id: Number(result.identifiers[0].id) };
  } catch (e) {
    // a concurrent request scheduled the same day between the check and the insert
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
}
