import { FixedClock } from "../common/time";
import { Petition } from "../subgraphs/bureau/entities/petition";
import { Visit } from "../subgraphs/bureau/entities/visit";
import {
  Channel,
  PetitionSource,
  PetitionStatus,
  VisitLevel,
} from "../subgraphs/bureau/entities/enums";
import { PetitionCategory } from "../common/domain";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * `statistics` on the default dataset: every series the annual report has sums, over the
 * periods of 2017, to the report's figure; weeks and days too; filters partition the totals;
 * statements do not grow with the number of periods; refusals name the argument.
 */
const SERIES = "values previous total";
const EVERY_SERIES = `
  periods { label first last }
  petitions { received { ${SERIES} } receivedByChannel { channel received { total } } accepted { total }
    replied { ${SERIES} } repliedOnTime { total } overdue { values previous } onlineTransfers { ${SERIES} }
    backlogAssigned { total } }
  visits { cases { ${SERIES} } persons { total } firstTimeCases { total } firstTimePersons { total }
    collectiveBatches { total } collectivePersons { total } collectiveFirstTimeBatches { total }
    collectiveFirstTimePersons { total } }
  escalatedVisits { total { total } municipal { total } provincial { total } national { total } }
  forwardings { forwarded { total } assigned { total } answered { total } answeredOnTime { total } }
  timelyAcceptance { values overall } onTimeCompletion { values overall } repliedItems { total }
  disputes { found { ${SERIES} } resolved { total } escalated { total } }
  receptions { level cases { total } persons { total } }
  opinionDigests { total }
  website { messages { total } replied { total } replyRate { overall } }
  hotline { calls { total } answered { total } }
  satisfaction { values overall } participation { values overall }`;

const REPORT = `annualReport(year: 2017) {
  visits { all { count persons } firstTime { count persons } collective { count persons } collectiveFirstTime { count persons } }
  escalatedVisits { total { count } municipal { count } provincial { count } national { count } }
  onlineTransfers { count } backlogAssigned
  forwardings { forwarded assigned answered answeredOnTime }
  threeRates { timelyAcceptance onTimeCompletion repliedItems satisfaction participation }
  screening { found resolved escalated } countyLeaderReceptions { cases persons } opinionDigests
  website { messages replied replyRate } }`;

describe("statistics on the default dataset", () => {
  let t: TestSystem;
  let report: any;
  const stats = async (args: string, fields = EVERY_SERIES) => {
    const res = await t.as("leader").query(`{ statistics(${args}) { ${fields} } }`);
    expect(res.errors).toBeUndefined();
    return res.data.statistics;
  };

  beforeAll(async () => {
    t = await startTestSystem({ clock: new FixedClock(new Date("2018-03-01T02:00:00Z")) });
    const res = await t.as("leader").query(`{ ${REPORT} }`);
    expect(res.errors).toBeUndefined();
    report = res.data.annualReport;
  }, 300_000);
  afterAll(async () => {
    await t?.stop();
  });

  function expectSumsToReport(s: any) {
    expect(s.visits.cases.total).toBe(report.visits.all.count);
    expect(s.visits.cases.total).toBe(1451);
    expect(s.visits.persons.total).toBe(report.visits.all.persons);
    expect(s.visits.firstTimeCases.total).toBe(report.visits.firstTime.count);
    expect(s.visits.firstTimePersons.total).toBe(report.visits.firstTime.persons);
    expect(s.visits.collectiveBatches.total).toBe(report.visits.collective.count);
    expect(s.visits.collectivePersons.total).toBe(report.visits.collective.persons);
    expect(s.visits.collectiveFirstTimeBatches.total).toBe(report.visits.collectiveFirstTime.count);
    expect(s.visits.collectiveFirstTimePersons.total).toBe(
      report.visits.collectiveFirstTime.persons,
    );
    for (const level of ["total", "municipal", "provincial", "national"])
      expect(s.escalatedVisits[level].total).toBe(report.escalatedVisits[level].count);
    expect(s.petitions.onlineTransfers.total).toBe(report.onlineTransfers.count);
    expect(s.petitions.backlogAssigned.total).toBe(report.backlogAssigned);
    expect(s.repliedItems.total).toBe(report.threeRates.repliedItems);
    expect(s.petitions.replied.total).toBe(report.threeRates.repliedItems);
    for (const k of ["forwarded", "assigned", "answered", "answeredOnTime"])
      expect(s.forwardings[k].total).toBe(report.forwardings[k]);
    expect(s.timelyAcceptance.overall).toBeCloseTo(report.threeRates.timelyAcceptance, 10);
    expect(s.onTimeCompletion.overall).toBeCloseTo(report.threeRates.onTimeCompletion, 10);
    expect(s.satisfaction.overall).toBeCloseTo(report.threeRates.satisfaction, 10);
    expect(s.participation.overall).toBeCloseTo(report.threeRates.participation, 10);
    expect(s.disputes.found.total).toBe(report.screening.found);
    expect(s.disputes.resolved.total).toBe(report.screening.resolved);
    expect(s.disputes.escalated.total).toBe(report.screening.escalated);
    const county = s.receptions.find((r: any) => r.level === "COUNTY");
    expect(county.cases.total).toBe(report.countyLeaderReceptions.cases);
    expect(county.persons.total).toBe(report.countyLeaderReceptions.persons);
    expect(s.opinionDigests.total).toBe(report.opinionDigests);
    expect(s.website.messages.total).toBe(report.website.messages);
    expect(s.website.replied.total).toBe(report.website.replied);
    expect(s.website.replyRate.overall).toBeCloseTo(report.website.replyRate, 10);
    // the channels add up to the received
    const byChannel = s.petitions.receivedByChannel.reduce(
      (a: number, c: any) => a + c.received.total,
      0,
    );
    expect(byChannel).toBe(s.petitions.received.total);
  }

  it("sums, month by month over 2017, to every figure of the annual report", async () => {
    const s = await stats(`from: "2017-01-01", to: "2017-12-31", by: MONTH`);
    expect(s.periods).toHaveLength(12);
    expect(s.periods[0]).toEqual({ label: "2017-01", first: "2017-01-01", last: "2017-01-31" });
    expectSumsToReport(s);
    // the overdue stock at December's end is the report's (the year's end)
    const dec = s.petitions.overdue.values[11];
    expect(report.threeRates.onTimeCompletion).toBeCloseTo(
      s.petitions.repliedOnTime.total / (s.petitions.replied.total + dec),
      10,
    );
    // a month's previous is the period before: December 2016 holds 2016's visits
    expect(s.visits.cases.previous).toBeGreaterThan(0);
  });

  it("sums by ISO week and by day as well", async () => {
    const w = await stats(`from: "2017-01-01", to: "2017-12-31", by: WEEK`);
    // 2017-01-01 is a Sunday: the first week is clipped to that day
    expect(w.periods[0]).toEqual({ label: "2016-W52", first: "2017-01-01", last: "2017-01-01" });
    expect(w.periods[1].label).toBe("2017-W01");
    expect(w.periods).toHaveLength(53);
    expectSumsToReport(w);
    const d = await stats(`from: "2017-01-01", to: "2017-12-31", by: DAY`);
    expect(d.periods).toHaveLength(365);
    expectSumsToReport(d);
    // each day lands in its own period: the days of a month add up to that month, series by series
    const m = await stats(`from: "2017-01-01", to: "2017-12-31"`);
    const monthOfDays = (values: number[]) =>
      m.periods.map((p: any) =>
        d.periods.reduce(
          (sum: number, day: any, i: number) =>
            day.first.startsWith(p.label) ? sum + values[i] : sum,
          0,
        ),
      );
    for (const series of [
      (x: any) => x.petitions.received,
      (x: any) => x.visits.cases,
      (x: any) => x.petitions.replied,
      (x: any) => x.petitions.onlineTransfers,
      (x: any) => x.disputes.found,
    ])
      expect(monthOfDays(series(d).values)).toEqual(series(m).values);
    expect(d.visits.cases.values.filter((v: number) => v > 0).length).toBeGreaterThan(100);
  });

  it("costs as many statements by day as by month", async () => {
    const count = async (by: string) => {
      const before = t.statements();
      await stats(`from: "2017-01-01", to: "2017-12-31", by: ${by}`);
      return t.statements() - before;
    };
    const month = await count("MONTH");
    expect(await count("DAY")).toBe(month);
    expect(await count("WEEK")).toBe(month);
    // six statements in the bureau, three in masswork, three in the service center
    expect(month).toBe(12);
  });

  it("filters by town and by category: the parts add up to the whole, and breakdowns agree", async () => {
    const whole = await stats(`from: "2017-01-01", to: "2017-12-31"`);
    const towns = await stats(
      `from: "2017-01-01", to: "2017-12-31"`,
      `petitionsBy(breakdown: TOWN) { key town { id name } received { total } visits { total } }
       disputesBy(breakdown: TOWN) { key town { name } found { total } }
       hotlineCallsBy(breakdown: TOWN) { key received { total } }`,
    );
    const sum = (rows: any[], f: (r: any) => number) => rows.reduce((a, r) => a + f(r), 0);
    expect(sum(towns.petitionsBy, (r) => r.received.total)).toBe(whole.petitions.received.total);
    expect(sum(towns.petitionsBy, (r) => r.visits.total)).toBe(whole.visits.cases.total);
    expect(sum(towns.disputesBy, (r) => r.found.total)).toBe(whole.disputes.found.total);
    expect(sum(towns.hotlineCallsBy, (r) => r.received.total)).toBe(whole.hotline.calls.total);
    expect(towns.petitionsBy.find((r: any) => r.key !== null).town.name).toMatch(/镇|乡/);
    // a filter by each town gives that town's row
    let received = 0;
    let found = 0;
    for (const row of towns.petitionsBy.filter((r: any) => r.key !== null)) {
      const s = await stats(
        `from: "2017-01-01", to: "2017-12-31", filter: { townId: "${row.key}" }`,
        "petitions { received { total } } visits { cases { total } } disputes { found { total } } website { messages { total } } satisfaction { overall }",
      );
      expect(s.petitions.received.total).toBe(row.received.total);
      expect(s.visits.cases.total).toBe(row.visits.total);
      // a message and an evaluation have no town: those series are null
      expect(s.website).toBeNull();
      expect(s.satisfaction).toBeNull();
      received += s.petitions.received.total;
      found += s.disputes.found.total;
    }
    const none = towns.petitionsBy.find((r: any) => r.key === null)?.received.total ?? 0;
    expect(received + none).toBe(whole.petitions.received.total);
    expect(found).toBe(whole.disputes.found.total);
    // categories partition every series that has one
    let byCategory = 0;
    let messages = 0;
    for (const category of Object.values(PetitionCategory)) {
      const s = await stats(
        `from: "2017-01-01", to: "2017-12-31", filter: { category: ${category} }`,
        "petitions { received { total } } website { messages { total } }",
      );
      byCategory += s.petitions.received.total;
      messages += s.website.messages.total;
    }
    expect(byCategory).toBe(whole.petitions.received.total);
    expect(messages).toBe(whole.website.messages.total);
  });

  it("refuses a reversed range, too many periods, and bad filters, naming the argument", async () => {
    const refused = async (args: string) => {
      const res = await t.as("leader").query(`{ statistics(${args}) { key } }`);
      expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      return res.errors![0]!.extensions!.field;
    };
    expect(await refused(`from: "2017-02-01", to: "2017-01-31"`)).toBe("from");
    expect(await refused(`from: "2017-01-01", to: "2018-01-02", by: DAY`)).toBe("to");
    expect(await refused(`from: "2000-01-01", to: "2010-01-01", by: MONTH`)).toBe("to");
    expect(await refused(`from: "2017-01-01", to: "2017-01-02", filter: { townId: "x" }`)).toBe(
      "filter.townId",
    );
    // a leap year of days is allowed
    const ok = await t
      .as("leader")
      .query(`{ statistics(from: "2016-01-01", to: "2016-12-31", by: DAY) { periods { label } } }`);
    expect(ok.data.statistics.periods).toHaveLength(366);
    const res = await t
      .as("leader")
      .query(
        `{ statistics(from: "2017-01-01", to: "2017-01-31") { disputesBy(breakdown: CHANNEL) { key } } }`,
      );
    expect(res.errors?.[0]?.extensions?.field).toBe("breakdown");
  });

  it("is for case readers, as the annual report", async () => {
    const res = await t
      .as("public")
      .query(`{ statistics(from: "2017-01-01", to: "2017-01-31") { key } }`);
    expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const anon = await t
      .as("anonymous")
      .query(`{ statistics(from: "2017-01-01", to: "2017-01-31") { key } }`);
    expect(anon.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe("statistics' Beijing-time buckets on hand-made records", () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem({
      demoData: false,
      clock: new FixedClock(new Date("2019-03-01T02:00:00Z")),
    });
    const bureau = t.system.subgraphs.bureau!.database.dataSource;
    const petition = (id: number, received: string): Partial<Petition> => ({
      id,
      serialNo: `XF-T-${id}`,
      title: "事项",
      content: "内容。",
      channel: Channel.VISIT,
      source: PetitionSource.COUNTY_INTAKE,
      category: PetitionCategory.OTHER,
      status: PetitionStatus.REGISTERED,
      firstTime: true,
      collective: false,
      headcount: 1,
      townId: 1,
      receivedAt: new Date(received),
      acceptanceDeadline: new Date(new Date(received).getTime() + 15 * 86_400_000),
      version: 1,
    });
    await bureau.getRepository(Petition).insert([
      petition(1, "2017-01-31T15:59:59.999Z"), // 23:59:59 on 31 January in Beijing
      petition(2, "2017-01-31T16:00:00.000Z"), // 00:00 on 1 February in Beijing
      petition(3, "2017-03-05T15:59:59.999Z"), // Sunday 5 March, 23:59:59
      petition(4, "2017-03-05T16:00:00.000Z"), // Monday 6 March, 00:00
    ]);
    const visit = (petitionId: number, at: string): Partial<Visit> => ({
      petitionId,
      receivedAt: new Date(at),
      level: VisitLevel.COUNTY,
      headcount: 2,
      collective: false,
      firstTime: true,
    });
    await bureau
      .getRepository(Visit)
      .insert([
        visit(1, "2017-01-31T15:59:59.999Z"),
        visit(2, "2017-01-31T16:00:00.000Z"),
        visit(3, "2017-03-05T15:59:59.999Z"),
        visit(4, "2017-03-05T16:00:00.000Z"),
      ]);
  });
  afterAll(async () => {
    await t?.stop();
  });
  const stats = async (args: string) => {
    const res = await t
      .as("integrator")
      .query(
        `{ statistics(${args}) { periods { label } petitions { received { values previous total } } visits { persons { values } } } }`,
      );
    expect(res.errors).toBeUndefined();
    return res.data.statistics;
  };

  it("puts the last moment of a Beijing month in it, the next in the next month", async () => {
    const s = await stats(`from: "2017-01-01", to: "2017-03-31", by: MONTH`);
    expect(s.petitions.received.values).toEqual([1, 1, 2]);
    expect(s.visits.persons.values).toEqual([2, 2, 4]);
  });

  it("puts a Sunday's last moment in its week and Monday's first in the next", async () => {
    const s = await stats(`from: "2017-02-27", to: "2017-03-12", by: WEEK`);
    expect(s.periods.map((p: any) => p.label)).toEqual(["2017-W09", "2017-W10"]);
    expect(s.petitions.received.values).toEqual([1, 1]);
    // the week before the first holds 1 February's petition
    expect(s.petitions.received.previous).toBe(0);
  });

  it("puts each in its Beijing day, and counts the day before the range as previous", async () => {
    const s = await stats(`from: "2017-02-01", to: "2017-02-03", by: DAY`);
    expect(s.petitions.received.values).toEqual([1, 0, 0]);
    expect(s.petitions.received.previous).toBe(1);
    const m = await stats(`from: "2017-03-05", to: "2017-03-06", by: DAY`);
    expect(m.petitions.received.values).toEqual([1, 1]);
  });
});
