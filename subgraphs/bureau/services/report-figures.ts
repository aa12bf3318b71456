import type { DataSource } from "typeorm";
import { sqlTime, type Loaders } from "../../../common/db";
import { changeFrom, ratio, yearRange } from "../../../common/domain";
import { type Clock } from "../../../common/time";
import type {
  CountYoY,
  EscalationFigures,
  ThreeRates,
  VisitFigures,
} from "../entities/annual-report";

/**
 * The bureau's figures of the annual report. Each statement covers one Beijing year and
 * groups its rows by the few values the figures tell apart; the sums are made here from the
 * handful of groups. Every statement reads an index that holds all the columns it needs (see
 * the report-indexes migration), and the two years a change needs are asked concurrently.
 */
type Row = Record<string, string | number | null>;
const n = (v: string | number | null | undefined) => Number(v ?? 0);
const flag = (v: string | number | null | undefined) => Number(v ?? 0) === 1;

function yoy(prevCount: number, count: number, persons: number | null): CountYoY {
  return { count, persons, changeFromPreviousYear: changeFrom(prevCount, count) };
}

interface VisitGroup {
  level: string;
  firstTime: boolean;
  collective: boolean;
  visits: number;
  persons: number;
}

/** The year's visits by level, first-time and collective: at most 16 groups. */
function visitGroups(loaders: Loaders, year: number): Promise<VisitGroup[]> {
  return loaders.memo(`visit groups ${year}`, async () => {
    const { start, end } = yearRange(year);
    const rows: Row[] = await loaders.db.query(
      `SELECT level, first_time, collective, COUNT(*) AS visits, SUM(headcount) AS persons
       FROM visit WHERE received_at >= ? AND received_at < ? GROUP BY level, first_time, collective`,
      [sqlTime(start), sqlTime(end)],
    );
    return rows.map((r) => ({
      level: String(r.level),
      firstTime: flag(r.first_time),
      collective: flag(r.collective),
      visits: n(r.visits),
      persons: n(r.persons),
    }));
  });
}

function total(
  groups: VisitGroup[],
  where: (g: VisitGroup) => boolean,
): { visits: number; persons: number } {
  return groups
    .filter(where)
    .reduce((s, g) => ({ visits: s.visits + g.visits, persons: s.persons + g.persons }), {
      visits: 0,
      persons: 0,
    });
}

/** 来访 received by the county (collective and first-time ones among them) and 越级访 by level. */
export async function visitFigures(
  loaders: Loaders,
  year: number,
): Promise<{ visits: VisitFigures; escalated: EscalationFigures }> {
  const [cur, prev] = await Promise.all([
    visitGroups(loaders, year),
    visitGroups(loaders, year - 1),
  ]);
  const figure = (where: (g: VisitGroup) => boolean, persons = true) => {
    const c = total(cur, where);
    return yoy(total(prev, where).visits, c.visits, persons ? c.persons : null);
  };
  const county = (g: VisitGroup) => g.level === "COUNTY";
  return {
    visits: {
      all: figure(county),
      firstTime: figure((g) => county(g) && g.firstTime),
      collective: figure((g) => county(g) && g.collective),
      collectiveFirstTime: figure((g) => county(g) && g.collective && g.firstTime),
    },
    escalated: {
      total: figure((g) => !county(g), false),
      municipal: figure((g) => g.level === "MUNICIPAL", false),
      provincial: figure((g) => g.level === "PROVINCIAL", false),
      national: figure((g) => g.level === "NATIONAL", false),
    },
  };
}

interface IntakeFigures {
  /** 网上信访 transferred from the national, provincial or municipal level */
  transfers: number;
  /** registered in the year, merged ones aside */
  registered: number;
  /** of those, accepted or declined within 15 days */
  timely: number;
}

/** The petitions registered in the year: online transfers, and the timely acceptance rate's parts. */
function intakeFigures(loaders: Loaders, year: number): Promise<IntakeFigures> {
  return loaders.memo(`intake ${year}`, async () => {
    const { start, end } = yearRange(year);
    const transfer = "CASE WHEN channel = 'ONLINE' AND source <> 'COUNTY_INTAKE' THEN 1 ELSE 0 END";
    const merged = "CASE WHEN status = 'MERGED' THEN 1 ELSE 0 END";
    const timely =
      "CASE WHEN COALESCE(accepted_at, declined_at) <= acceptance_deadline THEN 1 ELSE 0 END";
    const rows: Row[] = await loaders.db.query(
      `SELECT ${transfer} AS transfer, ${merged} AS merged, ${timely} AS timely, COUNT(*) AS petitions
       FROM petition WHERE received_at >= ? AND received_at < ? GROUP BY ${transfer}, ${merged}, ${timely}`,
      [sqlTime(start), sqlTime(end)],
    );
    const figures: IntakeFigures = { transfers: 0, registered: 0, timely: 0 };
    for (const r of rows) {
      if (flag(r.transfer)) figures.transfers += n(r.petitions);
      if (flag(r.merged)) continue;
      figures.registered += n(r.petitions);
      if (flag(r.timely)) figures.timely += n(r.petitions);
    }
    return figures;
  });
}

export async function onlineTransfers(loaders: Loaders, year: number): Promise<CountYoY> {
  const [cur, prev] = await Promise.all([
    intakeFigures(loaders, year),
    intakeFigures(loaders, year - 1),
  ]);
  return yoy(prev.transfers, cur.transfers, null);
}

export async function backlogFigures(
  db: DataSource,
  year: number,
): Promise<{ assigned: number; batches: number }> {
  const { start, end } = yearRange(year);
  const [r] = await db.query(
    "SELECT COUNT(*) AS assigned, COUNT(DISTINCT batch) AS batches FROM backlog_case WHERE assigned_at >= ? AND assigned_at < ?",
    [sqlTime(start), sqlTime(end)],
  );
  return { assigned: n(r?.assigned), batches: n(r?.batches) };
}

/** The bureau's two rates and the replied items the service center's participation rate needs. */
export async function threeRates(
  loaders: Loaders,
  year: number,
  clock: Clock,
): Promise<Omit<ThreeRates, "year">> {
  const { start, end } = yearRange(year);
  // "open and already past due" is judged at the year's end, or now for the current year
  const cutoff = new Date(Math.min(end.getTime(), clock.now().getTime()));
  // Open at the cutoff: not replied by then (a reply after it came too late for this year's
  // figure). Both parts of the condition are ranges of idx_petition_replied, which also holds
  // every column read: the statement never reads the table, however many years it holds.
  const [a, b, c] = [sqlTime(start), sqlTime(end), sqlTime(cutoff)];
  const [[done], intake] = await Promise.all([
    loaders.db.query(
      `SELECT
         SUM(CASE WHEN replied_at >= ? AND replied_at < ? THEN 1 ELSE 0 END) AS replied,
         SUM(CASE WHEN replied_at >= ? AND replied_at < ? AND replied_at <= due_at THEN 1 ELSE 0 END) AS on_time,
         SUM(CASE WHEN (replied_at IS NULL OR replied_at >= ?) AND due_at < ? AND status <> 'MERGED' THEN 1 ELSE 0 END) AS open_late
       FROM petition
       WHERE (replied_at >= ? AND replied_at < ?) OR ((replied_at IS NULL OR replied_at >= ?) AND due_at < ?)`,
      [a, b, a, b, c, c, a, b, c, c],
    ),
    intakeFigures(loaders, year),
  ]);
  const replied = n(done?.replied);
  return {
    timelyAcceptance: ratio(intake.timely, intake.registered),
    onTimeCompletion: ratio(n(done?.on_time), replied + n(done?.open_late)),
    repliedItems: replied,
  };
}
