import { PetitionCategory } from "../common/domain";
import { addDays, FixedClock } from "../common/time";
import { BacklogCase } from "../subgraphs/bureau/entities/backlog-case";
import { Petition } from "../subgraphs/bureau/entities/petition";
import { Visit } from "../subgraphs/bureau/entities/visit";
import {
  Channel,
  PetitionSource,
  PetitionStatus,
  VisitLevel,
} from "../subgraphs/bureau/entities/enums";
import { Leader } from "../subgraphs/masswork/entities/leader";
import { OpinionDigest } from "../subgraphs/masswork/entities/opinion-digest";
import { Reception } from "../subgraphs/masswork/entities/reception";
import { RiskItem } from "../subgraphs/masswork/entities/risk-item";
import { Town } from "../subgraphs/masswork/entities/town";
import { AdminLevel, RiskStatus } from "../subgraphs/masswork/entities/enums";
import { Evaluation } from "../subgraphs/service-center/entities/evaluation";
import { OnlineMessage } from "../subgraphs/service-center/entities/online-message";
import { Rating } from "../subgraphs/service-center/entities/enums";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * Each definition of the annual report (DOMAIN.md) on a few hand-made records, through the
 * gateway. Years are Beijing years: 2017 runs from 2016-12-31T16:00Z to 2017-12-31T16:00Z.
 */
const at = (iso: string) => new Date(iso);

function petition(id: number, received: string, over: Partial<Petition> = {}): Partial<Petition> {
  const receivedAt = at(received);
  return {
    id,
    serialNo: `XF-TEST-${id}`,
    title: "事项",
    content: "事项的内容。",
    channel: Channel.VISIT,
    source: PetitionSource.COUNTY_INTAKE,
    category: PetitionCategory.OTHER,
    status: PetitionStatus.REGISTERED,
    firstTime: true,
    collective: false,
    headcount: 1,
    townId: 1,
    responsibleUnit: null,
    receivedAt,
    acceptanceDeadline: addDays(receivedAt, 15),
    acceptedAt: null,
    declinedAt: null,
    declineReason: null,
    dueAt: null,
    extensionReason: null,
    repliedAt: null,
    replyText: null,
    currentDeadline: null,
    duplicateOfId: null,
    repeatOfId: null,
    sourceMessageId: null,
    version: 1,
    ...over,
  };
}

/** Accepted then, due 60 days later (plus an extension), replied when given. */
function handled(acceptedAt: string, replied: string | null, extensionDays = 0): Partial<Petition> {
  const accepted = at(acceptedAt);
  return {
    status: replied ? PetitionStatus.REPLIED : PetitionStatus.IN_PROGRESS,
    acceptedAt: accepted,
    dueAt: addDays(accepted, 60 + extensionDays),
    extensionReason: extensionDays ? "案情复杂" : null,
    repliedAt: replied ? at(replied) : null,
    replyText: replied ? "已答复。" : null,
  };
}

const visit = (
  petitionId: number,
  receivedAt: string,
  level: VisitLevel,
  headcount: number,
  firstTime: boolean,
): Partial<Visit> => ({
  petitionId,
  receivedAt: at(receivedAt),
  level,
  headcount,
  collective: headcount >= 5,
  firstTime,
});

describe("the annual report's definitions, on hand-made records", () => {
  let t: TestSystem;
  const report = async (year: number, fields: string) => {
    const res = await t.as("leader").query(`{ annualReport(year: ${year}) { ${fields} } }`);
    expect(res.errors).toBeUndefined();
    return res.data.annualReport;
  };

  beforeAll(async () => {
    // long after both years: every figure is judged at the end of its year
    t = await startTestSystem({
      demoData: false,
      clock: new FixedClock(at("2019-03-01T02:00:00Z")),
    });
    const bureau = t.system.subgraphs.bureau!.database.dataSource;
    await bureau.getRepository(Petition).insert([
      // a 6-person first-time visit, accepted in 4 days, replied before its due date
      petition(1, "2017-03-01T02:00:00Z", {
        headcount: 6,
        collective: true,
        ...handled("2017-03-05T02:00:00Z", "2017-04-20T02:00:00Z"),
      }),
      // declined on the 14th day: timely. By letter, transferred from the city: not an online transfer
      petition(2, "2017-03-10T02:00:00Z", {
        channel: Channel.LETTER,
        source: PetitionSource.MUNICIPAL_TRANSFER,
        status: PetitionStatus.DECLINED,
        declinedAt: at("2017-03-24T02:00:00Z"),
        declineReason: "不属于受理范围",
      }),
      // accepted on the 19th day: late; replied after its due date: not on time
      petition(3, "2017-04-01T02:00:00Z", handled("2017-04-20T02:00:00Z", "2017-07-01T02:00:00Z")),
      // open at the year's end and past its due date (2017-07-02): counts against the on-time rate
      petition(4, "2017-05-01T02:00:00Z", handled("2017-05-03T02:00:00Z", null)),
      // open at the year's end but not yet due: counts for nothing
      petition(5, "2017-12-20T02:00:00Z", handled("2017-12-22T02:00:00Z", null)),
      // an online petition from the national level, extended by 30 days and replied within them: on time
      petition(6, "2017-06-01T02:00:00Z", {
        channel: Channel.ONLINE,
        source: PetitionSource.NATIONAL_TRANSFER,
        ...handled("2017-06-02T02:00:00Z", "2017-08-20T02:00:00Z", 30),
      }),
      // an online petition of the county's own website, never decided: registered, not timely
      petition(7, "2017-06-02T02:00:00Z", { channel: Channel.ONLINE }),
      // 23:59:59 on 31 December 2016 in Beijing: a 2016 online transfer, replied on time in 2017
      petition(8, "2016-12-31T15:59:59.999Z", {
        channel: Channel.ONLINE,
        source: PetitionSource.PROVINCIAL_TRANSFER,
        ...handled("2017-01-02T02:00:00Z", "2017-02-01T02:00:00Z"),
      }),
      // merged into another: not counted as registered
      petition(9, "2017-07-01T02:00:00Z", { status: PetitionStatus.MERGED, duplicateOfId: 1 }),
      // 2016: past due (2016-12-19) and open at the end of 2016; replied late in 2017
      petition(10, "2016-10-18T02:00:00Z", handled("2016-10-20T02:00:00Z", "2017-01-10T02:00:00Z")),
    ]);
    await bureau.getRepository(Visit).insert([
      visit(1, "2017-03-01T02:00:00Z", VisitLevel.COUNTY, 6, true),
      visit(1, "2017-03-15T02:00:00Z", VisitLevel.COUNTY, 2, false),
      visit(1, "2017-04-01T02:00:00Z", VisitLevel.NATIONAL, 3, true),
      visit(3, "2017-04-01T02:00:00Z", VisitLevel.COUNTY, 1, true),
      visit(3, "2017-05-01T02:00:00Z", VisitLevel.MUNICIPAL, 1, true),
      // the first moment of 2018 in Beijing
      visit(1, "2017-12-31T16:00:00.000Z", VisitLevel.COUNTY, 4, false),
      visit(10, "2016-11-05T02:00:00Z", VisitLevel.MUNICIPAL, 2, true),
      visit(10, "2016-11-10T02:00:00Z", VisitLevel.PROVINCIAL, 1, true),
      visit(10, "2016-12-31T15:59:59.999Z", VisitLevel.COUNTY, 5, true),
    ]);
    const backlog = (
      petitionId: number,
      batch: number,
      assignedAt: string,
    ): Partial<BacklogCase> => ({
      petitionId,
      batch,
      assignedAt: at(assignedAt),
      leadLeaderId: 1,
      resolvedAt: null,
    });
    await bureau
      .getRepository(BacklogCase)
      .insert([
        backlog(3, 1, "2017-03-15T02:00:00Z"),
        backlog(4, 1, "2017-03-15T02:00:00Z"),
        backlog(1, 2, "2017-09-01T02:00:00Z"),
        backlog(10, 1, "2016-12-01T02:00:00Z"),
        backlog(6, 3, "2017-12-31T16:00:00.000Z"),
      ]);

    const masswork = t.system.subgraphs.masswork!.database.dataSource;
    await masswork.getRepository(Town).insert({ id: 1, name: "甲镇" });
    await masswork.getRepository(Leader).insert([
      { id: 1, name: "甲", title: "副县长", level: AdminLevel.COUNTY, townId: null },
      { id: 2, name: "乙", title: "镇长", level: AdminLevel.TOWN, townId: 1 },
    ]);
    const reception = (
      leaderId: number,
      receivedAt: string,
      headcount: number,
    ): Partial<Reception> => ({
      dutyId: null,
      leaderId,
      receivedAt: at(receivedAt),
      headcount,
      matter: "事项",
      petitionId: null,
    });
    await masswork.getRepository(Reception).insert([
      reception(1, "2016-12-31T16:00:00.000Z", 7),
      reception(1, "2017-05-01T02:00:00Z", 30),
      // a town leader's reception is not the county leaders'
      reception(2, "2017-05-02T02:00:00Z", 1000),
      reception(1, "2017-12-31T16:00:00.000Z", 100),
    ]);
    const risk = (
      reportedAt: string,
      status: RiskStatus,
      resolvedAt: string | null,
    ): Partial<RiskItem> => ({
      townId: 1,
      category: PetitionCategory.LAND_ACQUISITION,
      description: "土地纠纷",
      status,
      reportedAt: at(reportedAt),
      resolvedAt: resolvedAt ? at(resolvedAt) : null,
      petitionId: null,
    });
    await masswork.getRepository(RiskItem).insert([
      // found in 2016, resolved in 2017: resolved counts in the year it was settled
      risk("2016-12-31T15:59:59.999Z", RiskStatus.RESOLVED, "2017-01-05T02:00:00Z"),
      risk("2017-02-01T02:00:00Z", RiskStatus.RESOLVED, "2017-03-01T02:00:00Z"),
      risk("2017-06-01T02:00:00Z", RiskStatus.ESCALATED, null),
      risk("2017-11-01T02:00:00Z", RiskStatus.RESOLVED, "2017-12-31T16:30:00Z"),
      risk("2017-11-02T02:00:00Z", RiskStatus.OPEN, null),
    ]);
    const digest = (publishedAt: string): Partial<OpinionDigest> => ({
      title: "社情民意",
      summary: "群众关注供暖。",
      publishedAt: at(publishedAt),
    });
    await masswork
      .getRepository(OpinionDigest)
      .insert([
        digest("2017-03-01T02:00:00Z"),
        digest("2017-12-31T15:59:00Z"),
        digest("2017-12-31T16:00:00.000Z"),
      ]);

    const center = t.system.subgraphs["service-center"]!.database.dataSource;
    const message = (postedAt: string, repliedAt: string | null): Partial<OnlineMessage> => ({
      title: "留言",
      content: "留言的内容。",
      category: PetitionCategory.OTHER,
      postedAt: at(postedAt),
      authorName: null,
      authorPhone: null,
      replyText: repliedAt ? "已答复。" : null,
      replyUnit: repliedAt ? "县住建局" : null,
      repliedAt: repliedAt ? at(repliedAt) : null,
    });
    await center.getRepository(OnlineMessage).insert([
      message("2016-12-31T15:59:59.999Z", "2017-01-03T02:00:00Z"),
      message("2017-02-01T02:00:00Z", "2017-02-03T02:00:00Z"),
      message("2017-03-01T02:00:00Z", null),
      // posted in 2017, answered in 2018: a replied message of 2017
      message("2017-12-31T15:00:00Z", "2018-01-02T02:00:00Z"),
    ]);
    const evaluation = (
      petitionId: number,
      rating: Rating,
      evaluatedAt: string,
    ): Partial<Evaluation> => ({ petitionId, rating, evaluatedAt: at(evaluatedAt) });
    await center
      .getRepository(Evaluation)
      .insert([
        evaluation(1, Rating.SATISFIED, "2017-04-25T02:00:00Z"),
        evaluation(3, Rating.BASICALLY_SATISFIED, "2017-07-05T02:00:00Z"),
        evaluation(6, Rating.UNSATISFIED, "2017-08-25T02:00:00Z"),
        evaluation(10, Rating.SATISFIED, "2017-01-12T02:00:00Z"),
      ]);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const yoy = "count persons changeFromPreviousYear";

  it("counts a 6-person visit as 1 batch and 6 persons in the collective and in the total figures", async () => {
    const r = await report(
      2017,
      `visits { all { ${yoy} } firstTime { ${yoy} } collective { ${yoy} } collectiveFirstTime { ${yoy} } }`,
    );
    // county visits of 2017: the 6-person first visit, a 2-person return, a 1-person first visit
    expect(r.visits).toEqual({
      all: { count: 3, persons: 9, changeFromPreviousYear: 2 },
      firstTime: { count: 2, persons: 7, changeFromPreviousYear: 1 },
      collective: { count: 1, persons: 6, changeFromPreviousYear: 0 },
      collectiveFirstTime: { count: 1, persons: 6, changeFromPreviousYear: 0 },
    });
  });

  it("does not count an escalated visit among the county's, and counts it by level", async () => {
    const r = await report(
      2017,
      `escalatedVisits { total { ${yoy} } national { ${yoy} } provincial { ${yoy} } municipal { ${yoy} } }`,
    );
    expect(r.escalatedVisits).toEqual({
      total: { count: 2, persons: null, changeFromPreviousYear: 0 },
      // 2016 had no national visit: no change can be given
      national: { count: 1, persons: null, changeFromPreviousYear: null },
      provincial: { count: 0, persons: null, changeFromPreviousYear: -1 },
      municipal: { count: 1, persons: null, changeFromPreviousYear: 0 },
    });
  });

  it("gives no change where the previous year holds no records", async () => {
    const r = await report(
      2016,
      `visits { all { ${yoy} } collective { ${yoy} } } onlineTransfers { ${yoy} } escalatedVisits { total { ${yoy} } }`,
    );
    expect(r).toEqual({
      visits: {
        all: { count: 1, persons: 5, changeFromPreviousYear: null },
        collective: { count: 1, persons: 5, changeFromPreviousYear: null },
      },
      onlineTransfers: { count: 1, persons: null, changeFromPreviousYear: null },
      escalatedVisits: { total: { count: 2, persons: null, changeFromPreviousYear: null } },
    });
  });

  it("counts online petitions transferred from a higher level, not the county's own nor letters", async () => {
    expect((await report(2017, `onlineTransfers { ${yoy} }`)).onlineTransfers).toEqual({
      count: 1,
      persons: null,
      changeFromPreviousYear: 0,
    });
  });

  it("counts a decline within 15 days as timely, a later acceptance or none as not, and no merged item", async () => {
    const r = await report(2017, "threeRates { timelyAcceptance }");
    // registered: 1–7; timely: 1, 2 (declined on day 14), 4, 5, 6; not: 3 (day 19), 7 (undecided)
    expect(r.threeRates.timelyAcceptance).toBeCloseTo(5 / 7, 10);
    expect(
      (await report(2016, "threeRates { timelyAcceptance }")).threeRates.timelyAcceptance,
    ).toBe(1);
  });

  it("counts a reply after the due date as late, an extended one by its new date, and open past-due items in the denominator", async () => {
    const r = await report(2017, "threeRates { onTimeCompletion }");
    // replied in 2017: 1, 6 (extended), 8 on time; 3 and 10 late; open and past due: 4
    expect(r.threeRates.onTimeCompletion).toBeCloseTo(3 / 6, 10);
    // at the end of 2016 petition 10 was open and past due, and nothing was replied
    expect(
      (await report(2016, "threeRates { onTimeCompletion }")).threeRates.onTimeCompletion,
    ).toBe(0);
  });

  it("takes satisfaction from the year's evaluations and participation from them and the replied items", async () => {
    const r = await report(2017, "threeRates { satisfaction participation }");
    // 4 evaluations (satisfied, basically satisfied, unsatisfied, satisfied) of 5 replied items
    expect(r.threeRates).toEqual({ satisfaction: 3 / 4, participation: 4 / 5 });
    expect((await report(2016, "threeRates { satisfaction participation }")).threeRates).toEqual({
      satisfaction: null,
      participation: null,
    });
  });

  it("counts the website's messages of the year and the replied ones among them", async () => {
    expect((await report(2017, "website { messages replied replyRate }")).website).toEqual({
      messages: 3,
      replied: 2,
      replyRate: 2 / 3,
    });
  });

  it("counts disputes found, resolved and sharpened in the year", async () => {
    expect((await report(2017, "screening { found resolved escalated }")).screening).toEqual({
      found: 4,
      resolved: 2,
      escalated: 1,
    });
    expect((await report(2016, "screening { found resolved escalated }")).screening).toEqual({
      found: 1,
      resolved: 0,
      escalated: 0,
    });
  });

  it("counts county leaders' receptions in cases and persons, not town leaders'", async () => {
    expect(
      (await report(2017, "countyLeaderReceptions { cases persons }")).countyLeaderReceptions,
    ).toEqual({ cases: 2, persons: 37 });
  });

  it("counts the digests published in the year", async () => {
    expect((await report(2017, "opinionDigests")).opinionDigests).toBe(2);
  });

  it("counts backlog items assigned in the year and the batches they came in", async () => {
    expect(await report(2017, "backlogAssigned backlogBatches")).toEqual({
      backlogAssigned: 3,
      backlogBatches: 2,
    });
    expect(await report(2016, "backlogAssigned backlogBatches")).toEqual({
      backlogAssigned: 1,
      backlogBatches: 1,
    });
  });
});
