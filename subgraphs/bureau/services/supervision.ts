import type { DataSource } from "typeorm";
import {
  connectionOf,
  cursorId,
  cursorTime,
  decodeCursor,
  sqlTime,
  type Loaders,
} from "../../../common/db";
import { yearSpan } from "../../../common/domain";
import { forwardingGroups } from "./period-figures";
import { badInput, parseId } from "../../../common/errors";
import { boundedText } from "../../../common/text";
import {
  type ForwardingFigures,
  type SupervisionConnection,
  type SupervisionFilter,
  type SupervisionItem,
  SupervisionKind,
} from "../entities/supervision-list";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The kinds in the order that breaks ties between equal deadlines; the rank is in the cursor. */
const RANKS: SupervisionKind[] = [
  SupervisionKind.ACCEPTANCE,
  SupervisionKind.REPLY,
  SupervisionKind.REVIEW,
  SupervisionKind.RECHECK,
  SupervisionKind.FORWARDING,
];
const rankOf = (kind: SupervisionKind) => RANKS.indexOf(kind) + 1;

/**
 * One SELECT per kind (each names its columns: any of them may come first in the union) of deadline, each giving (rank, row id, petition, forwarding, deadline,
 * unit, town) of what is past it at `?` (now). A merged petition is followed through the one
 * it was merged into. A forwarded petition's acceptance is chased through its forwardings while
 * one of them is unanswered (its own deadline is on the list); once every unit has answered and
 * the petition is still neither accepted nor declined, its acceptance deadline is chased again,
 * as `Petition.overdue` and `petitions(filter: {overdue: true})` say.
 */
const BRANCHES: Record<SupervisionKind, string> = {
  [SupervisionKind.ACCEPTANCE]: `SELECT ${rankOf(SupervisionKind.ACCEPTANCE)} AS kind_rank, p.id AS row_id,
      p.id AS petition_id, NULL AS forwarding_id, p.acceptance_deadline AS deadline,
      p.responsible_unit AS unit, p.town_id AS town_id
    FROM petition p
    WHERE p.status = 'REGISTERED' AND p.acceptance_deadline < ?
      AND NOT EXISTS (SELECT 1 FROM forwarding f WHERE f.petition_id = p.id AND f.answered_at IS NULL)`,
  [SupervisionKind.REPLY]: `SELECT ${rankOf(SupervisionKind.REPLY)} AS kind_rank, p.id AS row_id,
      p.id AS petition_id, NULL AS forwarding_id, p.due_at AS deadline,
      p.responsible_unit AS unit, p.town_id AS town_id
    FROM petition p
    WHERE p.status IN ('ACCEPTED', 'IN_PROGRESS') AND p.due_at < ?`,
  [SupervisionKind.REVIEW]: `SELECT ${rankOf(SupervisionKind.REVIEW)} AS kind_rank, r.id AS row_id,
      p.id AS petition_id, NULL AS forwarding_id, r.due_at AS deadline,
      p.responsible_unit AS unit, p.town_id AS town_id
    FROM review r JOIN petition p ON p.id = r.petition_id
    WHERE r.kind = 'REVIEW' AND r.decided_at IS NULL AND p.status = 'UNDER_REVIEW' AND r.due_at < ?`,
  [SupervisionKind.RECHECK]: `SELECT ${rankOf(SupervisionKind.RECHECK)} AS kind_rank, r.id AS row_id,
      p.id AS petition_id, NULL AS forwarding_id, r.due_at AS deadline,
      p.responsible_unit AS unit, p.town_id AS town_id
    FROM review r JOIN petition p ON p.id = r.petition_id
    WHERE r.kind = 'RECHECK' AND r.decided_at IS NULL AND p.status = 'UNDER_RECHECK' AND r.due_at < ?`,
  [SupervisionKind.FORWARDING]: `SELECT ${rankOf(SupervisionKind.FORWARDING)} AS kind_rank, f.id AS row_id,
      p.id AS petition_id, f.id AS forwarding_id, f.deadline AS deadline,
      f.unit AS unit, p.town_id AS town_id
    FROM forwarding f JOIN petition p ON p.id = f.petition_id
    WHERE f.answered_at IS NULL AND f.deadline < ? AND p.status <> 'MERGED'`,
};

/** A DATETIME as a driver returns it: a Date from mysql2, the stored UTC text from SQLite. */
function timeOf(value: unknown): Date {
  return value instanceof Date ? value : new Date(`${String(value).replace(" ", "T")}Z`);
}

/** The union of the kinds asked for, filtered: the statement and its parameters. */
function overdueItems(filter: SupervisionFilter | null | undefined, now: Date) {
  const kinds = filter?.kind?.length ? RANKS.filter((k) => filter.kind!.includes(k)) : RANKS;
  const params: (string | number)[] = kinds.map(() => sqlTime(now));
  const where: string[] = [];
  if (filter?.unit != null) {
    where.push("s.unit = ?");
    params.push(boundedText("filter.unit", filter.unit, 2, 100));
  }
  if (filter?.townId != null) {
    where.push("s.town_id = ?");
    params.push(parseId("filter.townId", filter.townId));
  }
  const sql = `(${kinds.map((k) => BRANCHES[k]).join(" UNION ALL ")}) s`;
  return { sql, where, params };
}

const notOurs = () => badInput("after", "is not a cursor returned by this API");

/**
 * 督查: every deadline missed as of `now`, the longest overdue first (the earliest deadline),
 * ties by kind and record; keyset cursor on (deadline, kind, record). One statement per page
 * whatever its size, one more for `totalCount` when asked.
 */
export async function supervisionPage(
  db: DataSource,
  filter: SupervisionFilter | null | undefined,
  first: number,
  after: string | null | undefined,
  now: Date,
): Promise<SupervisionConnection> {
  const items = overdueItems(filter, now);
  const where = [...items.where];
  const params = [...items.params];
  if (after) {
    const [rawAt, rawRank, rawId] = decodeCursor(after, 3);
    const at = cursorTime(rawAt);
    if (typeof rawRank !== "number" || !Number.isInteger(rawRank) || rawRank < 1 || rawRank > 5)
      throw notOurs();
    const id = cursorId(rawId);
    where.push(
      "(s.deadline > ? OR (s.deadline = ? AND (s.kind_rank > ? OR (s.kind_rank = ? AND s.row_id > ?))))",
    );
    params.push(at, at, rawRank, rawRank, id);
  }
  const clause = (w: string[]) => (w.length ? ` WHERE ${w.join(" AND ")}` : "");
  const rows: Record<string, unknown>[] =
    first === 0
      ? []
      : await db.query(
          `SELECT s.* FROM ${items.sql}${clause(where)}
           ORDER BY s.deadline, s.kind_rank, s.row_id LIMIT ${first + 1}`,
          params,
        );
  const nodes = rows.map((r): SupervisionItem & { rank: number; rowId: number } => {
    const deadline = timeOf(r.deadline);
    const rank = Number(r.kind_rank);
    return {
      kind: RANKS[rank - 1],
      rank,
      rowId: Number(r.row_id),
      deadline,
      daysOverdue: Math.ceil((now.getTime() - deadline.getTime()) / DAY_MS),
      unit: r.unit == null ? null : String(r.unit),
      petitionId: Number(r.petition_id),
      forwardingId: r.forwarding_id == null ? null : Number(r.forwarding_id),
    };
  });
  return connectionOf(
    nodes,
    first,
    (n) => [sqlTime(n.deadline), n.rank, n.rowId],
    async () => {
      const [row] = await db.query(
        `SELECT COUNT(*) AS n FROM ${items.sql}${clause(items.where)}`,
        items.params,
      );
      return Number(row?.n ?? 0);
    },
  );
}

/** 转送/交办 made in the year (Beijing time): how many of each, answered, answered in time. */
export async function forwardingFigures(
  loaders: Loaders,
  year: number,
): Promise<ForwardingFigures> {
  // the period figure over the year's one bucket (period-figures.ts), as `statistics` reads it
  const groups = await forwardingGroups(loaders, { span: yearSpan(year), filter: {} });
  const figures: ForwardingFigures = { forwarded: 0, assigned: 0, answered: 0, answeredOnTime: 0 };
  for (const g of groups) {
    if (g.bucket !== String(year)) continue;
    if (g.kind === "ASSIGN") figures.assigned += g.made;
    else figures.forwarded += g.made;
    figures.answered += g.answered;
    figures.answeredOnTime += g.answeredOnTime;
  }
  return figures;
}
