import { yearRange } from "../../common/domain";
import { addDays } from "../../common/time";
import {
  between,
  DaySampler,
  DEMO_MATTERS,
  DEMO_TOWNS,
  DEMO_VILLAGES,
  isWorkingDay,
  namedSeed,
  officeHours,
  pick,
  plannedCategory,
  sampleIndexes,
  seasonWeight,
  seededRandom,
  SEED_TOWN_WEIGHTS,
  splitTotal,
  syntheticName,
  weighted,
  workingDays,
  beijingDay,
  type PlannedPetition,
  type Random,
  type SeedBatch,
  type SeedPlan,
  type SqlValue,
  type YearPlan,
  SHOWCASE_PETITIONS,
} from "../../seed";
import { AdminLevel, RiskStatus } from "./entities/enums";
import { DigestSourceKind } from "./entities/digest-source";
import { COUNTY_LEADERS, COUNTY_RECEPTION_PLACE, DIGEST_ADVICE, SETTLEMENTS } from "./seed-text";

/**
 * Masswork's rows of the synthetic dataset: the three-level network (towns, leaders, work
 * stations), the reception rota of every working day, receptions (the county leaders' add up
 * to the yearbook's cases and persons), screened disputes (found, resolved and sharpened as
 * the yearbook counts them, across the turn of the year) and the public-opinion digests.
 */
const TOWN = ["id", "name"] as const;
const VILLAGE = ["id", "name", "town_id"] as const;
const LEADER = ["id", "name", "title", "level", "town_id", "village_id"] as const;
const STATION = ["id", "name", "level", "town_id", "village_id"] as const;
const DUTY = ["id", "date", "leader_id", "level", "location"] as const;
const RECEPTION = [
  "id",
  "duty_id",
  "leader_id",
  "received_at",
  "headcount",
  "matter",
  "petition_id",
] as const;
const RISK = [
  "id",
  "town_id",
  "category",
  "description",
  "status",
  "reported_at",
  "resolved_at",
  "petition_id",
] as const;
const RISK_CHANGE = ["id", "risk_item_id", "at", "from_status", "to_status", "actor"] as const;
const DIGEST = [
  "id",
  "title",
  "summary",
  "published_at",
  "town_id",
  "category",
  "period_from",
  "period_to",
] as const;
const DIGEST_SOURCE = ["digest_id", "kind", "source_id", "position"] as const;
/** At most this many petitions of a digest's town and matter are cited, with their messages and receptions. */
const DIGEST_PETITIONS = 6;

const DAY_MS = 86_400_000;
/** Of the county leaders' receptions, the share that met a collective visit registered that day. */
const LINKED_COUNTY = 0.4;
const LINKED_TOWN = 0.25;
/** Of the disputes found in a year, the share settled early in the next. */
const CARRIED = 0.08;
/** Town leaders are 9…18: two per town, in the towns' order. */
const townLeader = (townIndex: number, k: number) =>
  COUNTY_LEADERS.length + 2 * townIndex + 1 + ((k + townIndex) % 2);

/** The first of the petitions (in time order) received at or after `at`. */
function receivedFrom(petitions: readonly PlannedPetition[], at: number): number {
  let lo = 0;
  let hi = petitions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (petitions[mid].receivedAt.getTime() < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Duty {
  id: number;
  leaderId: number;
}

/** A village of the seed: its id, name, town index and its two heads' leader ids. */
interface SeedVillage {
  id: number;
  name: string;
  townIndex: number;
  heads: [number, number];
}

class MassworkSeed {
  readonly random: Random = seededRandom(namedSeed("masswork"));
  /**
   * The villages' rows (heads, rota, receptions) draw from a stream of their own and take ids
   * after the rest, so that adding them changed no other row of the dataset.
   */
  readonly villageRandom: Random = seededRandom(namedSeed("masswork-villages"));
  readonly villages: SeedVillage[] = [];
  private dutyId = 0;
  private receptionId = 0;
  private riskId = 0;
  private riskChangeId = 0;
  private digestId = 0;
  /** disputes of the year before that were settled in this one */
  private carried = 0;

  network(): SeedBatch[] {
    const leaders: SqlValue[][] = COUNTY_LEADERS.map(([name, title], i) => [
      i + 1,
      name,
      title,
      AdminLevel.COUNTY,
      null,
      null,
    ]);
    const stations: SqlValue[][] = [];
    DEMO_TOWNS.forEach((town, i) => {
      for (const title of [`${town}党委书记`, `${town}镇长`])
        leaders.push([
          leaders.length + 1,
          syntheticName(this.random),
          title,
          AdminLevel.TOWN,
          i + 1,
          null,
        ]);
      stations.push([stations.length + 1, `${town}群众工作站`, AdminLevel.TOWN, i + 1, null]);
      for (const name of DEMO_VILLAGES[i]) {
        const id = this.villages.length + 1;
        stations.push([stations.length + 1, `${name}群众工作室`, AdminLevel.VILLAGE, i + 1, id]);
        this.villages.push({ id, name, townIndex: i, heads: [0, 0] });
      }
    });
    // 村"两委": each village's party branch secretary and committee director, after the town leaders
    for (const v of this.villages)
      v.heads = [`${v.name}党支部书记`, `${v.name}村委会主任`].map((title) => {
        const id = leaders.length + 1;
        const name = syntheticName(this.villageRandom);
        leaders.push([id, name, title, AdminLevel.VILLAGE, v.townIndex + 1, v.id]);
        return id;
      }) as [number, number];
    return [
      { table: "town", columns: TOWN, rows: DEMO_TOWNS.map((name, i) => [i + 1, name]) },
      {
        table: "village",
        columns: VILLAGE,
        rows: this.villages.map((v) => [v.id, v.name, v.townIndex + 1]),
      },
      { table: "leader", columns: LEADER, rows: leaders },
      { table: "work_station", columns: STATION, rows: stations },
    ];
  }

  /** 县级领导每天一人在群众工作中心接访; each town has one of its two leaders on duty every working day. */
  rota(days: string[]): {
    rows: SqlValue[][];
    county: Map<string, Duty>;
    towns: Map<string, Duty[]>;
  } {
    const rows: SqlValue[][] = [];
    const county = new Map<string, Duty>();
    const towns = new Map<string, Duty[]>();
    days.forEach((date, k) => {
      const c = { id: ++this.dutyId, leaderId: (k % COUNTY_LEADERS.length) + 1 };
      rows.push([c.id, date, c.leaderId, AdminLevel.COUNTY, COUNTY_RECEPTION_PLACE]);
      county.set(date, c);
      towns.set(
        date,
        DEMO_TOWNS.map((town, i) => {
          const d = { id: ++this.dutyId, leaderId: townLeader(i, k) };
          rows.push([d.id, date, d.leaderId, AdminLevel.TOWN, `${town}群众工作站`]);
          return d;
        }),
      );
    });
    return { rows, county, towns };
  }

  receptions(year: YearPlan, days: string[], rota: ReturnType<MassworkSeed["rota"]>): SqlValue[][] {
    const random = this.random;
    const rows: SqlValue[][] = [];
    const add = (
      duty: Duty,
      at: Date,
      headcount: number,
      matter: string,
      petitionId: number | null,
    ) => rows.push([0, duty.id, duty.leaderId, at, headcount, matter, petitionId]);
    const season = new DaySampler(days, seasonWeight);
    const { cases, persons } = year.targets.countyReceptions;
    // a county leader on duty meets a collective visit the day it comes
    const groups = year.petitions.filter(
      (p) => p.channel === "VISIT" && p.headcount >= 5 && p.headcount <= 40,
    );
    const linked = sampleIndexes(
      random,
      groups.length,
      Math.min(groups.length, Math.round(cases * LINKED_COUNTY)),
    ).map((i) => groups[i]);
    while (
      linked.length &&
      linked.reduce((s, p) => s + p.headcount, 0) > persons - (cases - linked.length)
    )
      linked.pop();
    for (const p of linked)
      add(
        rota.county.get(beijingDay(p.receivedAt))!,
        new Date(p.receivedAt.getTime() + between(random, 20, 90) * 60_000),
        p.headcount,
        pick(random, DEMO_MATTERS[p.category]),
        p.id,
      );
    const rest = persons - linked.reduce((s, p) => s + p.headcount, 0);
    for (const headcount of splitTotal(
      random,
      cases - linked.length,
      rest,
      1,
      200,
      () => (-Math.log(1 - random())) ** 2,
    )) {
      const day = season.sample(random);
      add(
        rota.county.get(day)!,
        officeHours(day, random),
        headcount,
        pick(
          random,
          DEMO_MATTERS[
            plannedCategory(
              random,
              headcount >= 5 ? "collective" : "visit",
              new Date(Date.parse(day)),
            )
          ],
        ),
        null,
      );
    }
    // town leaders: some follow up a petition from their town in the fortnight after it came
    for (let i = 0; i < year.targets.townReceptions; i++) {
      let p: PlannedPetition | null = random() < LINKED_TOWN ? pick(random, year.petitions) : null;
      let day = p
        ? beijingDay(addDays(p.receivedAt, between(random, 1, 15)))
        : season.sample(random);
      while (!isWorkingDay(day)) day = beijingDay(Date.parse(day) + DAY_MS);
      if (!day.startsWith(String(year.year))) [p, day] = [null, season.sample(random)];
      const townIndex = p ? p.townId - 1 : weighted(random, SEED_TOWN_WEIGHTS) - 1;
      const at = officeHours(day, random);
      const category = p?.category ?? plannedCategory(random, "visit", at);
      const headcount = p
        ? Math.min(p.headcount, 5)
        : weighted(random, [
            [1, 55],
            [2, 25],
            [3, 12],
            [4, 8],
          ] as [number, number][]);
      add(
        rota.towns.get(day)![townIndex],
        at,
        headcount,
        pick(random, DEMO_MATTERS[category]),
        p?.id ?? null,
      );
    }
    rows.sort((a, b) => (a[3] as Date).getTime() - (b[3] as Date).getTime());
    for (const row of rows) row[0] = ++this.receptionId;
    return rows;
  }

  /**
   * 村"两委"负责人每天至少1人在村委会坐班接访: one of each village's two heads on duty every
   * working day, as the county's and towns' rotas, the two taking turns.
   */
  villageRota(days: string[]): { rows: SqlValue[][]; byDay: Map<string, Duty[]> } {
    const rows: SqlValue[][] = [];
    const byDay = new Map<string, Duty[]>();
    days.forEach((date, k) =>
      byDay.set(
        date,
        this.villages.map((v, i) => {
          const d = { id: ++this.dutyId, leaderId: v.heads[(k + i) % 2] };
          rows.push([d.id, date, d.leaderId, AdminLevel.VILLAGE, `${v.name}村委会`]);
          return d;
        }),
      ),
    );
    return { rows, byDay };
  }

  /**
   * What people bring to their village committee: small matters of one to a few persons, kept in
   * the village (小事不出村), so none is a petition of the bureau and none counts in the report.
   */
  villageReceptions(year: YearPlan, days: string[], byDay: Map<string, Duty[]>): SqlValue[][] {
    const random = this.villageRandom;
    const season = new DaySampler(days, seasonWeight);
    const rows = Array.from({ length: year.targets.villageReceptions }, () => {
      const day = season.sample(random);
      const townIndex = weighted(random, SEED_TOWN_WEIGHTS) - 1;
      const village = pick(
        random,
        this.villages.filter((v) => v.townIndex === townIndex),
      );
      const duty = byDay.get(day)![village.id - 1];
      const at = officeHours(day, random);
      const headcount = weighted(random, [
        [1, 70],
        [2, 22],
        [3, 8],
      ] as [number, number][]);
      const matter = pick(random, DEMO_MATTERS[plannedCategory(random, "visit", at)]);
      return [0, duty.id, duty.leaderId, at, headcount, matter, null] as SqlValue[];
    });
    rows.sort((a, b) => (a[3] as Date).getTime() - (b[3] as Date).getTime());
    for (const row of rows) row[0] = ++this.receptionId;
    return rows;
  }

  /** 矛盾隐患: the year's found, resolved (this year's and last year's carried) and sharpened items. */
  risks(year: YearPlan, days: string[], hasNextYear: boolean): SqlValue[][] {
    const random = this.random;
    const { found, resolved, escalated } = year.targets.screening;
    const { start, end } = yearRange(year.year);
    const season = new DaySampler(days, seasonWeight);
    const late = year.petitions.filter(
      (p) => p.receivedAt.getTime() >= start.getTime() + 25 * DAY_MS,
    );
    const items = Array.from({ length: found }, () => {
      // some disputes reach the bureau as a petition some days after screening found them
      const p = random() < 0.3 ? pick(random, late) : null;
      const reportedAt = p
        ? addDays(p.receivedAt, -between(random, 3, 20))
        : officeHours(season.sample(random), random);
      const townId = p?.townId ?? weighted(random, SEED_TOWN_WEIGHTS);
      return {
        reportedAt,
        townId,
        category: p?.category ?? plannedCategory(random, "collective", reportedAt),
        petitionId: p?.id ?? null,
      };
    });
    // the dataset's newest petitions each had a dispute screened before: the latest item found
    // a few days earlier that no petition followed becomes theirs (no random draw: the rest stays)
    if (!hasNextYear)
      for (const p of year.petitions.slice(-SHOWCASE_PETITIONS)) {
        const before = p.receivedAt.getTime() - 3 * DAY_MS;
        const it = items
          .filter((it) => it.petitionId === null && it.reportedAt.getTime() < before)
          .reduce<(typeof items)[number] | null>(
            (latest, it) =>
              latest && latest.reportedAt.getTime() >= it.reportedAt.getTime() ? latest : it,
            null,
          );
        if (it) Object.assign(it, { townId: p.townId, category: p.category, petitionId: p.id });
      }
    items.sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());

    const inYear = resolved - this.carried;
    const carryOut = hasNextYear ? Math.round(found * CARRIED) : 0;
    if (inYear < 0 || inYear + carryOut + escalated > found)
      throw new Error(`the screening targets of ${year.year} do not add up`);
    // older items are likelier settled within the year; items of its last days are not
    const eligible = items
      .map((it, i) => i)
      .filter((i) => items[i].reportedAt.getTime() < end.getTime() - 3 * DAY_MS);
    const keyed = eligible
      .map((i) => [i, random() * (0.5 + i / items.length)] as const)
      .sort((a, b) => a[1] - b[1]);
    const outcome = new Array<"resolved" | "carried" | "escalated" | "open">(found).fill("open");
    keyed.slice(0, inYear).forEach(([i]) => (outcome[i] = "resolved"));
    // what is settled early next year was mostly found late in this one
    const open = () => outcome.map((_, i) => i).filter((i) => outcome[i] === "open");
    const left = open();
    const recent = left.length >= 2 * carryOut ? left.slice(Math.floor(left.length / 2)) : left;
    sampleIndexes(random, recent.length, carryOut).forEach((k) => (outcome[recent[k]] = "carried"));
    const still = open();
    sampleIndexes(random, still.length, escalated).forEach(
      (k) => (outcome[still[k]] = "escalated"),
    );
    this.carried = carryOut;

    return items.map((it, i) => {
      const daysLeft = Math.floor((end.getTime() - it.reportedAt.getTime()) / DAY_MS) - 1;
      const resolvedAt =
        outcome[i] === "resolved"
          ? addDays(it.reportedAt, between(random, Math.min(2, daysLeft), Math.min(60, daysLeft)))
          : outcome[i] === "carried"
            ? addDays(end, between(random, 1, 60))
            : null;
      const status = resolvedAt
        ? RiskStatus.RESOLVED
        : outcome[i] === "escalated"
          ? RiskStatus.ESCALATED
          : RiskStatus.OPEN;
      const place = `${DEMO_TOWNS[it.townId - 1]}${pick(random, DEMO_VILLAGES[it.townId - 1])}`;
      const description = `${place}${pick(random, DEMO_MATTERS[it.category])},涉及群众约${between(random, 3, 60)}户,已纳入排查台账。${resolvedAt ? pick(random, SETTLEMENTS) + "。" : ""}`;
      return [
        ++this.riskId,
        it.townId,
        it.category,
        description,
        status,
        it.reportedAt,
        resolvedAt,
        it.petitionId,
      ];
    });
  }

  /** The settlements of the year's items, as the steps of their course (RISK's columns in). */
  riskChanges(risks: SqlValue[][]): SqlValue[][] {
    return risks
      .filter((r) => r[6] !== null)
      .map((r) => [++this.riskChangeId, r[0], r[6], RiskStatus.OPEN, RiskStatus.RESOLVED, "seed"]);
  }

  /**
   * 社情民意: about weekly, each on what the petitions of the month before were most about in
   * one town, citing those petitions, the website messages they came from and the leaders'
   * receptions about them (RECEPTION's rows in). No random draw is added for the citations, so
   * every other row stays as it was. Calls are not cited: the service center draws its calls
   * from its own seed, so their ids are not in the plan.
   */
  digests(
    year: YearPlan,
    days: string[],
    receptions: SqlValue[][],
  ): { digests: SqlValue[][]; sources: SqlValue[][] } {
    const random = this.random;
    const count = year.targets.digests;
    const receptionsOf = new Map<number, { id: number; at: Date }[]>();
    for (const r of receptions)
      if (r[6] !== null) {
        const list = receptionsOf.get(r[6] as number) ?? [];
        list.push({ id: r[0] as number, at: r[3] as Date });
        receptionsOf.set(r[6] as number, list);
      }
    const sources: SqlValue[][] = [];
    const digests = Array.from({ length: count }, (_, k) => {
      const publishedAt = officeHours(days[Math.floor(((k + 0.5) * days.length) / count)], random);
      const from = receivedFrom(year.petitions, publishedAt.getTime() - 30 * DAY_MS);
      const to = receivedFrom(year.petitions, publishedAt.getTime());
      const p =
        year.petitions[
          to > from ? between(random, from, to - 1) : between(random, 0, year.petitions.length - 1)
        ];
      const matter = pick(random, DEMO_MATTERS[p.category]);
      const town = DEMO_TOWNS[p.townId - 1];
      const id = ++this.digestId;
      // the month's petitions of that town and matter (p among them), when p is of that month
      const cited =
        to > from
          ? year.petitions
              .slice(from, to)
              .filter((q) => q.townId === p.townId && q.category === p.category)
              .slice(0, DIGEST_PETITIONS)
          : [];
      let position = 0;
      const add = (kind: DigestSourceKind, sourceId: number) =>
        sources.push([id, kind, sourceId, position++]);
      for (const q of cited) add(DigestSourceKind.PETITION, q.id);
      for (const q of cited) if (q.messageId !== null) add(DigestSourceKind.MESSAGE, q.messageId);
      for (const q of cited)
        for (const r of receptionsOf.get(q.id) ?? [])
          if (r.at.getTime() < publishedAt.getTime()) add(DigestSourceKind.RECEPTION, r.id);
      return [
        id,
        `社情民意第${k + 1}期:${town}群众关注${matter}`,
        `近期,大厂为人民服务网、市长热线和来访接待中,${town}群众反映${matter}等问题较为集中。${pick(random, DIGEST_ADVICE)}`,
        publishedAt,
        p.townId,
        p.category,
        beijingDay(publishedAt.getTime() - 30 * DAY_MS),
        beijingDay(publishedAt),
      ];
    });
    return { digests, sources };
  }
}

export function* massworkSeedRows(plan: SeedPlan): Generator<SeedBatch> {
  const seed = new MassworkSeed();
  yield* seed.network();
  for (const [index, year] of plan.years.entries()) {
    const days = workingDays(year.year);
    const rota = seed.rota(days);
    yield { table: "reception_duty", columns: DUTY, rows: rota.rows };
    const receptions = seed.receptions(year, days, rota);
    yield { table: "reception", columns: RECEPTION, rows: receptions };
    const risks = seed.risks(year, days, index < plan.years.length - 1);
    yield { table: "risk_item", columns: RISK, rows: risks };
    yield { table: "risk_item_change", columns: RISK_CHANGE, rows: seed.riskChanges(risks) };
    const { digests, sources } = seed.digests(year, days, receptions);
    yield { table: "opinion_digest", columns: DIGEST, rows: digests };
    yield { table: "opinion_digest_source", columns: DIGEST_SOURCE, rows: sources };
  }
  // the villages' duties and receptions last, so every id before them is what it was without them
  for (const year of plan.years) {
    const days = workingDays(year.year);
    const rota = seed.villageRota(days);
    yield { table: "reception_duty", columns: DUTY, rows: rota.rows };
    yield {
      table: "reception",
      columns: RECEPTION,
      rows: seed.villageReceptions(year, days, rota.byDay),
    };
  }
}
