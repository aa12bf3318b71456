import { type DataSource } from "typeorm";
import { byTime, keysetPage, sqlTime } from "../../../common/db";
import { badInput, parseId } from "../../../common/errors";
import { addDays } from "../../../common/time";
import { BacklogCase } from "../entities/backlog-case";
import { Visit } from "../entities/visit";
import type {
  BacklogCaseConnection,
  BacklogCaseFilter,
  VisitConnection,
  VisitFilter,
} from "../entities/registers";
import { wholeNumber } from "./validation";

/** Beijing is UTC+8: its day D starts at D − 8 hours UTC. */
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const beijingDayStart = (day: Date) => new Date(day.getTime() - BEIJING_OFFSET_MS);

function visitsFiltered(db: DataSource, filter: VisitFilter | null | undefined) {
  const q = db.getRepository(Visit).createQueryBuilder("v");
  if (!filter) return q;
  if (filter.from && filter.to && filter.from > filter.to)
    throw badInput("filter.from", "is after filter.to");
  if (filter.from)
    q.andWhere("v.received_at >= :from", { from: sqlTime(beijingDayStart(filter.from)) });
  if (filter.to)
    q.andWhere("v.received_at < :to", { to: sqlTime(beijingDayStart(addDays(filter.to, 1))) });
  if (filter.level?.length) q.andWhere("v.level IN (:...level)", { level: filter.level });
  if (filter.collective != null)
    q.andWhere("v.collective = :collective", { collective: filter.collective });
  if (filter.townId != null)
    // the petition's town: a visit is about one petition
    q.innerJoin("petition", "p", "p.id = v.petition_id").andWhere("p.town_id = :townId", {
      townId: parseId("filter.townId", filter.townId),
    });
  return q;
}

/** 来访登记簿: visits, newest received first. */
export function visitPage(
  db: DataSource,
  filter: VisitFilter | null | undefined,
  first: number,
  after: string | null | undefined,
): Promise<VisitConnection> {
  return keysetPage(
    () => visitsFiltered(db, filter),
    byTime("v", "received_at", (v) => v.receivedAt),
    first,
    after,
  );
}

function backlogFiltered(db: DataSource, filter: BacklogCaseFilter | null | undefined) {
  const q = db.getRepository(BacklogCase).createQueryBuilder("b");
  if (!filter) return q;
  if (filter.batch != null)
    q.andWhere("b.batch = :batch", { batch: wholeNumber("filter.batch", filter.batch, 1, 99) });
  if (filter.leadLeaderId != null)
    q.andWhere("b.lead_leader_id = :leader", {
      leader: parseId("filter.leadLeaderId", filter.leadLeaderId),
    });
  if (filter.resolved === true) q.andWhere("b.resolved_at IS NOT NULL");
  if (filter.resolved === false) q.andWhere("b.resolved_at IS NULL");
  return q;
}

/** 信访积案台账: backlog cases by batch, then in the order they were assigned. */
export function backlogPage(
  db: DataSource,
  filter: BacklogCaseFilter | null | undefined,
  first: number,
  after: string | null | undefined,
): Promise<BacklogCaseConnection> {
  return keysetPage(
    () => backlogFiltered(db, filter),
    {
      columns: ["b.batch", "b.id"],
      direction: "ASC",
      key: (b) => [b.batch, b.id],
      first: (value) => {
        if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 99)
          throw badInput("after", "is not a cursor returned by this API");
        return value;
      },
    },
    first,
    after,
  );
}
