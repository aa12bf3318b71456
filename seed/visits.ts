import { DaySampler, officeHours, seasonWeight, workingDays } from "./calendar";
import type { PlanHistory, PlannedPetition } from "./plan";
import { weighted, splitTotal, type Random } from "./random";
import type { YearTargets } from "./targets";

/**
 * The visits of one year (来访登记), made to add up to the year's figures exactly: county
 * visits in cases and persons, first-time and collective ones among them (5 or more people),
 * and visits received at higher levels (越级访), which are not the county's.
 */
export type PlannedLevel = "COUNTY" | "MUNICIPAL" | "PROVINCIAL" | "NATIONAL";

export interface PlannedVisit {
  petitionId: number;
  receivedAt: Date;
  level: PlannedLevel;
  headcount: number;
  /** 初访: the first visit on its petition, when that petition is first-time */
  firstTime: boolean;
}

export interface VisitSlot {
  at: Date;
  headcount: number;
  firstTime: boolean;
  /** a new petition is registered for it; otherwise it follows up an earlier petition */
  opensPetition: boolean;
}

/** Of the repeat visits, the share that come back on a petition already registered. */
const FOLLOW_UP_SHARE = 0.4;
const DAY_MS = 86_400_000;

/** Group sizes: most collective visits bring 5 to 20 people, a few bring a hundred or more. */
const spread = (random: Random) => () => (-Math.log(1 - random())) ** 2;

/** The county visits of the year, with exact counts and persons per kind. */
export function planVisitSlots(random: Random, t: YearTargets): VisitSlot[] {
  const v = t.visits;
  const groups = [
    {
      firstTime: true,
      collective: true,
      count: v.collectiveFirstTime.count,
      persons: v.collectiveFirstTime.persons,
    },
    {
      firstTime: true,
      collective: false,
      count: v.firstTime.count - v.collectiveFirstTime.count,
      persons: v.firstTime.persons - v.collectiveFirstTime.persons,
    },
    {
      firstTime: false,
      collective: true,
      count: v.collective.count - v.collectiveFirstTime.count,
      persons: v.collective.persons - v.collectiveFirstTime.persons,
    },
    {
      firstTime: false,
      collective: false,
      count: v.all.count - v.firstTime.count - (v.collective.count - v.collectiveFirstTime.count),
      persons:
        v.all.persons -
        v.firstTime.persons -
        (v.collective.persons - v.collectiveFirstTime.persons),
    },
  ];
  const season = new DaySampler(workingDays(t.year), seasonWeight);
  const slots: VisitSlot[] = [];
  for (const g of groups) {
    const sizes = g.collective
      ? splitTotal(random, g.count, g.persons, 5, 300, spread(random))
      : splitTotal(random, g.count, g.persons, 1, 4, spread(random));
    for (const headcount of sizes) {
      const at = officeHours(season.sample(random), random);
      slots.push({
        at,
        headcount,
        firstTime: g.firstTime,
        opensPetition: g.firstTime || random() >= FOLLOW_UP_SHARE,
      });
    }
  }
  return slots;
}

/** The first index of `times` (ascending) at or after `at`. */
function lowerBound(times: ArrayLike<number>, at: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Petitions (ids) and their receipt times, to find one received within a window. */
class Pool {
  readonly ids: number[] = [];
  readonly times: number[] = [];
  add(id: number, at: number) {
    this.ids.push(id);
    this.times.push(at);
  }
  /** a random petition received in [from, to), or null */
  within(random: Random, from: number, to: number): number | null {
    const lo = lowerBound(this.times, from);
    const hi = lowerBound(this.times, to);
    return hi > lo ? this.ids[lo + Math.floor(random() * (hi - lo))] : null;
  }
}

const LEVELS: ["NATIONAL" | "PROVINCIAL" | "MUNICIPAL", keyof YearTargets["escalated"]][] = [
  ["NATIONAL", "national"],
  ["PROVINCIAL", "provincial"],
  ["MUNICIPAL", "municipal"],
];

/** Going to Beijing gathers around the spring sessions (两会) in March and the autumn's sensitive weeks. */
function escalationWeight(level: PlannedLevel) {
  return (day: string) => {
    const month = Number(day.slice(5, 7));
    return (
      seasonWeight(day) * (level === "NATIONAL" ? (month === 3 ? 2.5 : month === 10 ? 1.5 : 1) : 1)
    );
  };
}

/**
 * The year's visits: each new visit petition's own visit, the follow-ups on earlier petitions
 * (the same group size kind where there is one), and the escalated visits on matters the
 * county already holds.
 */
export function attachVisits(
  random: Random,
  t: YearTargets,
  petitions: PlannedPetition[],
  slots: VisitSlot[],
  h: PlanHistory,
): PlannedVisit[] {
  const visits: PlannedVisit[] = [];
  for (const p of petitions)
    if (p.channel === "VISIT")
      visits.push({
        petitionId: p.id,
        receivedAt: p.receivedAt,
        level: "COUNTY",
        headcount: p.headcount,
        firstTime: p.firstTime,
      });

  const collective = new Pool();
  const individual = new Pool();
  const all = new Pool();
  h.receivedAt.forEach((at, i) => {
    all.add(i + 1, at);
    if (h.channel[i] === "VISIT") (h.headcount[i] >= 5 ? collective : individual).add(i + 1, at);
  });
  const season = new DaySampler(workingDays(t.year), seasonWeight);
  for (const slot of slots) {
    if (slot.opensPetition) continue;
    // a follow-up needs an earlier petition: at the very start of the records, a later day
    for (
      let at = slot.at.getTime(), tries = 0;
      ;
      at = officeHours(season.sample(random), random).getTime(), tries++
    ) {
      const [same, other] =
        slot.headcount >= 5 ? [collective, individual] : [individual, collective];
      const parent =
        same.within(random, at - 365 * DAY_MS, at - 3 * DAY_MS) ??
        other.within(random, at - 365 * DAY_MS, at - 3 * DAY_MS);
      if (parent !== null || tries > 1000) {
        if (parent === null) throw new Error(`no petition to follow up in ${t.year}`);
        visits.push({
          petitionId: parent,
          receivedAt: new Date(at),
          level: "COUNTY",
          headcount: slot.headcount,
          firstTime: false,
        });
        break;
      }
    }
  }
  for (const [level, key] of LEVELS) {
    const days = new DaySampler(workingDays(t.year), escalationWeight(level));
    for (let i = 0; i < t.escalated[key]; i++) {
      for (let tries = 0; ; tries++) {
        const at = officeHours(days.sample(random), random).getTime();
        const parent = all.within(random, at - 365 * DAY_MS, at - DAY_MS);
        if (parent === null && tries < 1000) continue;
        if (parent === null) throw new Error(`no petition for an escalated visit in ${t.year}`);
        const headcount = weighted(random, [
          [1, 60],
          [2, 25],
          [3, 15],
        ] as [number, number][]);
        visits.push({
          petitionId: parent,
          receivedAt: new Date(at),
          level,
          headcount,
          firstTime: h.firstTime[parent - 1],
        });
        break;
      }
    }
  }
  visits.sort(
    (a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.petitionId - b.petitionId,
  );
  // 初访 as a registration decides it: the first visit on a petition, if the petition is first-time
  for (const v of visits) {
    v.firstTime = !h.visited.has(v.petitionId) && h.firstTime[v.petitionId - 1];
    h.visited.add(v.petitionId);
  }
  return visits;
}
