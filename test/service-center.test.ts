import { startSubgraph, type RunningSubgraph } from "../common/server";
import { FixedClock } from "../common/time";
import { defaultSeedPlan, seedIfEmpty } from "../seed";
import { serviceCenter } from "../subgraphs/service-center";
import { Evaluation } from "../subgraphs/service-center/entities/evaluation";
import { HotlineCall } from "../subgraphs/service-center/entities/hotline-call";
import { OnlineMessage } from "../subgraphs/service-center/entities/online-message";
import { Rating } from "../subgraphs/service-center/entities/enums";
import {
  callerHeaders,
  dropTestDatabases,
  fakeGraph,
  TEST_INTERNAL_SECRET,
  testDatabaseUrl,
} from "./support/databases";
import type { CallerRole } from "../common/auth";

interface Answer<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; rule?: string; field?: string } }[];
}

/** A request as the gateway forwards it: citizens post messages, the service center does the rest. */
async function ask<T = Record<string, any>>(
  s: RunningSubgraph,
  query: string,
  variables: Record<string, unknown> = {},
  role?: CallerRole,
): Promise<Answer<T>> {
  const caller = role ?? (/postMessage/.test(query) ? "public" : "service-center");
  const res = await fetch(s.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...callerHeaders(caller) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as Answer<T>;
}

/** The answer's data, failing the test with the errors when there are any. */
async function data(
  s: RunningSubgraph,
  query: string,
  variables: Record<string, unknown> = {},
  role?: CallerRole,
): Promise<Record<string, any>> {
  const answer = await ask(s, query, variables, role);
  expect(answer.errors).toBeUndefined();
  return answer.data!;
}

function codeOf(answer: Answer): string | undefined {
  return answer.errors?.[0]?.extensions?.code;
}

async function rows(s: RunningSubgraph, table: string): Promise<number> {
  const [row] = await s.database.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(row.n);
}

async function stored(s: RunningSubgraph) {
  return {
    messages: await rows(s, "online_message"),
    keys: await rows(s, "idempotency_key"),
    evaluations: await rows(s, "evaluation"),
  };
}

const NOW = new Date("2018-03-01T02:00:00.000Z");
const started: RunningSubgraph[] = [];

async function start(
  name: string,
  answer: (query: string, variables?: Record<string, unknown>) => unknown = () => ({
    petition: null,
  }),
) {
  const s = await startSubgraph(serviceCenter, {
    databaseUrl: testDatabaseUrl(name),
    port: 0,
    graph: fakeGraph(answer),
    clock: new FixedClock(NOW),
    internalSecret: TEST_INTERNAL_SECRET,
  });
  started.push(s);
  return s;
}

afterAll(async () => {
  for (const s of started) await s.stop();
  await dropTestDatabases();
});

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Petition { id onlineMessages { id title category reply { unit repliedAt } } evaluation { rating evaluatedAt petition { id } } }
} }`;

describe("service center with the demo data", () => {
  let s: RunningSubgraph;
  const plan = defaultSeedPlan();
  const cases = plan.years.flatMap((y) => y.petitions);
  const online = cases.filter((c) => c.messageId !== null);
  const planned = (count: (y: (typeof plan.years)[number]) => number) =>
    plan.years.reduce((sum, y) => sum + count(y), 0);

  beforeAll(async () => {
    s = await start("sc_demo");
    expect(await seedIfEmpty(serviceCenter, s.database)).toBe(true);
  });

  it("loads once, with the plan's messages (ids the bureau refers to), evaluations and calls", async () => {
    expect(await seedIfEmpty(serviceCenter, s.database)).toBe(false);
    expect(await rows(s, "online_message")).toBe(planned((y) => y.targets.website.messages));
    expect(await rows(s, "evaluation")).toBe(cases.filter((c) => c.rating).length);
    expect(await rows(s, "hotline_call")).toBe(planned((y) => y.targets.hotlineCalls));
    // every petition by phone began as a call; a few more calls ask after a petition
    const [{ n }] = await s.database.dataSource.query(
      "SELECT COUNT(*) AS n FROM hotline_call WHERE petition_id IS NOT NULL",
    );
    expect(Number(n)).toBeGreaterThan(cases.filter((c) => c.channel === "PHONE").length);
    expect(Number(n)).toBeLessThan(planned((y) => y.targets.hotlineCalls) / 4);
    const first = online[0];
    const message = (
      await data(
        s,
        `{ onlineMessage(id: "${first.messageId}") { id category postedAt reply { unit } } }`,
      )
    ).onlineMessage;
    expect(message).toMatchObject({ id: String(first.messageId), category: first.category });
    expect(new Date(message.postedAt).getTime()).toBeLessThan(first.receivedAt.getTime());
    // a message the bureau registered was answered by passing it on, the day it was registered
    expect(message.reply).toEqual({ unit: "县信访局" });
  });

  it("lists messages newest first, filtered by reply, with the author's name masked for an integrator", async () => {
    const { onlineMessages } = await data(
      s,
      "{ onlineMessages(first: 30) { id postedAt reply { text } authorName } }",
      {},
      "integrator",
    );
    expect(onlineMessages).toHaveLength(30);
    const times = onlineMessages.map((m: { postedAt: string }) => new Date(m.postedAt).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    for (const m of onlineMessages)
      if (m.authorName !== null) expect(m.authorName).toMatch(/^.\*+$/u);
    expect(onlineMessages.some((m: { authorName: string | null }) => m.authorName !== null)).toBe(
      true,
    );

    const unreplied = (
      await data(s, "{ onlineMessages(replied: false, first: 200) { id reply { text } } }")
    ).onlineMessages;
    const replied = (
      await data(s, "{ onlineMessages(replied: true, first: 200) { id reply { text } } }")
    ).onlineMessages;
    expect(unreplied.length).toBeGreaterThan(0);
    expect(unreplied.every((m: { reply: unknown }) => m.reply === null)).toBe(true);
    expect(replied.every((m: { reply: unknown }) => m.reply !== null)).toBe(true);
    // the newest 200 split into the newest of each kind, none lost or repeated
    const newest = (await data(s, "{ onlineMessages(first: 200) { id reply { text } } }"))
      .onlineMessages;
    const ids = (list: { id: string }[]) => list.map((m) => m.id);
    const among = new Set(ids(newest));
    expect(ids(unreplied.filter((m: { id: string }) => among.has(m.id)))).toEqual(
      ids(newest.filter((m: { reply: unknown }) => m.reply === null)),
    );
    expect(ids(replied.filter((m: { id: string }) => among.has(m.id)))).toEqual(
      ids(newest.filter((m: { reply: unknown }) => m.reply !== null)),
    );
    expect((await data(s, "{ onlineMessages { id } }")).onlineMessages).toHaveLength(20);
    expect(codeOf(await ask(s, "{ onlineMessages(first: 201) { id } }"))).toBe("BAD_USER_INPUT");
  });

  it("lists hotline calls with their petitions", async () => {
    const { hotlineCalls } = await data(
      s,
      "{ hotlineCalls(first: 120) { id receivedAt summary category petition { id } } }",
    );
    expect(hotlineCalls).toHaveLength(120);
    expect(hotlineCalls.some((c: { petition: unknown }) => c.petition !== null)).toBe(true);
  });

  it("resolves petitions' messages and evaluations with the same number of statements for 10 or 100", async () => {
    // both start where the first ten petitions hold a message and an evaluation, so both make every fetch
    const from = cases.findIndex(
      (_, i) =>
        cases.slice(i, i + 10).some((c) => c.messageId !== null) &&
        cases.slice(i, i + 10).some((c) => c.rating !== null),
    );
    const representations = (n: number) =>
      cases.slice(from, from + n).map((c) => ({
        __typename: "Petition",
        id: String(c.id),
        sourceMessageId: c.messageId === null ? null : String(c.messageId),
      }));
    const statementsFor = async (n: number) => {
      const before = s.database.statements.count;
      const { _entities } = await data(s, ENTITIES, { r: representations(n) });
      const spent = s.database.statements.count - before;
      _entities.forEach((p: any, i: number) => {
        const c = cases[from + i];
        expect(p.id).toBe(String(c.id));
        expect(p.onlineMessages.map((m: { id: string }) => m.id)).toEqual(
          c.messageId === null ? [] : [String(c.messageId)],
        );
        expect(p.evaluation?.rating ?? null).toBe(c.rating);
        if (p.evaluation)
          expect(new Date(p.evaluation.evaluatedAt).getTime()).toBeGreaterThan(
            c.repliedAt!.getTime(),
          );
      });
      return spent;
    };
    const ten = await statementsFor(10);
    const hundred = await statementsFor(100);
    expect(ten).toBe(hundred);
    expect(hundred).toBeLessThanOrEqual(2);
  });
});

describe("service center mutations", () => {
  let s: RunningSubgraph;
  const POST = `mutation($title: String!, $content: String!, $category: PetitionCategory!, $key: String, $name: String, $phone: String) {
    postMessage(title: $title, content: $content, category: $category, idempotencyKey: $key, authorName: $name, authorPhone: $phone) {
      id title content category postedAt authorName reply { text }
    }
  }`;
  const REPLY = `mutation($id: ID!, $text: String!, $unit: String!) { replyToMessage(id: $id, text: $text, unit: $unit) { id reply { text unit repliedAt } } }`;
  const EVALUATE = `mutation($id: ID!, $rating: Rating!) { evaluatePetition(petitionId: $id, rating: $rating) { id rating evaluatedAt petition { id } } }`;
  const message = {
    title: "  冬季供暖不达标  ",
    content: "小区暖气温度一直不达标,请有关部门解决。",
    category: "OTHER",
  };
  // the bureau, as the gateway would answer: 1 and 3 replied, 2 not yet, others unknown
  const petitions: Record<string, string | null> = {
    "1": "2018-01-05T02:00:00.000Z",
    "2": null,
    "3": "2018-01-06T02:00:00.000Z",
  };

  beforeAll(async () => {
    s = await start("sc_mutations", (_query, variables) => {
      const id = String(variables?.id);
      return { petition: id in petitions ? { id, repliedAt: petitions[id] } : null };
    });
  });

  it("posts a message, trimmed, at the clock's time; its author reads their name, others see it masked", async () => {
    const before = await stored(s);
    const { postMessage } = await data(s, POST, {
      ...message,
      name: "王建国",
      phone: "138 0013 8000",
    });
    expect(postMessage).toMatchObject({
      title: "冬季供暖不达标",
      category: "OTHER",
      postedAt: NOW.toISOString(),
      authorName: "王建国",
      reply: null,
    });
    const seen = await data(
      s,
      `query($id: ID!) { onlineMessage(id: $id) { authorName } }`,
      { id: postMessage.id },
      "integrator",
    );
    expect(seen.onlineMessage).toEqual({ authorName: "王**" });
    expect(await stored(s)).toEqual({ ...before, messages: before.messages + 1 });
    const row = await s.database.dataSource
      .getRepository(OnlineMessage)
      .findOneByOrFail({ id: Number(postMessage.id) });
    expect(row).toMatchObject({ authorName: "王建国", authorPhone: "13800138000" });
  });

  it("refuses bad input and stores nothing", async () => {
    const before = await stored(s);
    for (const [variables, field] of [
      [{ ...message, title: "  a  " }, "title"],
      [{ ...message, title: "x".repeat(101) }, "title"],
      [{ ...message, content: "太短" }, "content"],
      [{ ...message, phone: "12800138000" }, "authorPhone"],
      [{ ...message, phone: "1380013800" }, "authorPhone"],
      [{ ...message, name: "   " }, "authorName"],
      [{ ...message, key: "short" }, "idempotencyKey"],
    ] as const) {
      const answer = await ask(s, POST, variables);
      expect(codeOf(answer)).toBe("BAD_USER_INPUT");
      expect(answer.errors![0].extensions!.field).toBe(field);
    }
    expect(await stored(s)).toEqual(before);
  });

  it("replays a post with the same key and input, and refuses the key with another input", async () => {
    const before = await stored(s);
    const first = (await data(s, POST, { ...message, key: "post-key-0001" })).postMessage;
    const again = (await data(s, POST, { ...message, key: "post-key-0001" })).postMessage;
    expect(again.id).toBe(first.id);
    expect(await stored(s)).toEqual({
      ...before,
      messages: before.messages + 1,
      keys: before.keys + 1,
    });
    const other = await ask(s, POST, {
      ...message,
      content: "另一条留言的内容,与第一次不同。",
      key: "post-key-0001",
    });
    expect(codeOf(other)).toBe("BAD_USER_INPUT");
    expect(other.errors![0].extensions!.field).toBe("idempotencyKey");
    expect(await stored(s)).toEqual({
      ...before,
      messages: before.messages + 1,
      keys: before.keys + 1,
    });
  });

  it("replies to a message once, and refuses unknown messages and bad text", async () => {
    const { id } = (await data(s, POST, message)).postMessage;
    expect(
      codeOf(await ask(s, REPLY, { id: "99999", text: "已转交处理。", unit: "县住建局" })),
    ).toBe("BAD_USER_INPUT");
    expect(codeOf(await ask(s, REPLY, { id, text: "好", unit: "县住建局" }))).toBe(
      "BAD_USER_INPUT",
    );
    expect(codeOf(await ask(s, REPLY, { id, text: "已转交处理。", unit: "县" }))).toBe(
      "BAD_USER_INPUT",
    );
    expect(
      (await s.database.dataSource.getRepository(OnlineMessage).findOneByOrFail({ id: Number(id) }))
        .replyText,
    ).toBeNull();

    const { replyToMessage } = await data(s, REPLY, {
      id,
      text: " 已安排供热公司检修。 ",
      unit: "县住建局",
    });
    expect(replyToMessage.reply).toEqual({
      text: "已安排供热公司检修。",
      unit: "县住建局",
      repliedAt: NOW.toISOString(),
    });
    const twice = await ask(s, REPLY, { id, text: "第二次答复。", unit: "县城管局" });
    expect(codeOf(twice)).toBe("PROCEDURE_VIOLATION");
    expect(twice.errors![0].extensions!.rule).toBe("message-replied-once");
    expect(
      (await s.database.dataSource.getRepository(OnlineMessage).findOneByOrFail({ id: Number(id) }))
        .replyText,
    ).toBe("已安排供热公司检修。");
  });

  it("lets exactly one of two concurrent replies win", async () => {
    const { id } = (await data(s, POST, message)).postMessage;
    const answers = await Promise.all([
      ask(s, REPLY, { id, text: "甲单位的答复内容。", unit: "县住建局" }),
      ask(s, REPLY, { id, text: "乙单位的答复内容。", unit: "县城管局" }),
    ]);
    const winners = answers.filter((a) => !a.errors);
    const losers = answers.filter((a) => a.errors);
    expect(winners).toHaveLength(1);
    expect(losers.map((a) => a.errors![0].extensions!.rule)).toEqual(["message-replied-once"]);
    const row = await s.database.dataSource
      .getRepository(OnlineMessage)
      .findOneByOrFail({ id: Number(id) });
    expect(row.replyText).toBe(winners[0].data!.replyToMessage.reply.text);
  });

  it("evaluates a replied petition once, and refuses unknown and unreplied ones", async () => {
    const before = await stored(s);
    const unknown = await ask(s, EVALUATE, { id: "404", rating: "SATISFIED" });
    expect(codeOf(unknown)).toBe("BAD_USER_INPUT");
    expect(unknown.errors![0].extensions!.field).toBe("petitionId");
    const unreplied = await ask(s, EVALUATE, { id: "2", rating: "SATISFIED" });
    expect(unreplied.errors![0].extensions).toMatchObject({
      code: "PROCEDURE_VIOLATION",
      rule: "evaluate-after-reply",
    });
    expect(codeOf(await ask(s, EVALUATE, { id: "x1", rating: "SATISFIED" }))).toBe(
      "BAD_USER_INPUT",
    );
    expect(await stored(s)).toEqual(before);

    const { evaluatePetition } = await data(s, EVALUATE, {
      id: "1",
      rating: "BASICALLY_SATISFIED",
    });
    expect(evaluatePetition).toMatchObject({
      rating: "BASICALLY_SATISFIED",
      evaluatedAt: NOW.toISOString(),
      petition: { id: "1" },
    });
    const twice = await ask(s, EVALUATE, { id: "1", rating: "UNSATISFIED" });
    expect(twice.errors![0].extensions).toMatchObject({
      code: "PROCEDURE_VIOLATION",
      rule: "evaluate-once",
    });
    expect(await stored(s)).toEqual({ ...before, evaluations: before.evaluations + 1 });
    const { _entities } = await data(s, ENTITIES, {
      r: [{ __typename: "Petition", id: "1", sourceMessageId: null }],
    });
    expect(_entities[0].evaluation.rating).toBe("BASICALLY_SATISFIED");
  });

  it("lets exactly one of two concurrent evaluations of a petition win", async () => {
    const answers = await Promise.all([
      ask(s, EVALUATE, { id: "3", rating: "SATISFIED" }),
      ask(s, EVALUATE, { id: "3", rating: "UNSATISFIED" }),
    ]);
    expect(answers.filter((a) => !a.errors)).toHaveLength(1);
    expect(answers.filter((a) => a.errors).map((a) => a.errors![0].extensions!.rule)).toEqual([
      "evaluate-once",
    ]);
    expect(await s.database.dataSource.getRepository(Evaluation).countBy({ petitionId: 3 })).toBe(
      1,
    );
  });
});

describe("service center figures", () => {
  let s: RunningSubgraph;
  const at = (iso: string) => new Date(iso);

  beforeAll(async () => {
    s = await start("sc_figures");
    const reply = (repliedAt: string) => ({
      replyText: "已答复。",
      replyUnit: "县人社局",
      repliedAt: at(repliedAt),
    });
    const none = { replyText: null, replyUnit: null, repliedAt: null };
    const base = {
      title: "留言",
      content: "留言的内容。",
      category: "OTHER" as never,
      authorName: null,
      authorPhone: null,
    };
    await s.database.dataSource.getRepository(OnlineMessage).insert([
      { ...base, postedAt: at("2016-12-31T15:59:59.999Z"), ...reply("2017-01-03T00:00:00Z") }, // 2016 in Beijing
      { ...base, postedAt: at("2016-12-31T16:00:00.000Z"), ...reply("2017-01-03T00:00:00Z") }, // 1 January 2017 in Beijing
      { ...base, postedAt: at("2017-06-01T00:00:00.000Z"), ...reply("2018-01-03T00:00:00Z") }, // replied in the next year
      { ...base, postedAt: at("2017-12-31T15:59:59.999Z"), ...none },
      { ...base, postedAt: at("2017-12-31T16:00:00.000Z"), ...reply("2018-01-03T00:00:00Z") }, // 2018 in Beijing
    ]);
    const evaluation = (petitionId: number, rating: Rating, evaluatedAt: string) => ({
      petitionId,
      rating,
      evaluatedAt: at(evaluatedAt),
    });
    await s.database.dataSource
      .getRepository(Evaluation)
      .insert([
        evaluation(1, Rating.SATISFIED, "2016-12-31T16:00:00.000Z"),
        evaluation(2, Rating.BASICALLY_SATISFIED, "2017-03-01T00:00:00Z"),
        evaluation(3, Rating.UNSATISFIED, "2017-05-01T00:00:00Z"),
        evaluation(4, Rating.SATISFIED, "2017-12-31T15:59:59.999Z"),
        evaluation(5, Rating.UNSATISFIED, "2017-12-31T16:00:00.000Z"),
        evaluation(6, Rating.SATISFIED, "2016-12-31T15:00:00.000Z"),
      ]);
  });

  it("counts the website's messages and replies per Beijing year, in two statements for four years (their cached days, today live)", async () => {
    const ask = () =>
      data(
        s,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on AnnualReport { year website { messages replied replyRate } } } }`,
        {
          r: [2016, 2017, 2018, 2015].map((year) => ({ __typename: "AnnualReport", year })),
        },
      );
    // The years' days come from the figure cache (common/db/figure-cache.ts): the first request
    // fills it, once the rows written above are older than a fill's stamp (on MySQL a second
    // before the fill); then the four years are two statements, not some a year: one read of
    // their cached days, and today's (1 March 2018) figures computed live.
    await new Promise((r) => setTimeout(r, 1_200));
    const cold = await ask();
    const before = s.database.statements.count;
    const { _entities } = await ask();
    expect(s.database.statements.count - before).toBe(2);
    expect(_entities).toEqual(cold._entities);
    expect(_entities).toEqual([
      { year: 2016, website: { messages: 1, replied: 1, replyRate: 1 } },
      { year: 2017, website: { messages: 3, replied: 2, replyRate: 2 / 3 } },
      { year: 2018, website: { messages: 1, replied: 1, replyRate: 1 } },
      { year: 2015, website: { messages: 0, replied: 0, replyRate: 0 } },
    ]);
  });

  it("computes satisfaction and participation from the year's evaluations and the bureau's replied items", async () => {
    const { _entities } = await data(
      s,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on ThreeRates { year satisfaction participation } } }`,
      {
        r: [
          { __typename: "ThreeRates", year: 2017, repliedItems: 8 },
          { __typename: "ThreeRates", year: 2018, repliedItems: 2 },
          { __typename: "ThreeRates", year: 2016, repliedItems: 0 },
          { __typename: "ThreeRates", year: 2015, repliedItems: 5 },
        ],
      },
    );
    expect(_entities).toEqual([
      { year: 2017, satisfaction: 3 / 4, participation: 4 / 8 },
      { year: 2018, satisfaction: 0, participation: 1 / 2 },
      { year: 2016, satisfaction: 1, participation: null },
      { year: 2015, satisfaction: null, participation: 0 },
    ]);
  });
});

describe("service center search", () => {
  let s: RunningSubgraph;
  const SEARCH = `query($t: String!, $first: Int) { _entities(representations: [{ __typename: "SearchResults", text: $t }]) {
    ... on SearchResults { text onlineMessages(first: $first) { title } hotlineCalls(first: $first) { summary } }
  } }`;
  const search = async (t: string, first?: number) =>
    (await data(s, SEARCH, { t, first }))._entities[0];

  beforeAll(async () => {
    s = await start("sc_search");
    const base = {
      category: "OTHER" as never,
      authorName: null,
      authorPhone: null,
      replyText: null,
      replyUnit: null,
      repliedAt: null,
    };
    await s.database.dataSource.getRepository(OnlineMessage).insert([
      {
        ...base,
        title: "冬季供暖不达标",
        content: "暖气不热。",
        postedAt: new Date("2017-11-20T01:00:00Z"),
      },
      {
        ...base,
        title: "小区供暖费",
        content: "收费过高。",
        postedAt: new Date("2017-12-01T01:00:00Z"),
      },
      {
        ...base,
        title: "补偿款只发了100%的一半",
        content: "请核实。",
        postedAt: new Date("2017-05-01T01:00:00Z"),
      },
      {
        ...base,
        title: "补偿款发了1000元",
        content: "请核实。",
        postedAt: new Date("2017-05-02T01:00:00Z"),
      },
      {
        ...base,
        title: "编号a_b的问题",
        content: "请核实。",
        postedAt: new Date("2017-05-03T01:00:00Z"),
      },
      {
        ...base,
        title: "编号axb的问题",
        content: "请核实。",
        postedAt: new Date("2017-05-04T01:00:00Z"),
      },
      {
        ...base,
        title: "路径C:\\temp的问题",
        content: "请核实。",
        postedAt: new Date("2017-05-05T01:00:00Z"),
      },
      {
        ...base,
        title: "道路",
        content: "村内道路。",
        postedAt: new Date("2017-05-06T01:00:00Z"),
        replyText: "已列入硬化计划。",
        replyUnit: "县交通运输局",
        repliedAt: new Date("2017-05-09T01:00:00Z"),
      },
    ]);
    await s.database.dataSource.getRepository(HotlineCall).insert([
      {
        receivedAt: new Date("2017-12-02T01:00:00Z"),
        summary: "来电反映供暖问题",
        category: "OTHER" as never,
        petitionId: null,
      },
      {
        receivedAt: new Date("2017-12-03T01:00:00Z"),
        summary: "来电反映噪声扰民",
        category: "OTHER" as never,
        petitionId: null,
      },
    ]);
    // written past the mutations, as a bulk load is: indexed afterwards
    await serviceCenter.rebuildSearchIndex!(s.database.dataSource);
  });

  it("finds messages by title, content or reply, and calls by summary", async () => {
    const found = await search("供暖");
    expect(found.onlineMessages.map((m: { title: string }) => m.title).sort()).toEqual([
      "冬季供暖不达标",
      "小区供暖费",
    ]);
    expect(found.hotlineCalls).toEqual([{ summary: "来电反映供暖问题" }]);
    expect((await search("硬化计划")).onlineMessages).toEqual([{ title: "道路" }]);
    expect((await search("供暖", 1)).onlineMessages).toHaveLength(1);
  });

  it("matches letters and digits as whole words, and punctuation as no word", async () => {
    expect((await search("100%")).onlineMessages).toEqual([{ title: "补偿款只发了100%的一半" }]);
    expect((await search("a_b")).onlineMessages).toEqual([{ title: "编号a_b的问题" }]);
    expect((await search("C:\\temp")).onlineMessages).toEqual([{ title: "路径C:\\temp的问题" }]);
    expect((await search("%")).onlineMessages).toEqual([]);
  });

  it("refuses blank text, too long text and too large pages", async () => {
    expect(codeOf(await ask(s, SEARCH, { t: "   " }))).toBe("BAD_USER_INPUT");
    expect(codeOf(await ask(s, SEARCH, { t: "供暖", first: 51 }))).toBe("BAD_USER_INPUT");
    expect(codeOf(await ask(s, SEARCH, { t: "供".repeat(201) }))).toBe("BAD_USER_INPUT");
  });
});
