import type { DataSource, EntityManager } from "typeorm";
import { addDays, insertInChunks, DEMO_MATTERS, DEMO_TOWNS, DEMO_YEAR, demoStoryline, pick, seededRandom, type DemoCase, beijingDate, yearRange } from "../../common";
import { COUNTY_LEADERS, COUNTY_RECEPTION_PLACE, DIGEST_ADVICE, GIVEN, HOLIDAYS_2017, MAKEUP_WORKDAYS_2017, SURNAMES, VILLAGES } from "./demo-text";
import { Leader } from "./entities/leader";
import { OpinionDigest } from "./entities/opinion-digest";
import { Reception } from "./entities/reception";
import { ReceptionDuty } from "./entities/reception-duty";
import { RiskItem } from "./entities/risk-item";
import { Town } from "./entities/town";
import { WorkStation } from "./entities/work-station";
import { AdminLevel, RiskStatus } from "./enums";

/** The yearbook's county leaders' receptions in 2017: 56 cases, 1067 persons. */
const COUNTY_RECEPTIONS = { cases: 56, persons: 1067 };
const TOWN_RECEPTIONS = 8;
const LINKED_RECEPTIONS = 20;
const RISK_ITEMS = 80;
const DIGESTS = 20;
const HOUR_MS = 3_600_000;

interface Rows {
  towns: Partial<Town>[];
  leaders: Partial<Leader>[];
  stations: Partial<WorkStation>[];
  duties: ReceptionDuty[];
  receptions: Partial<Reception>[];
  risks: Partial<RiskItem>[];
  digests: Partial<OpinionDigest>[];
}

/** The working days of the demo year, as YYYY-MM-DD. */
function workingDays(): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(DEMO_YEAR, 0, 1); t < Date.UTC(DEMO_YEAR + 1, 0, 1); t += 24 * HOUR_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    const weekday = new Date(t).getUTCDay();
    if (MAKEUP_WORKDAYS_2017.has(day) || (weekday !== 0 && weekday !== 6 && !HOLIDAYS_2017.has(day))) days.push(day);
  }
  return days;
}

/** A moment on a Beijing calendar day, between 9:00 and 16:00 Beijing time. */
function officeHours(day: string, random: () => number): Date {
  return new Date(Date.parse(`${day}T01:00:00Z`) + Math.floor(random() * 7 * 60) * 60_000);
}

function people(rows: Rows, random: () => number): void {
  DEMO_TOWNS.forEach((name, i) => rows.towns.push({ id: i + 1, name }));
  COUNTY_LEADERS.forEach(([name, title], i) => rows.leaders.push({ id: i + 1, name, title, level: AdminLevel.COUNTY, townId: null }));
  DEMO_TOWNS.forEach((town, i) => {
    for (const title of [`${town}党委书记`, `${town}镇长`]) {
      const name = pick(random, SURNAMES) + pick(random, GIVEN) + (random() < 0.7 ? pick(random, GIVEN) : "");
      rows.leaders.push({ id: rows.leaders.length + 1, name, title, level: AdminLevel.TOWN, townId: i + 1 });
    }
    rows.stations.push({ id: rows.stations.length + 1, name: `${town}群众工作站`, level: AdminLevel.TOWN, townId: i + 1 });
    for (const village of VILLAGES[i]) rows.stations.push({ id: rows.stations.length + 1, name: `${village}群众工作室`, level: AdminLevel.VILLAGE, townId: i + 1 });
  });
}

/** 县级领导每天一人在群众工作中心接访; each town has one of its two leaders on duty every working day. */
function duties(rows: Rows, days: string[]): void {
  days.forEach((date, k) => {
    rows.duties.push({ id: rows.duties.length + 1, date, leaderId: (k % COUNTY_LEADERS.length) + 1, level: AdminLevel.COUNTY, location: COUNTY_RECEPTION_PLACE });
    DEMO_TOWNS.forEach((town, i) => {
      const leaderId = COUNTY_LEADERS.length + 2 * i + 1 + ((k + i) % 2);
      rows.duties.push({ id: rows.duties.length + 1, date, leaderId, level: AdminLevel.TOWN, location: `${town}群众工作站` });
    });
  });
}

/** Spreads `total` over `count` parts of at least 1, close to the random weights given. */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const parts = weights.map((w) => Math.max(1, Math.floor((w / sum) * total)));
  for (let i = 0, left = total - parts.reduce((s, p) => s + p, 0); left !== 0; i = (i + 1) % parts.length) {
    if (left > 0) (parts[i]++, left--);
    else if (parts[i] > 1) (parts[i]--, left++);
  }
  return parts;
}

function receptions(rows: Rows, cases: DemoCase[], days: string[], random: () => number): void {
  const dutyOn = (day: string, level: AdminLevel) => rows.duties.filter((d) => d.date === day && d.level === level);
  const workday = new Set(days);
  const linked = cases.filter((c) => c.headcount >= 5 && !c.online && workday.has(beijingDate(c.receivedAt)));
  const chosen = Array.from({ length: LINKED_RECEPTIONS }, (_, i) => linked[Math.floor((i * linked.length) / LINKED_RECEPTIONS)]);
  for (const c of chosen) {
    const duty = dutyOn(beijingDate(c.receivedAt), AdminLevel.COUNTY)[0];
    const matter = pick(random, DEMO_MATTERS[c.category]);
    rows.receptions.push({ dutyId: duty.id, leaderId: duty.leaderId, receivedAt: new Date(c.receivedAt.getTime() + 30 * 60_000), headcount: c.headcount, matter, petitionId: c.id });
  }
  // the other county receptions make up the yearbook's persons exactly
  const others = COUNTY_RECEPTIONS.cases - chosen.length;
  const left = COUNTY_RECEPTIONS.persons - chosen.reduce((s, c) => s + c.headcount, 0);
  const headcounts = apportion(left, Array.from({ length: others }, () => 1 + random() * 30));
  for (const headcount of headcounts) {
    const duty = pick(random, dutyOn(pick(random, days), AdminLevel.COUNTY));
    const category = pick(random, Object.keys(DEMO_MATTERS) as (keyof typeof DEMO_MATTERS)[]);
    rows.receptions.push({ dutyId: duty.id, leaderId: duty.leaderId, receivedAt: officeHours(duty.date, random), headcount, matter: pick(random, DEMO_MATTERS[category]), petitionId: null });
  }
  for (let i = 0; i < TOWN_RECEPTIONS; i++) {
    const duty = pick(random, dutyOn(pick(random, days), AdminLevel.TOWN));
    const category = pick(random, Object.keys(DEMO_MATTERS) as (keyof typeof DEMO_MATTERS)[]);
    rows.receptions.push({ dutyId: duty.id, leaderId: duty.leaderId, receivedAt: officeHours(duty.date, random), headcount: 1 + Math.floor(random() * 6), matter: pick(random, DEMO_MATTERS[category]), petitionId: null });
  }
  rows.receptions.sort((a, b) => a.receivedAt!.getTime() - b.receivedAt!.getTime());
  rows.receptions.forEach((r, i) => (r.id = i + 1));
}

/** 矛盾隐患 screened through the year: a matter and a place, about three in four settled within it. */
function risks(rows: Rows, cases: DemoCase[], random: () => number): void {
  const yearEnd = yearRange(DEMO_YEAR).end.getTime();
  const yearStart = Date.UTC(DEMO_YEAR, 0, 3, 1);
  for (let i = 0; i < RISK_ITEMS; i++) {
    const c = cases[Math.floor((i * cases.length) / RISK_ITEMS)];
    const earlier = c.receivedAt.getTime() - (3 + Math.floor(random() * 20)) * 24 * HOUR_MS;
    const reportedAt = new Date(earlier >= yearStart ? earlier : c.receivedAt.getTime() + 2 * 24 * HOUR_MS);
    const village = pick(random, VILLAGES[c.townId - 1]);
    const households = 3 + Math.floor(random() * 40);
    const description = `${DEMO_TOWNS[c.townId - 1]}${village}${pick(random, DEMO_MATTERS[c.category])},涉及群众约${households}户,已纳入排查台账。`;
    const resolvedAt = random() < 0.8 ? addDays(reportedAt, 5 + Math.floor(random() * 40)) : null;
    const settled = resolvedAt !== null && resolvedAt.getTime() < yearEnd;
    rows.risks.push({
      id: i + 1,
      townId: c.townId,
      category: c.category,
      description,
      status: settled ? RiskStatus.RESOLVED : RiskStatus.OPEN,
      reportedAt,
      resolvedAt: settled ? resolvedAt : null,
      petitionId: random() < 0.3 ? c.id : null,
    });
  }
}

function digests(rows: Rows, cases: DemoCase[], random: () => number): void {
  for (let i = 0; i < DIGESTS; i++) {
    const c = cases[Math.floor(((i + 0.5) * cases.length) / DIGESTS)];
    const matter = pick(random, DEMO_MATTERS[c.category]);
    const town = DEMO_TOWNS[c.townId - 1];
    rows.digests.push({
      id: i + 1,
      title: `社情民意第${i + 1}期:${town}群众关注${matter}`,
      summary: `近期,大厂为人民服务网、市长热线和来访接待中,${town}群众反映${matter}等问题较为集中。${pick(random, DIGEST_ADVICE)}`,
      publishedAt: new Date(c.receivedAt.getTime() + 7 * 24 * HOUR_MS),
    });
  }
}

/** Writes masswork's part of the demo storyline into an empty database. */
export async function loadDemoData(db: DataSource): Promise<boolean> {
  if ((await db.getRepository(Town).count()) > 0) return false;
  const random = seededRandom(23);
  const cases = demoStoryline();
  const days = workingDays();
  const rows: Rows = { towns: [], leaders: [], stations: [], duties: [], receptions: [], risks: [], digests: [] };
  people(rows, random);
  duties(rows, days);
  receptions(rows, cases, days, random);
  risks(rows, cases, random);
  digests(rows, cases, random);
  await db.transaction(async (tx) => {
    await insertInChunks(tx, Town, rows.towns);
    await insertInChunks(tx, Leader, rows.leaders);
    await insertInChunks(tx, WorkStation, rows.stations);
    await insertInChunks(tx, ReceptionDuty, rows.duties);
    await insertInChunks(tx, Reception, rows.receptions);
    await insertInChunks(tx, RiskItem, rows.risks);
    await insertInChunks(tx, OpinionDigest, rows.digests);
  });
  return true;
}
