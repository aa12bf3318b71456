import { startSubgraph, type RunningSubgraph } from "../common/server";
import { FixedClock } from "../common/time";
import { DEMO_TOWNS, defaultSeedPlan, seedIfEmpty } from "../seed";
import { masswork } from "../subgraphs/masswork";
import { Leader } from "../subgraphs/masswork/entities/leader";
import { OpinionDigest } from "../subgraphs/masswork/entities/opinion-digest";
import { Reception } from "../subgraphs/masswork/entities/reception";
import { RiskItem } from "../subgraphs/masswork/entities/risk-item";
import { Town } from "../subgraphs/masswork/entities/town";
import { AdminLevel, RiskStatus } from "../subgraphs/masswork/entities/enums";
import { PetitionCategory } from "../common/domain";
import {
  callerHeaders,
  dropTestDatabases,
  fakeGraph,
  TEST_INTERNAL_SECRET,
  testDatabaseUrl,
} from "./support/databases";
import type { CallerRole } from "../common/auth";

interface Answer {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** A request as the gateway forwards it, by default for a masswork staff member. */
async function gql(
  s: RunningSubgraph,
  query: string,
  variables?: Record<string, unknown>,
  role: CallerRole = "masswork",
): Promise<Answer> {
  const res = await fetch(s.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...callerHeaders(role) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as Answer;
}

async function data(
  s: RunningSubgraph,
  query: string,
  variables?: Record<string, unknown>,
): Promise<Record<string, any>> {
  const answer = await gql(s, query, variables);
  expect(answer.errors).toBeUndefined();
  return answer.data!;
}

/** The bureau as the fake gateway sees it: petitions 1…300 exist. */
const petitionAsked: string[] = [];
const graph = fakeGraph((_query, variables) => {
  const id = String(variables?.id);
  petitionAsked.push(id);
  return { petition: Number(id) >= 1 && Number(id) <= 300 ? { id } : null };
});

const started: RunningSubgraph[] = [];
async function start(name: string, clock: FixedClock, demo: boolean): Promise<RunningSubgraph> {
  const s = await startSubgraph(masswork, {
    databaseUrl: testDatabaseUrl(name),
    port: 0,
    graph,
    clock,
    internalSecret: TEST_INTERNAL_SECRET,
  });
  started.push(s);
  if (demo) expect(await seedIfEmpty(masswork, s.database)).toBe(true);
  return s;
}

afterAll(async () => {
  for (const s of started) await s.stop();
  await dropTestDatabases();
});

const counts = async (s: RunningSubgraph) => {
  const [row] = await s.database.dataSource.query(
    "SELECT (SELECT COUNT(*) FROM risk_item) AS risks, (SELECT COUNT(*) FROM reception) AS receptions, (SELECT COUNT(*) FROM reception_duty) AS duties",
  );
  return {
    risks: Number(row.risks),
    receptions: Number(row.receptions),
    duties: Number(row.duties),
  };
};

describe("masswork with the demo data", () => {
  let s: RunningSubgraph;
  beforeAll(async () => {
    s = await start("mw_demo", new FixedClock(new Date("2018-01-15T02:00:00Z")), true);
  });

  it("loads the default dataset once", async () => {
    expect(await seedIfEmpty(masswork, s.database)).toBe(false);
  });

  it("lists the towns with their work stations, in the storyline's order", async () => {
    const { towns } = await data(
      s,
      "{ towns { id name workStations { name level town { id } } } }",
    );
    expect(towns.map((t: { name: string }) => t.name)).toEqual([...DEMO_TOWNS]);
    expect(towns.map((t: { id: string }) => t.id)).toEqual(["1", "2", "3", "4", "5"]);
    for (const t of towns) {
      expect(t.workStations.map((w: { level: string }) => w.level)).toEqual([
        "TOWN",
        "VILLAGE",
        "VILLAGE",
        "VILLAGE",
      ]);
      expect(t.workStations.every((w: { town: { id: string } }) => w.town.id === t.id)).toBe(true);
    }
  });

  it("lists leaders by level: county leaders first, two per town, two per village", async () => {
    const county = (await data(s, "{ leaders(level: COUNTY) { id title level town { id } } }"))
      .leaders;
    expect(county.map((l: { id: string }) => l.id)).toEqual([
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "7",
      "8",
    ]);
    expect(county.every((l: { town: unknown }) => l.town === null)).toBe(true);
    const town = (await data(s, "{ leaders(level: TOWN) { id town { id } } }")).leaders;
    expect(town).toHaveLength(10);
    expect(town[0]).toEqual({ id: "9", town: { id: "1" } });
    const village = (await data(s, "{ leaders(level: VILLAGE) { id town { id } village { id } } }"))
      .leaders;
    expect(village).toHaveLength(30);
    expect(village[0]).toEqual({ id: "19", town: { id: "1" }, village: { id: "1" } });
    expect((await data(s, "{ leaders { id } }")).leaders).toHaveLength(48);
  });

  it("gives the duty schedule of a range of days, both ends included", async () => {
    const { receptionDuties } = await data(
      s,
      '{ receptionDuties(from: "2017-03-01", to: "2017-03-05") { date level location leader { level } } }',
    );
    // Wednesday, Thursday, Friday: one county leader, one leader per town and one head per village each day
    expect(receptionDuties).toHaveLength(3 * (1 + 5 + 15));
    expect(new Set(receptionDuties.map((d: { date: string }) => d.date))).toEqual(
      new Set(["2017-03-01", "2017-03-02", "2017-03-03"]),
    );
    const county = receptionDuties.filter((d: { level: string }) => d.level === "COUNTY");
    expect(county).toHaveLength(3);
    expect(
      county.every(
        (d: { location: string; leader: { level: string } }) =>
          d.location === "县群众工作中心" && d.leader.level === "COUNTY",
      ),
    ).toBe(true);
    const year = (
      await data(s, '{ receptionDuties(from: "2017-01-01", to: "2017-12-31") { level } }')
    ).receptionDuties;
    expect(year.filter((d: { level: string }) => d.level === "COUNTY").length).toBe(249);
  });

  it("refuses a duty range that runs backwards or spans more than 366 days", async () => {
    const backwards = await gql(
      s,
      '{ receptionDuties(from: "2017-03-02", to: "2017-03-01") { id } }',
    );
    expect(backwards.errors?.[0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "from",
    });
    const long = await gql(s, '{ receptionDuties(from: "2016-01-01", to: "2017-01-02") { id } }');
    expect(long.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "to" });
    expect(
      (await gql(s, '{ receptionDuties(from: "2016-01-01", to: "2017-01-01") { id } }')).errors,
    ).toBeUndefined();
  });

  it("filters risk items by status and town, newest first", async () => {
    const all = (await data(s, "{ riskItems { id status reportedAt } }")).riskItems;
    expect(all.length).toBe(
      defaultSeedPlan().years.reduce((n, y) => n + y.targets.screening.found, 0),
    );
    const resolved = all.filter((r: { status: string }) => r.status === "RESOLVED").length;
    expect(resolved / all.length).toBeGreaterThan(0.65);
    const times = all.map((r: { reportedAt: string }) => Date.parse(r.reportedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const open = (await data(s, "{ riskItems(status: [OPEN]) { status } }")).riskItems;
    expect(open.length).toBe(all.filter((r: { status: string }) => r.status === "OPEN").length);
    const inTown = (
      await data(s, '{ riskItems(townId: "2", status: [OPEN, RESOLVED]) { town { id } } }')
    ).riskItems;
    expect(inTown.length).toBeGreaterThan(0);
    expect(inTown.every((r: { town: { id: string } }) => r.town.id === "2")).toBe(true);
  });

  it("links receptions to the duty of their day and some to storyline petitions", async () => {
    const rows = await s.database.dataSource.getRepository(Reception).find();
    expect(rows.length).toBeGreaterThanOrEqual(55);
    expect(rows.every((r) => r.dutyId !== null)).toBe(true);
    expect(rows.filter((r) => r.petitionId !== null).length).toBeGreaterThanOrEqual(15);
  });

  it("answers the 2017 report with the yearbook's screening, county receptions and digests", async () => {
    const { _entities } = await data(
      s,
      '{ _entities(representations: [{ __typename: "AnnualReport", year: 2017 }]) { ... on AnnualReport { year screening { found resolved escalated } countyLeaderReceptions { cases persons } opinionDigests } } }',
    );
    expect(_entities[0]).toEqual({
      year: 2017,
      screening: { found: 225, resolved: 175, escalated: 0 },
      countyLeaderReceptions: { cases: 56, persons: 1067 },
      opinionDigests: 60,
    });
  });

  it("adds risk items and receptions to petitions with a constant number of statements", async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Petition { id riskItems { id petition { id } } receptions { id leader { id } duty { id } } } } }`;
    // both pages start where the first ten petitions hold a dispute item and a reception, so both make every fetch
    const linked = async (table: string) =>
      new Set(
        (
          await s.database.dataSource.query(
            `SELECT petition_id AS id FROM ${table} WHERE petition_id IS NOT NULL`,
          )
        ).map((r: { id: number }) => Number(r.id)),
      );
    const [risky, received] = [await linked("risk_item"), await linked("reception")];
    const firstTen = (from: number) => Array.from({ length: 10 }, (_, i) => from + i);
    let from = 1;
    while (!(
      firstTen(from).some((id) => risky.has(id)) && firstTen(from).some((id) => received.has(id))
    ))
      from++;
    const representations = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ __typename: "Petition", id: String(from + i) }));
    const cost = async (n: number) => {
      const before = s.database.statements.count;
      const { _entities } = await data(s, query, { r: representations(n) });
      expect(_entities).toHaveLength(n);
      return { statements: s.database.statements.count - before, entities: _entities };
    };
    const ten = await cost(10);
    const hundred = await cost(100);
    expect(hundred.statements).toBe(ten.statements);
    expect(hundred.statements).toBeLessThanOrEqual(4);
    const risks = hundred.entities.flatMap((p: { riskItems: unknown[] }) => p.riskItems);
    const receptions = hundred.entities.flatMap((p: { receptions: unknown[] }) => p.receptions);
    expect(risks.length).toBeGreaterThan(0);
    expect(receptions.length).toBeGreaterThan(0);
    for (const p of hundred.entities) for (const r of p.riskItems) expect(r.petition.id).toBe(p.id);
  });

  it("resolves its own entities by key and ignores keys that cannot be ids", async () => {
    const { _entities } = await data(
      s,
      '{ _entities(representations: [{ __typename: "Town", id: "3" }, { __typename: "Leader", id: "2" }, { __typename: "Town", id: "x" }, { __typename: "Petition", id: "0" }]) { ... on Town { name } ... on Leader { title } } }',
    );
    expect(_entities).toEqual([{ name: DEMO_TOWNS[2] }, { title: "常务副县长" }, null, null]);
  });
});

describe("masswork mutations", () => {
  let s: RunningSubgraph;
  const clock = new FixedClock(new Date("2018-01-15T02:00:00Z"));
  beforeAll(async () => {
    s = await start("mw_mut", clock, true);
  });
  beforeEach(() => clock.set("2018-01-15T02:00:00Z"));

  const report = `mutation($townId: ID!, $category: PetitionCategory!, $description: String!, $petitionId: ID) {
    reportRiskItem(townId: $townId, category: $category, description: $description, petitionId: $petitionId) { id status reportedAt resolvedAt description town { id } petition { id } }
  }`;
  const resolve = "mutation($id: ID!) { resolveRiskItem(id: $id) { id status resolvedAt } }";
  const record = `mutation($leaderId: ID!, $receivedAt: DateTime!, $headcount: Int!, $matter: String!, $petitionId: ID) {
    recordReception(leaderId: $leaderId, receivedAt: $receivedAt, headcount: $headcount, matter: $matter, petitionId: $petitionId) { id receivedAt headcount matter leader { id } duty { id date } petition { id } }
  }`;
  const schedule =
    "mutation($leaderId: ID!, $date: Date!, $location: String!) { scheduleDuty(leaderId: $leaderId, date: $date, location: $location) { id date level location leader { id } } }";

  /** The mutation is refused with the code (and field) given, and stores nothing. */
  async function refused(
    query: string,
    variables: Record<string, unknown>,
    expected: Record<string, unknown>,
  ) {
    const before = await counts(s);
    const answer = await gql(s, query, variables);
    expect(answer.data ?? null).toBeNull();
    expect(answer.errors?.[0].extensions).toMatchObject(expected);
    expect(await counts(s)).toEqual(before);
  }

  it("reports a risk item, OPEN now, with its petition checked through the graph", async () => {
    petitionAsked.length = 0;
    const vars = {
      townId: "2",
      category: "WAGE_ARREARS",
      description: "  夏垫镇某工地拖欠工资,涉及约20户  ",
      petitionId: "12",
    };
    const { reportRiskItem } = await data(s, report, vars);
    expect(reportRiskItem).toMatchObject({
      status: "OPEN",
      reportedAt: "2018-01-15T02:00:00.000Z",
      resolvedAt: null,
      description: "夏垫镇某工地拖欠工资,涉及约20户",
      town: { id: "2" },
      petition: { id: "12" },
    });
    expect(petitionAsked).toEqual(["12"]);
    const stored = await s.database.dataSource
      .getRepository(RiskItem)
      .findOneByOrFail({ id: Number(reportRiskItem.id) });
    expect(stored).toMatchObject({
      townId: 2,
      petitionId: 12,
      status: RiskStatus.OPEN,
      category: PetitionCategory.WAGE_ARREARS,
    });
    const { petitionId: _, ...without } = vars;
    expect((await data(s, report, without)).reportRiskItem.petition).toBeNull();
  });

  it("refuses a risk item in an unknown town, with a blank or long description, or about an unknown petition", async () => {
    const ok = { townId: "1", category: "OTHER", description: "村内道路硬化" };
    await refused(report, { ...ok, townId: "99" }, { code: "BAD_USER_INPUT", field: "townId" });
    await refused(report, { ...ok, townId: "abc" }, { code: "BAD_USER_INPUT", field: "townId" });
    await refused(
      report,
      { ...ok, description: "   " },
      { code: "BAD_USER_INPUT", field: "description" },
    );
    await refused(
      report,
      { ...ok, description: " 路 " },
      { code: "BAD_USER_INPUT", field: "description" },
    );
    await refused(
      report,
      { ...ok, description: "路".repeat(2001) },
      { code: "BAD_USER_INPUT", field: "description" },
    );
    await refused(
      report,
      { ...ok, petitionId: "999999" },
      { code: "BAD_USER_INPUT", field: "petitionId", reason: "no such petition" },
    );
  });

  it("resolves an OPEN risk item once, and refuses the second time", async () => {
    const { reportRiskItem } = await data(s, report, {
      townId: "3",
      category: "OTHER",
      description: "冬季供暖不达标",
    });
    clock.set("2018-01-16T03:00:00Z");
    const { resolveRiskItem } = await data(s, resolve, { id: reportRiskItem.id });
    expect(resolveRiskItem).toEqual({
      id: reportRiskItem.id,
      status: "RESOLVED",
      resolvedAt: "2018-01-16T03:00:00.000Z",
    });
    clock.set("2018-01-17T03:00:00Z");
    const again = await gql(s, resolve, { id: reportRiskItem.id });
    expect(again.errors?.[0].extensions).toMatchObject({
      code: "PROCEDURE_VIOLATION",
      rule: "risk-item-open",
    });
    const stored = await s.database.dataSource
      .getRepository(RiskItem)
      .findOneByOrFail({ id: Number(reportRiskItem.id) });
    expect(stored.resolvedAt?.toISOString()).toBe("2018-01-16T03:00:00.000Z");
    expect((await gql(s, resolve, { id: "999999" })).errors?.[0].extensions).toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("lets exactly one of two concurrent resolves win", async () => {
    for (let round = 0; round < 5; round++) {
      const { reportRiskItem } = await data(s, report, {
        townId: "4",
        category: "OTHER",
        description: `噪声扰民 ${round}`,
      });
      const answers = await Promise.all([
        gql(s, resolve, { id: reportRiskItem.id }),
        gql(s, resolve, { id: reportRiskItem.id }),
      ]);
      expect(answers.filter((a) => a.data?.resolveRiskItem?.status === "RESOLVED")).toHaveLength(1);
      const losers = answers.filter((a) => a.errors);
      expect(losers).toHaveLength(1);
      expect(losers[0].errors?.[0].extensions).toMatchObject({ code: "PROCEDURE_VIOLATION" });
    }
  });

  it("schedules a duty with the leader's level, once per leader and day", async () => {
    const { scheduleDuty } = await data(s, schedule, {
      leaderId: "9",
      date: "2018-01-10",
      location: " 大厂镇群众工作站 ",
    });
    expect(scheduleDuty).toMatchObject({
      date: "2018-01-10",
      level: "TOWN",
      location: "大厂镇群众工作站",
      leader: { id: "9" },
    });
    await refused(
      schedule,
      { leaderId: "9", date: "2018-01-10", location: "别处" },
      { code: "BAD_USER_INPUT", field: "date" },
    );
    await refused(
      schedule,
      { leaderId: "999", date: "2018-01-11", location: "别处" },
      { code: "BAD_USER_INPUT", field: "leaderId" },
    );
    await refused(
      schedule,
      { leaderId: "9", date: "2018-01-11", location: " " },
      { code: "BAD_USER_INPUT", field: "location" },
    );
    const county = (
      await data(s, schedule, { leaderId: "1", date: "2018-01-10", location: "县群众工作中心" })
    ).scheduleDuty;
    expect(county.level).toBe("COUNTY");
  });

  it("records a reception linked to the leader's duty on the same day in Beijing", async () => {
    const { scheduleDuty } = await data(s, schedule, {
      leaderId: "10",
      date: "2018-01-12",
      location: "大厂镇群众工作站",
    });
    // 01:30 on 12 January in Beijing is still 11 January in UTC
    const vars = {
      leaderId: "10",
      receivedAt: "2018-01-11T17:30:00Z",
      headcount: 6,
      matter: "  拆迁补偿标准争议 ",
      petitionId: "5",
    };
    const { recordReception } = await data(s, record, vars);
    expect(recordReception).toMatchObject({
      receivedAt: "2018-01-11T17:30:00.000Z",
      headcount: 6,
      matter: "拆迁补偿标准争议",
      leader: { id: "10" },
      duty: { id: scheduleDuty.id, date: "2018-01-12" },
      petition: { id: "5" },
    });
    // 00:30 on 13 January in Beijing: no duty that day
    const later = (
      await data(s, record, { ...vars, receivedAt: "2018-01-12T16:30:00Z", petitionId: null })
    ).recordReception;
    expect(later.duty).toBeNull();
    expect(later.petition).toBeNull();
    const stored = await s.database.dataSource
      .getRepository(Reception)
      .findOneByOrFail({ id: Number(recordReception.id) });
    expect(stored).toMatchObject({
      dutyId: Number(scheduleDuty.id),
      leaderId: 10,
      petitionId: 5,
      headcount: 6,
    });
  });

  it("refuses a reception by an unknown leader, in the future, of no one or too many, without a matter, or about an unknown petition", async () => {
    const ok = {
      leaderId: "1",
      receivedAt: "2018-01-15T01:00:00Z",
      headcount: 3,
      matter: "工资拖欠",
    };
    await refused(
      record,
      { ...ok, leaderId: "999" },
      { code: "BAD_USER_INPUT", field: "leaderId" },
    );
    await refused(
      record,
      { ...ok, receivedAt: "2018-01-15T02:00:01Z" },
      { code: "BAD_USER_INPUT", field: "receivedAt" },
    );
    await refused(record, { ...ok, headcount: 0 }, { code: "BAD_USER_INPUT", field: "headcount" });
    await refused(
      record,
      { ...ok, headcount: 10001 },
      { code: "BAD_USER_INPUT", field: "headcount" },
    );
    await refused(record, { ...ok, matter: " 工 " }, { code: "BAD_USER_INPUT", field: "matter" });
    await refused(
      record,
      { ...ok, matter: "工".repeat(501) },
      { code: "BAD_USER_INPUT", field: "matter" },
    );
    await refused(
      record,
      { ...ok, petitionId: "999999" },
      { code: "BAD_USER_INPUT", field: "petitionId" },
    );
    expect(
      (await data(s, record, { ...ok, receivedAt: "2018-01-15T02:00:00Z" })).recordReception
        .headcount,
    ).toBe(3);
  });
});

describe("masswork figures and search on hand-made records", () => {
  let s: RunningSubgraph;
  const at = (iso: string) => new Date(iso);
  beforeAll(async () => {
    s = await start("mw_fig", new FixedClock(new Date("2019-01-01T00:00:00Z")), false);
    const db = s.database.dataSource;
    await db.getRepository(Town).insert({ id: 1, name: "甲镇" });
    await db.getRepository(Leader).insert([
      { id: 1, name: "甲", title: "副县长", level: AdminLevel.COUNTY, townId: null },
      { id: 2, name: "乙", title: "镇长", level: AdminLevel.TOWN, townId: 1 },
    ]);
    const risk = (
      id: number,
      description: string,
      reportedAt: string,
      status: RiskStatus,
      resolvedAt: string | null,
    ): Partial<RiskItem> => ({
      id,
      townId: 1,
      category: PetitionCategory.OTHER,
      description,
      status,
      reportedAt: at(reportedAt),
      resolvedAt: resolvedAt ? at(resolvedAt) : null,
      petitionId: null,
    });
    await db.getRepository(RiskItem).insert([
      // 23:59 on 31 December 2016 in Beijing: a 2016 item, resolved in 2017
      risk(
        1,
        "道路硬化进度100%完成",
        "2016-12-31T15:59:59.999Z",
        RiskStatus.RESOLVED,
        "2017-01-05T02:00:00Z",
      ),
      // 00:00 on 1 January 2017 in Beijing: the first moment of 2017
      risk(2, "道路硬化 尚未完成", "2016-12-31T16:00:00.000Z", RiskStatus.OPEN, null),
      risk(3, "供暖_管网 老化", "2017-06-01T02:00:00Z", RiskStatus.ESCALATED, null),
      // found in 2017, resolved early on 1 January 2018 in Beijing
      risk(4, "拖欠工资 纠纷", "2017-11-01T02:00:00Z", RiskStatus.RESOLVED, "2017-12-31T16:30:00Z"),
      risk(
        5,
        "拖欠工资 已化解",
        "2017-11-02T02:00:00Z",
        RiskStatus.RESOLVED,
        "2017-12-31T15:00:00Z",
      ),
      risk(6, "反斜杠\\路径", "2017-11-03T02:00:00Z", RiskStatus.OPEN, null),
    ]);
    const reception = (
      id: number,
      leaderId: number,
      receivedAt: string,
      headcount: number,
    ): Partial<Reception> => ({
      id,
      dutyId: null,
      leaderId,
      receivedAt: at(receivedAt),
      headcount,
      matter: "事项",
      petitionId: null,
    });
    await db
      .getRepository(Reception)
      .insert([
        reception(1, 1, "2016-12-31T16:00:00Z", 7),
        reception(2, 1, "2017-12-31T15:59:59Z", 30),
        reception(3, 1, "2017-12-31T16:00:00Z", 100),
        reception(4, 2, "2017-05-01T02:00:00Z", 1000),
      ]);
    await db.getRepository(OpinionDigest).insert([
      {
        id: 1,
        title: "社情民意第1期",
        summary: "供暖问题集中",
        publishedAt: at("2017-03-01T02:00:00Z"),
      },
      {
        id: 2,
        title: "社情民意第2期",
        summary: "工资拖欠 50%未结清",
        publishedAt: at("2017-04-01T02:00:00Z"),
      },
      { id: 3, title: "社情民意第3期", summary: "道路", publishedAt: at("2017-12-31T16:00:00Z") },
    ]);
    // written past the mutations, as a bulk load is: indexed afterwards
    await masswork.rebuildSearchIndex!(db);
  });

  const report = (year: number) =>
    data(
      s,
      `{ _entities(representations: [{ __typename: "AnnualReport", year: ${year} }]) { ... on AnnualReport { screening { found resolved escalated } countyLeaderReceptions { cases persons } opinionDigests } } }`,
    ).then((d) => d._entities[0]);

  it("counts the year in Beijing time, half-open at both ends", async () => {
    expect(await report(2017)).toEqual({
      screening: { found: 5, resolved: 2, escalated: 1 },
      countyLeaderReceptions: { cases: 2, persons: 37 },
      opinionDigests: 2,
    });
    expect(await report(2016)).toEqual({
      screening: { found: 1, resolved: 0, escalated: 0 },
      countyLeaderReceptions: { cases: 0, persons: 0 },
      opinionDigests: 0,
    });
    expect(await report(2018)).toEqual({
      screening: { found: 0, resolved: 1, escalated: 0 },
      countyLeaderReceptions: { cases: 1, persons: 100 },
      opinionDigests: 1,
    });
  });

  it("computes each figure group with one statement", async () => {
    // the year's days come from the figure cache (common/db/figure-cache.ts): filled once the rows
    // written above are older than a fill's stamp (on MySQL a second before the fill), a year is
    // then one read of its cached days per figure group
    await new Promise((r) => setTimeout(r, 1_200));
    await report(2017);
    const before = s.database.statements.count;
    await report(2017);
    expect(s.database.statements.count - before).toBe(3);
  });

  const search = (text: string, first?: number) =>
    gql(
      s,
      "query($r: [_Any!]!, $first: Int) { _entities(representations: $r) { ... on SearchResults { riskItems(first: $first) { id } opinionDigests(first: $first) { id } } } }",
      { r: [{ __typename: "SearchResults", text }], first },
    );
  const hits = async (text: string, first?: number) => {
    const answer = await search(text, first);
    expect(answer.errors).toBeUndefined();
    const found = answer.data!._entities[0];
    return {
      risks: found.riskItems.map((r: { id: string }) => r.id),
      digests: found.opinionDigests.map((d: { id: string }) => d.id),
    };
  };

  it("finds risk items by the words of their description and digests by title or summary", async () => {
    const sorted = async (text: string) => {
      const found = await hits(text);
      return { risks: found.risks.sort(), digests: found.digests.sort() };
    };
    expect(await sorted("道路硬化")).toEqual({ risks: ["1", "2"], digests: [] });
    // the digest says 工资拖欠: both halves of the word 拖欠工资, in the other order
    expect(await sorted("拖欠工资")).toEqual({ risks: ["4", "5"], digests: ["2"] });
    expect(await sorted("拖欠 工资")).toEqual({ risks: ["4", "5"], digests: ["2"] });
    expect(await hits("供暖")).toEqual({ risks: ["3"], digests: ["1"] });
    expect(await hits("第3期")).toEqual({ risks: [], digests: ["3"] });
    const one = await hits("拖欠", 1);
    expect(one.risks).toHaveLength(1);
    expect(one.digests).toEqual(["2"]);
  });

  it("takes punctuation as no word at all, and refuses blank text", async () => {
    expect(await hits("100%")).toEqual({ risks: ["1"], digests: [] });
    expect(await hits("50%")).toEqual({ risks: [], digests: ["2"] });
    for (const text of ["%", "_", "\\", "%_\\*\"'"])
      expect(await hits(text)).toEqual({ risks: [], digests: [] });
    const blank = await search("   ");
    expect(blank.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "text" });
  });

  it("refuses a page larger than 50", async () => {
    const answer = await search("道路", 51);
    expect(answer.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
  });
});
