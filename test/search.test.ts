import { type CallerRole } from "../common/auth";
import { type SubgraphName } from "../common/config";
import { hitPage, searchClauses, type FullTextIndex } from "../common/search";
import { FixedClock } from "../common/time";
import { Petition } from "../subgraphs/bureau/entities/petition";
import { petitionSearch } from "../subgraphs/bureau/services/search-index";
import { OpinionDigest } from "../subgraphs/masswork/entities/opinion-digest";
import { RiskItem } from "../subgraphs/masswork/entities/risk-item";
import { opinionDigestSearch, riskItemSearch } from "../subgraphs/masswork/services/search-index";
import { HotlineCall } from "../subgraphs/service-center/entities/hotline-call";
import { OnlineMessage } from "../subgraphs/service-center/entities/online-message";
import {
  hotlineCallSearch,
  messageSearch,
} from "../subgraphs/service-center/services/search-index";
import { startTestSystem, type TestSystem } from "./support/system";

/** Each list of the unified search, with its department's index and records. */
const LISTS: Record<string, { subgraph: SubgraphName; index: FullTextIndex; entity: Function }> = {
  petitions: { subgraph: "bureau", index: petitionSearch, entity: Petition },
  riskItems: { subgraph: "masswork", index: riskItemSearch, entity: RiskItem },
  opinionDigests: { subgraph: "masswork", index: opinionDigestSearch, entity: OpinionDigest },
  onlineMessages: { subgraph: "service-center", index: messageSearch, entity: OnlineMessage },
  hotlineCalls: { subgraph: "service-center", index: hotlineCallSearch, entity: HotlineCall },
};
type List = keyof typeof LISTS;
const ALL_LISTS = Object.keys(LISTS) as List[];

const SEARCH = `query($text: String!, $first: Int) { search(text: $text) { text
  petitions(first: $first) { id serialNo title content }
  riskItems(first: $first) { id description }
  opinionDigests(first: $first) { id title summary }
  onlineMessages(first: $first) { id title content reply { text } }
  hotlineCalls(first: $first) { id summary } } }`;

/** The text a hit was found by, as the graph answers it. */
function textOf(hit: Record<string, any>): string {
  return [hit.serialNo, hit.title, hit.content, hit.description, hit.summary, hit.reply?.text]
    .filter(Boolean)
    .join("\n");
}

describe("unified search in Chinese across the departments", () => {
  let t: TestSystem;

  beforeAll(async () => {
    t = await startTestSystem({ clock: new FixedClock(new Date("2018-01-15T02:00:00Z")) });
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function ok(
    query: string,
    variables: Record<string, unknown>,
    role: CallerRole,
  ): Promise<any> {
    const res = await t.as(role).query(query, variables);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  }
  const search = async (text: string, first = 50, role: CallerRole = "leader") =>
    (await ok(SEARCH, { text, first }, role)).search;
  const dbOf = (list: List) => t.system.subgraphs[LISTS[list].subgraph]!.database.dataSource;

  /** The ids of a list's records whose text holds `fragment`, read from the department's own table. */
  async function holding(list: List, fragment: string): Promise<string[]> {
    const { table, columns } = LISTS[list].index;
    const where = columns.map((c) => `COALESCE(${c}, '') LIKE ?`).join(" OR ");
    const rows: { id: number }[] = await dbOf(list).query(
      `SELECT id FROM ${table} WHERE ${where}`,
      columns.map(() => `%${fragment}%`),
    );
    return rows.map((r) => String(r.id));
  }

  /** Every record of a list the search finds for the text, best first: no page limit. */
  async function everyMatch(list: List, text: string): Promise<string[]> {
    const { index, entity } = LISTS[list];
    const page = await hitPage(dbOf(list), entity as any, index, text, searchClauses(text), {
      first: 1_000_000,
    });
    return page.hits.map((h: any) => String(h.node.id));
  }

  it.each([
    ["拆迁", ["拆迁"], 5],
    ["拖欠工资", ["拖欠", "工资"], 4],
    ["西环教委家属楼", ["西环", "教委", "家属楼"], 4],
    ["胜利村", ["胜利村"], 1],
  ])(
    "finds %s wherever it is written, in every department, and nothing without its words",
    async (text, words, holders) => {
      const found = await search(text);
      let departments = 0;
      for (const list of ALL_LISTS) {
        const all = await everyMatch(list, text);
        const expected = await holding(list, text);
        expect(all).toEqual(expect.arrayContaining(expected));
        for (const w of words) expect(await holding(list, w)).toEqual(expect.arrayContaining(all));
        // exactly the records holding every word
        let every = await holding(list, words[0]);
        for (const w of words.slice(1)) {
          const h = new Set(await holding(list, w));
          every = every.filter((id) => h.has(id));
        }
        expect([...all].sort()).toEqual([...every].sort());
        // the page is the best of all the matches, ranked alike
        expect(found[list].map((h: any) => h.id)).toEqual(all.slice(0, 50));
        if (expected.length) departments++;
      }
      expect(departments).toBeGreaterThanOrEqual(holders);
    },
  );

  it("finds a word however jieba cut the record around it", async () => {
    // jieba cuts "陈府镇胜利村村内…" as 胜利/村村 and "夏垫镇小辛庄村征地…" as 小/辛庄村: the words
    // 胜利村 and 小辛庄 are not among the records' words, and are found by their character pairs
    const report = async (description: string) =>
      (
        await ok(
          `mutation($d: String!) { reportRiskItem(townId: "5", category: OTHER, description: $d) { id } }`,
          { d: description },
          "masswork",
        )
      ).reportRiskItem.id;
    const village = await report("陈府镇胜利村村内道路硬化");
    const land = await report("夏垫镇小辛庄村征地后安置用地未落实");
    expect(await everyMatch("riskItems", "胜利村")).toContain(village);
    expect(await everyMatch("riskItems", "小辛庄")).toContain(land);
  });

  it("finds a petition by its serial number, in any case and width, and by its sequence number", async () => {
    for (const text of ["XF2017-000042", "xf2017-000042", "ＸＦ２０１７－００００４２"])
      expect((await search(text)).petitions.map((p: any) => p.serialNo)).toEqual(["XF2017-000042"]);
    expect((await search("000042")).petitions.map((p: any) => p.serialNo)).toEqual([
      "XF2017-000042",
      "XF2016-000042",
    ]);
  });

  it("finds something sensible for a single character: the records holding it", async () => {
    // 村 is in thousands of records: the page is still exactly the best 50 of them
    const found = await search("村");
    expect(found.petitions).toHaveLength(50);
    for (const list of ALL_LISTS) {
      for (const hit of found[list]) expect(textOf(hit)).toContain("村");
      expect(found[list].map((h: any) => h.id)).toEqual(
        (await everyMatch(list, "村")).slice(0, 50),
      );
    }
    for (const list of ALL_LISTS) {
      const all = await everyMatch(list, "拆");
      expect(all).toEqual(expect.arrayContaining(await holding(list, "拆")));
      expect(await holding(list, "拆")).toEqual(expect.arrayContaining(all));
    }
    expect((await search("拆")).petitions.map((p: any) => p.id)).toEqual(
      (await everyMatch("petitions", "拆")).slice(0, 50),
    );
  });

  it("makes a record searchable as soon as the mutation that wrote it returns", async () => {
    const registered = await ok(
      `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { id serialNo } }`,
      {
        input: {
          title: "“5·18”经贸洽谈会期间施工噪声扰民",
          content: "洽谈会期间夜间施工,噪声扰民,请求有关部门依法处理。",
          channel: "VISIT",
          source: "COUNTY_INTAKE",
          category: "OTHER",
          townId: "1",
          petitioners: [{ name: "赵六" }],
        },
      },
      "bureau",
    );
    const petition = registered.registerPetition;
    const risk = (
      await ok(
        `mutation { reportRiskItem(townId: "2", category: OTHER, description: "5·18洽谈会场馆周边施工噪声纠纷") { id } }`,
        {},
        "masswork",
      )
    ).reportRiskItem;
    const posted = (
      await ok(
        `mutation { postMessage(title: "洽谈会噪声", content: "5·18期间夜里施工太吵了。", category: OTHER) { id } }`,
        {},
        "public",
      )
    ).postMessage;

    const found = await search("5·18");
    expect(found.petitions.map((p: any) => p.id)).toEqual([petition.id]);
    expect(found.riskItems.map((r: any) => r.id)).toEqual([risk.id]);
    expect(found.onlineMessages.map((m: any) => m.id)).toEqual([posted.id]);
    expect((await search(petition.serialNo)).petitions.map((p: any) => p.id)).toEqual([
      petition.id,
    ]);

    // a reply is searchable too, once given
    expect((await search("夜间施工许可证")).onlineMessages).toEqual([]);
    await ok(
      `mutation($id: ID!) { replyToMessage(id: $id, text: "已责令施工单位停止夜间施工,补办夜间施工许可证。", unit: "县住建局") { id } }`,
      { id: posted.id },
      "service-center",
    );
    expect((await search("夜间施工许可证")).onlineMessages.map((m: any) => m.id)).toEqual([
      posted.id,
    ]);
  });

  it("ranks by relevance, then newest first", async () => {
    const register = async (title: string, content: string, receivedAt: string) =>
      (
        await ok(
          `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { id } }`,
          {
            input: {
              title,
              content,
              channel: "LETTER",
              source: "COUNTY_INTAKE",
              category: "OTHER",
              receivedAt,
              petitioners: [{ name: "钱七" }],
            },
          },
          "bureau",
        )
      ).registerPetition.id;
    const often = await register(
      "龙须沟治理",
      "龙须沟污水外溢,龙须沟臭气熏天,请求治理龙须沟。",
      "2017-03-01T02:00:00Z",
    );
    const older = await register(
      "道路维修",
      "附近龙须沟旁道路破损,请求维修。",
      "2017-06-01T02:00:00Z",
    );
    const newer = await register(
      "道路维修",
      "附近龙须沟旁道路破损,请求维修。",
      "2017-07-01T02:00:00Z",
    );
    expect((await search("龙须沟")).petitions.map((p: any) => p.id)).toEqual([often, newer, older]);
    expect((await search("龙须沟", 2)).petitions.map((p: any) => p.id)).toEqual([often, newer]);
  });

  it("never lets the text reach the engine's query syntax or SQL", async () => {
    const hostile = [
      `"`,
      `'`,
      `*`,
      `-`,
      `+`,
      `(`,
      `)`,
      `~`,
      `<>`,
      `@`,
      `^`,
      `:`,
      `\\`,
      `%`,
      `_`,
      `;`,
      "OR",
      "AND",
      "NOT",
      "NEAR",
      "MATCH",
      "AGAINST",
      "拆迁 OR",
      "拆迁*",
      "-拆迁",
      "+拆迁 -补偿",
      `"拆迁"`,
      "拆迁 NOT 补偿",
      "NEAR(拆迁 补偿)",
      "words:拆迁",
      "{words}: 拆迁",
      "拆迁^",
      `') OR 1=1 --`,
      `"; DROP TABLE petition; --`,
      "拆迁' UNION SELECT author_phone FROM online_message --",
      "1' AND SLEEP(1) --",
      "MATCH(words) AGAINST('x')",
      // the encoded form of 拆迁 is text like any other: it finds only itself
      "qjiese9",
      "😀",
      "\u0000",
      "\u200b",
      "拆".repeat(200),
      // two hundred different characters: two hundred clauses
      "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理世车".slice(
        0,
        200,
      ),
    ];
    for (const text of hostile) {
      const res = await t.as("leader").query(SEARCH, { text, first: 50 });
      const code = res.errors?.[0]?.extensions?.code;
      if (code !== undefined) {
        expect(code).toBe("BAD_USER_INPUT");
        continue;
      }
      expect(res.errors).toBeUndefined();
      if (text.includes("拆迁"))
        for (const hit of res.data.search.petitions) expect(textOf(hit)).toContain("拆迁");
    }
    expect((await search("qjiese9")).petitions).toEqual([]);
    expect((await search("拆迁")).petitions.length).toBeGreaterThan(0);
    const [{ n }] = await t.system.subgraphs.bureau!.database.dataSource.query(
      "SELECT COUNT(*) AS n FROM petition",
    );
    expect(Number(n)).toBeGreaterThanOrEqual(300);
  });

  it("refuses blank, too long text and too large pages with BAD_USER_INPUT naming the field", async () => {
    const refused = async (variables: Record<string, unknown>, field: string) => {
      const res = await t.as("leader").query(SEARCH, variables);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    };
    await refused({ text: "" }, "text");
    await refused({ text: " \t\n　" }, "text");
    await refused({ text: "拆".repeat(201) }, "text");
    await refused({ text: "拆迁".repeat(2500) }, "text");
    await refused({ text: "拆迁", first: 51 }, "first");
    await refused({ text: "拆迁", first: -1 }, "first");
  });

  it("returns only what the caller may read", async () => {
    const found = await search("拆迁", 50, "public");
    for (const list of ["petitions", "riskItems", "opinionDigests", "hotlineCalls"] as const)
      expect(found[list]).toEqual([]);
    expect(found.onlineMessages.length).toBeGreaterThan(0);
    for (const m of found.onlineMessages) expect(m.reply).not.toBeNull();
    const staff = await search("拆迁", 50, "leader");
    expect(staff.onlineMessages.some((m: any) => m.reply === null)).toBe(true);
  });

  it("costs at most four SQL statements per list, whatever the page size and the number of matches", async () => {
    for (const text of ["西环教委家属楼", "村"]) {
      const cost = async (first: number) => {
        const before = t.statements();
        const found = await search(text, first);
        expect(found.petitions).toHaveLength(first);
        return t.statements() - before;
      };
      // the sample, the page, its records; and once a minute the number of records (for estimates)
      const most = 4 * ALL_LISTS.length;
      expect(await cost(2)).toBeLessThanOrEqual(most);
      expect(await cost(50)).toBeLessThanOrEqual(most);
    }
  });
});
