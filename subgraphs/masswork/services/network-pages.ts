import { type DataSource, type SelectQueryBuilder } from "typeorm";
import { byTime, keysetPage, sqlTime } from "../../../common/db";
import { badInput, parseId } from "../../../common/errors";
import type { AdminLevel } from "../entities/enums";
import { Leader } from "../entities/leader";
import type {
  ReceptionConnection,
  ReceptionDutyConnection,
  ReceptionDutyFilter,
  ReceptionFilter,
} from "../entities/network-connections";
import { Reception } from "../entities/reception";
import { ReceptionDuty } from "../entities/reception-duty";
import { dateText } from "./checks";

const DAY_MS = 86_400_000;

/** A day's first moment in Beijing (UTC+8), as `sqlTime` writes it. */
const beijingStart = (day: string) => sqlTime(new Date(Date.parse(`${day}T00:00:00+08:00`)));
const nextDay = (day: string) => new Date(Date.parse(day) + DAY_MS).toISOString().slice(0, 10);

/** The days of a filter, refused when they run backwards. */
function days(from: Date | null | undefined, to: Date | null | undefined) {
  const first = from ? dateText(from) : null;
  const last = to ? dateText(to) : null;
  if (first && last && first > last) throw badInput("filter.from", "is after filter.to");
  return { first, last };
}

/** A day read from a cursor (YYYY-MM-DD, a real day), or the cursor is refused. */
function cursorDay(value: unknown): string {
  if (
    typeof value !== "string" ||
    !/^\d{4}-\d\d-\d\d$/.test(value) ||
    new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
  )
    throw badInput("after", "is not a cursor returned by this API");
  return value;
}

/**
 * Conditions on the leader's level, town and village, the leader joined only when one is asked
 * for. A town holds its own leaders and its villages'.
 */
function byLeader<T extends object>(
  q: SelectQueryBuilder<T>,
  alias: string,
  where: {
    level?: AdminLevel | null;
    townId?: string | null;
    villageId?: string | null;
  },
): void {
  const { level, townId, villageId } = where;
  if (!level && townId == null && villageId == null) return;
  q.innerJoin(Leader, "l", `l.id = ${alias}.leader_id`);
  if (level) q.andWhere("l.level = :level", { level });
  if (townId != null)
    q.andWhere("l.town_id = :townId", { townId: parseId("filter.townId", townId) });
  if (villageId != null)
    q.andWhere("l.village_id = :villageId", {
      villageId: parseId("filter.villageId", villageId),
    });
}

function filteredDuties(db: DataSource, filter: ReceptionDutyFilter | null | undefined) {
  const q = db.getRepository(ReceptionDuty).createQueryBuilder("d").where("1 = 1");
  if (!filter) return q;
  const { first, last } = days(filter.from, filter.to);
  if (first) q.andWhere("d.date >= :first", { first });
  if (last) q.andWhere("d.date <= :last", { last });
  if (filter.level) q.andWhere("d.level = :level", { level: filter.level });
  if (filter.leaderId != null)
    q.andWhere("d.leader_id = :leaderId", {
      leaderId: parseId("filter.leaderId", filter.leaderId),
    });
  byLeader(q, "d", { townId: filter.townId, villageId: filter.villageId });
  return q;
}

/**
 * 接访排班 a page at a time, as a roster is read: by day, earliest first, then in the order the
 * duties were scheduled. Keyset pagination on (date, id) over the index of those columns: one
 * statement per page whatever its size, one more for `totalCount` when it is asked for.
 */
export function dutyPage(
  db: DataSource,
  filter: ReceptionDutyFilter | null | undefined,
  first: number,
  after: string | null | undefined,
): Promise<ReceptionDutyConnection> {
  return keysetPage(
    () => filteredDuties(db, filter),
    { columns: ["d.date", "d.id"], direction: "ASC", key: (d) => [d.date, d.id], first: cursorDay },
    first,
    after,
  );
}

function filteredReceptions(db: DataSource, filter: ReceptionFilter | null | undefined) {
  const q = db.getRepository(Reception).createQueryBuilder("r").where("1 = 1");
  if (!filter) return q;
  const { first, last } = days(filter.from, filter.to);
  if (first) q.andWhere("r.received_at >= :from", { from: beijingStart(first) });
  if (last) q.andWhere("r.received_at < :to", { to: beijingStart(nextDay(last)) });
  if (filter.leaderId != null)
    q.andWhere("r.leader_id = :leaderId", {
      leaderId: parseId("filter.leaderId", filter.leaderId),
    });
  byLeader(q, "r", filter);
  return q;
}

/**
 * 接访记录 a page at a time, newest received first: keyset pagination on (received_at, id), one
 * statement per page whatever its size, one more for `totalCount` when it is asked for. A
 * reception recorded without a petition is read back here.
 */
export function receptionPage(
  db: DataSource,
  filter: ReceptionFilter | null | undefined,
  first: number,
  after: string | null | undefined,
): Promise<ReceptionConnection> {
  return keysetPage(
    () => filteredReceptions(db, filter),
    byTime("r", "received_at", (r) => r.receivedAt),
    first,
    after,
  );
}
