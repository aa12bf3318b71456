import { Between, type DataSource } from "typeorm";
import { createOnce } from "../../../common/db";
import { badInput } from "../../../common/errors";
import { beijingDate } from "../../../common/text";
import { ReceptionDuty } from "../entities/reception-duty";
import type { AdminLevel } from "../entities/enums";
import { findLeader } from "./leaders";

const DAY_MS = 86_400_000;
/** a duty entered late, after the day it was held: up to a month back */
export const DUTY_DAYS_BACK = 31;
/** a schedule is made for the coming months, not for years ahead */
export const DUTY_DAYS_AHEAD = 366;

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
 * The days a duty may be scheduled for, seen from `now` (calendar days in Beijing): from
 * DUTY_DAYS_BACK days back, for a duty recorded after it was held, to DUTY_DAYS_AHEAD ahead.
 */
export function dutyWindow(now: Date): { first: string; last: string } {
  return {
    first: beijingDate(new Date(now.getTime() - DUTY_DAYS_BACK * DAY_MS)),
    last: beijingDate(new Date(now.getTime() + DUTY_DAYS_AHEAD * DAY_MS)),
  };
}

/** A duty as the caller gives it, its text already checked. */
export interface DutyRequest {
  leaderId: number;
  date: string;
  location: string;
  /** the level the caller expects; the leader's own when not given */
  level: AdminLevel | null;
}

/**
 * Schedules a leader's reception day, at the leader's level; one per leader and date: the
 * check answers the common case, the unique index the concurrent one (`createOnce` runs the
 * loser again, which then finds the duty and is refused). Once per idempotency key.
 */
export async function scheduleDuty(
  db: DataSource,
  request: DutyRequest,
  key: string | null,
  now: Date,
): Promise<ReceptionDuty> {
  const window = dutyWindow(now);
  if (request.date < window.first || request.date > window.last)
    throw badInput(
      "date",
      `must be from ${window.first} to ${window.last}: at most ${DUTY_DAYS_BACK} days back and ${DUTY_DAYS_AHEAD} ahead`,
    );
  const leader = await findLeader(db, request.leaderId);
  if (!leader) throw badInput("leaderId", "no such leader");
  if (request.level !== null && request.level !== leader.level)
    throw badInput("level", `must be the leader's level, ${leader.level}`);
  const id = await createOnce(db, key, "scheduleDuty", request, now, async (tx) => {
    if (await tx.existsBy(ReceptionDuty, { leaderId: leader.id, date: request.date }))
      throw badInput("date", "the leader already has a reception duty that day");
    const row = {
      leaderId: leader.id,
      date: request.date,
      location: request.location,
      level: leader.level,
    };
    return Number((await tx.insert(ReceptionDuty, row)).identifiers[0].id);
  });
  return db.getRepository(ReceptionDuty).findOneByOrFail({ id });
}
