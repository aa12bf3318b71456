import type { DataSource, EntityManager } from "typeorm";
import {
  addDays,
  DEMO_MATTERS,
  demoStoryline,
  idNumberCheckDigit,
  insertInChunks,
  pick,
  seededRandom,
  type DemoCase,
} from "../../common";
import { BacklogCase } from "./entities/backlog-case";
import { Petition } from "./entities/petition";
import { PetitionPetitioner, Petitioner } from "./entities/petitioner";
import { Review } from "./entities/review";
import { StatusChange } from "./entities/status-change";
import { Visit } from "./entities/visit";
import { Channel, PetitionSource, PetitionStatus, ReviewKind, VisitLevel } from "./enums";
import { ACCEPTANCE_DAYS, REPLY_DAYS, REVIEW_DAYS } from "./procedure";

const SURNAMES = [..."王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"];
const GIVEN = [..."建国志强秀英桂兰玉梅海军丽华春生永明文德凤霞淑珍振华金福宝山红艳"];

/** A synthetic but well-formed ID number: the county's area code, a birth date, a check digit. */
function syntheticIdNumber(random: () => number): string {
  const birth = new Date(Date.UTC(1940 + Math.floor(random() * 60), Math.floor(random() * 12), 1 + Math.floor(random() * 28)));
  const ymd = birth.toISOString().slice(0, 10).replace(/-/g, "");
  const first17 = `131028${ymd}${String(Math.floor(random() * 1000)).padStart(3, "0")}`;
  return first17 + idNumberCheckDigit(first17);
}

interface Rows {
  petitions: Partial<Petition>[];
  petitioners: Partial<Petitioner>[];
  links: PetitionPetitioner[];
  visits: Partial<Visit>[];
  reviews: Partial<Review>[];
  backlog: Partial<BacklogCase>[];
  history: Partial<StatusChange>[];
}

function channelOf(c: DemoCase, random: () => number): Channel {
  if (c.online) return Channel.ONLINE;
  return pick(random, [Channel.VISIT, Channel.VISIT, Channel.VISIT, Channel.LETTER, Channel.PHONE]);
}

function sourceOf(c: DemoCase, random: () => number): PetitionSource {
  if (!c.online || random() < 0.5) return PetitionSource.COUNTY_INTAKE;
  return pick(random, [PetitionSource.NATIONAL_TRANSFER, PetitionSource.PROVINCIAL_TRANSFER, PetitionSource.MUNICIPAL_TRANSFER]);
}

function addCase(rows: Rows, c: DemoCase, random: () => number): void {
  const matter = pick(random, DEMO_MATTERS[c.category]);
  const channel = channelOf(c, random);
  const history: Partial<StatusChange>[] = [];
  const step = (at: Date, from: PetitionStatus | null, to: PetitionStatus, note: string | null) =>
    history.push({ petitionId: c.id, at, from, to, note, actor: "demo-data" });

  step(c.receivedAt, null, PetitionStatus.REGISTERED, null);
  let status = PetitionStatus.REGISTERED;
  let currentDeadline: Date | null = addDays(c.receivedAt, ACCEPTANCE_DAYS);
  let dueAt: Date | null = null;
  let declinedAt: Date | null = null;
  if (c.stage === "DECLINED") {
    declinedAt = addDays(c.receivedAt, 3 + Math.floor(random() * 10));
    step(declinedAt, status, (status = PetitionStatus.DECLINED), "不属于信访受理范围,已告知通过法定途径解决");
    currentDeadline = null;
  }
  if (c.acceptedAt) {
    dueAt = addDays(c.acceptedAt, REPLY_DAYS);
    step(c.acceptedAt, status, (status = PetitionStatus.ACCEPTED), null);
    currentDeadline = dueAt;
    if (c.stage !== "ACCEPTED") step(addDays(c.acceptedAt, 2), status, (status = PetitionStatus.IN_PROGRESS), null);
  }
  if (c.repliedAt) {
    step(c.repliedAt, status, (status = PetitionStatus.REPLIED), null);
    currentDeadline = null;
    if (c.stage === "UNDER_REVIEW" || c.stage === "UNDER_RECHECK") {
      const requested = addDays(c.repliedAt, 5 + Math.floor(random() * 20));
      rows.reviews.push({ petitionId: c.id, kind: ReviewKind.REVIEW, requestedAt: requested, dueAt: addDays(requested, REVIEW_DAYS), decidedAt: null, outcome: null });
      step(requested, status, (status = PetitionStatus.UNDER_REVIEW), null);
      currentDeadline = addDays(requested, REVIEW_DAYS);
      if (c.stage === "UNDER_RECHECK") {
        const decided = addDays(requested, 20);
        const review = rows.reviews[rows.reviews.length - 1];
        Object.assign(review, { decidedAt: decided, outcome: "维持原处理意见" });
        const recheck = addDays(decided, 10);
        rows.reviews.push({ petitionId: c.id, kind: ReviewKind.RECHECK, requestedAt: recheck, dueAt: addDays(recheck, REVIEW_DAYS), decidedAt: null, outcome: null });
        step(recheck, status, (status = PetitionStatus.UNDER_RECHECK), null);
        currentDeadline = addDays(recheck, REVIEW_DAYS);
      }
    }
    if (c.stage === "CLOSED") step(addDays(c.repliedAt, 31), status, (status = PetitionStatus.CLOSED), "答复期满未申请复查");
  }

  const collective = c.headcount >= 5;
  rows.petitions.push({
    id: c.id,
    serialNo: `XF${c.receivedAt.getUTCFullYear()}-${String(c.id).padStart(6, "0")}`,
    title: matter,
    content: `${matter}。来信人反映情况属实,请求有关部门依法处理。`,
    channel,
    source: sourceOf(c, random),
    category: c.category,
    status,
    firstTime: random() < 0.75,
    collective,
    headcount: c.headcount,
    townId: c.townId,
    responsibleUnit: c.acceptedAt ? pick(random, ["县人社局", "县住建局", "县自然资源局", "县法院", "县纪委监委", "县退役军人事务局", "县教育局"]) : null,
    receivedAt: c.receivedAt,
    acceptanceDeadline: addDays(c.receivedAt, ACCEPTANCE_DAYS),
    acceptedAt: c.acceptedAt,
    declinedAt,
    declineReason: declinedAt ? "不属于信访受理范围" : null,
    dueAt,
    extensionReason: null,
    repliedAt: c.repliedAt,
    replyText: c.repliedAt ? "经调查核实,已责成有关单位依法依规处理,并向信访人书面答复。" : null,
    currentDeadline,
    duplicateOfId: null,
    repeatOfId: null,
    sourceMessageId: c.messageId,
    version: history.length,
  });
  rows.history.push(...history);

  const people = collective ? 1 + Math.floor(random() * 3) : 1;
  for (let k = 0; k < people; k++) {
    const id = rows.petitioners.length + 1;
    rows.petitioners.push({
      id,
      name: pick(random, SURNAMES) + pick(random, GIVEN) + (random() < 0.6 ? pick(random, GIVEN) : ""),
      idNumber: syntheticIdNumber(random),
      phone: `13${Math.floor(random() * 10)}${String(Math.floor(random() * 1e8)).padStart(8, "0")}`,
      townId: c.townId,
    });
    rows.links.push({ petitionId: c.id, petitionerId: id });
  }

  if (channel === Channel.VISIT) {
    rows.visits.push({ petitionId: c.id, receivedAt: c.receivedAt, level: VisitLevel.COUNTY, headcount: c.headcount, collective, firstTime: true });
    if (random() < 0.3) rows.visits.push({ petitionId: c.id, receivedAt: addDays(c.receivedAt, 20), level: VisitLevel.COUNTY, headcount: c.headcount, collective, firstTime: false });
  }
  if (random() < 0.12) {
    const level = pick(random, [VisitLevel.MUNICIPAL, VisitLevel.MUNICIPAL, VisitLevel.PROVINCIAL, VisitLevel.NATIONAL]);
    const headcount = 1 + Math.floor(random() * 3);
    rows.visits.push({ petitionId: c.id, receivedAt: addDays(c.receivedAt, 7), level, headcount, collective: false, firstTime: false });
  }
  if (c.backlog) rows.backlog.push({ petitionId: c.id, batch: c.backlog.batch, assignedAt: addDays(c.receivedAt, 90), leadLeaderId: c.backlog.leaderId, resolvedAt: null });
}

/** Writes the bureau's part of the demo storyline into an empty database. */
export async function loadDemoData(db: DataSource): Promise<boolean> {
  if ((await db.getRepository(Petition).count()) > 0) return false;
  const random = seededRandom(11);
  const rows: Rows = { petitions: [], petitioners: [], links: [], visits: [], reviews: [], backlog: [], history: [] };
  for (const c of demoStoryline()) addCase(rows, c, random);
  await db.transaction(async (tx) => {
    await insertInChunks(tx, Petition, rows.petitions);
    await insertInChunks(tx, Petitioner, rows.petitioners);
    await insertInChunks(tx, PetitionPetitioner, rows.links);
    await insertInChunks(tx, Visit, rows.visits);
    await insertInChunks(tx, Review, rows.reviews);
    await insertInChunks(tx, BacklogCase, rows.backlog);
    await insertInChunks(tx, StatusChange, rows.history);
  });
  return true;
}
