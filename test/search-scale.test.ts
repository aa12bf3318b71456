import { type CallerRole } from "../common/auth";
import { idNumberCheckDigit } from "../common/domain";
import { searchSettings } from "../common/search";
import { FixedClock } from "../common/time";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * The unified search's pages, counts, filters, snippets and relevance, through the gateway, on
 * hand-made records whose words (made-up place names) appear nowhere else in the dataset.
 */

const PETITION_HITS = `query($text: String!, $first: Int, $after: String, $filter: SearchFilter) {
  search(text: $text) { petitionHits(first: $first, after: $after, filter: $filter) {
    totalCount totalCountIsEstimate pageInfo { hasNextPage endCursor }
    edges { cursor snippet node { id title content receivedAt category town { id } } } } } }`;

const RISK_HITS = `query($text: String!, $first: Int, $after: String, $filter: SearchFilter) {
  search(text: $text) { riskItemHits(first: $first, after: $after, filter: $filter) {
    totalCount totalCountIsEstimate pageInfo { hasNextPage endCursor }
    edges { snippet node { id description } } } } }`;

const ALL_HITS = `query($text: String!, $filter: SearchFilter) { search(text: $text) {
  petitionHits(filter: $filter) { totalCount edges { snippet node { id } } }
  riskItemHits(filter: $filter) { totalCount edges { snippet node { id } } }
  opinionDigestHits(filter: $filter) { totalCount edges { node { id } } }
  onlineMessageHits(filter: $filter) { totalCount edges { snippet node { id } } }
  hotlineCallHits(filter: $filter) { totalCount edges { snippet node { id } } } } }`;

describe("unified search at scale: pages, counts, filters, snippets, relevance", () => {
  let t: TestSystem;

  beforeAll(async () => {
    t = await startTestSystem({ clock: new FixedClock(new Date("2018-01-15T02:00:00Z")) });
  });
  afterAll(async () => {
    searchSettings.exactCountLimit = 10_000;
    await t?.stop();
  });

  async function ok(
    query: string,
    variables: Record<string, unknown>,
    role: CallerRole = "leader",
  ): Promise<any> {
    const res = await t.as(role).query(query, variables);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  }

  let day = 0;
  /** Registers a petition received on a later day than the one before, unless told when. */
  async function register(
    title: string,
    content: string,
    extra: Record<string, unknown> = {},
  ): Promise<string> {
    day++;
    const receivedAt = new Date(Date.UTC(2017, 0, 1, 2) + day * 3_600_000).toISOString();
    const data = await ok(
      `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { id } }`,
      {
        input: {
          title,
          content,
          channel: "LETTER",
          source: "COUNTY_INTAKE",
          category: "OTHER",
          townId: "1",
          receivedAt,
          petitioners: [{ name: "孙八" }],
          ...extra,
        },
      },
      "bureau",
    );
    return data.registerPetition.id;
  }

  const petitionHits = async (text: string, variables: Record<string, unknown> = {}) =>
    (await ok(PETITION_HITS, { text, ...variables })).search.petitionHits;

  it("puts the records holding the phrase first, weighs the rarest word most, and the newest first among equals", async () => {
    // the phrase 琥珀巷排水管 written whole in the older record, its words apart in the newer
    const whole = await register("琥珀巷排水管堵塞", "琥珀巷排水管堵塞,污水外溢。");
    const apart = await register("排水管堵塞", "排水管堵塞多日,位于琥珀巷东口。");
    expect((await petitionHits("琥珀巷 排水管")).edges.map((e: any) => e.node.id)).toEqual([
      whole,
      apart,
    ]);
    expect((await petitionHits("琥珀巷排水管")).edges.map((e: any) => e.node.id)).toEqual([
      whole,
      apart,
    ]);

    // both hold both words: the one repeating the rare word (翡翠桥) ranks above the newer one
    // repeating a word of many records (道路)
    const rare = await register("翡翠桥翡翠桥", "翡翠桥一带翡翠桥下道路积水。");
    const common = await register("道路道路", "道路破损,道路坑洼,道路积水,翡翠桥附近。");
    expect((await petitionHits("翡翠桥 道路")).edges.map((e: any) => e.node.id)).toEqual([
      rare,
      common,
    ]);

    // equal texts: newest first, then the highest id
    const first = await register("珊瑚岭路灯不亮", "珊瑚岭路灯不亮。");
    const second = await register("珊瑚岭路灯不亮", "珊瑚岭路灯不亮。");
    const third = await register("珊瑚岭路灯不亮", "珊瑚岭路灯不亮。");
    expect((await petitionHits("珊瑚岭")).edges.map((e: any) => e.node.id)).toEqual([
      third,
      second,
      first,
    ]);
  });

  it("pages through every hit once, none skipped, past the ranked window, with an exact count", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 57; i++) {
      const data = await ok(
        `mutation($d: String!) { reportRiskItem(townId: "2", category: OTHER, description: $d) { id } }`,
        { d: i % 3 ? `玳瑁湾码头第${i}号泊位纠纷` : `玳瑁湾码头玳瑁湾渔船第${i}号纠纷` },
        "masswork",
      );
      ids.push(data.reportRiskItem.id);
    }
    for (const first of [7, 50]) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 20; pages++) {
        const page: any = (await ok(RISK_HITS, { text: "玳瑁湾", first, after })).search
          .riskItemHits;
        expect(page.totalCount).toBe(57);
        expect(page.totalCountIsEstimate).toBe(false);
        seen.push(...page.edges.map((e: any) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual([...ids].sort());
      // among the WINDOW (50) newest, the records holding the word twice come first
      const twice = ids
        .map((id, i) => (i % 3 === 0 && i >= ids.length - 50 ? id : null))
        .filter((id): id is string => id !== null);
      expect(seen.slice(0, twice.length).sort()).toEqual([...twice].sort());
    }
  });

  it("pages through a word of most records without repeating or skipping one", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let pages = 0; pages < 6; pages++) {
      const page: any = await petitionHits("村", { first: 30, after });
      total = page.totalCount;
      seen.push(...page.edges.map((e: any) => e.node.id));
      after = page.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(180);
    expect(new Set(seen).size).toBe(180);
    // the same hits as one long page
    const once = await petitionHits("村", { first: 180 });
    expect(once.edges.map((e: any) => e.node.id)).toEqual(seen);
    expect(total).toBeGreaterThan(180);
  });

  it("counts exactly up to the limit, then estimates and says so", async () => {
    searchSettings.exactCountLimit = 20;
    try {
      // narrowed by town, the records are read to count: beyond the limit, an estimate
      const many = await petitionHits("村", { filter: { townId: "1" } });
      expect(many.totalCountIsEstimate).toBe(true);
      expect(many.totalCount).toBeGreaterThan(20);
      // a word of one or two characters alone is counted from the index tables, exactly at any size
      const all = await petitionHits("村");
      expect(all.totalCountIsEstimate).toBe(false);
      expect(all.totalCount).toBeGreaterThan(20);
      const few = await petitionHits("珊瑚岭");
      expect(few).toMatchObject({ totalCount: 3, totalCountIsEstimate: false });
    } finally {
      searchSettings.exactCountLimit = 10_000;
    }
    const exact = await petitionHits("村");
    expect(exact.totalCountIsEstimate).toBe(false);
    const [{ n }] = await t.system.subgraphs.bureau!.database.dataSource.query(
      "SELECT COUNT(*) AS n FROM petition WHERE title LIKE '%村%' OR content LIKE '%村%' OR serial_no LIKE '%村%'",
    );
    expect(exact.totalCount).toBe(Number(n));
  });

  it("filters by date, town and category in every department that has them", async () => {
    const a = await register("石榴坊噪声", "石榴坊夜间噪声扰民。", {
      townId: "3",
      category: "OTHER",
    });
    const b = await register("石榴坊拆迁", "石榴坊拆迁补偿未落实。", {
      townId: "4",
      category: "DEMOLITION",
    });
    await ok(
      `mutation { reportRiskItem(townId: "4", category: DEMOLITION, description: "石榴坊拆迁补偿纠纷") { id } }`,
      {},
      "masswork",
    );
    const ids = async (filter: Record<string, unknown>) =>
      (await petitionHits("石榴坊", { filter })).edges.map((e: any) => e.node.id);
    expect((await ids({})).sort()).toEqual([a, b].sort());
    expect(await ids({ townId: "3" })).toEqual([a]);
    expect(await ids({ category: ["DEMOLITION"] })).toEqual([b]);
    expect(await ids({ category: ["DEMOLITION", "OTHER"], townId: "4" })).toEqual([b]);
    const { receivedAt } = (await petitionHits("石榴坊", { filter: { townId: "4" } })).edges[0]
      .node;
    expect(await ids({ from: receivedAt })).toEqual([b]);
    expect(await ids({ to: receivedAt })).toEqual(expect.arrayContaining([b]));
    expect(await ids({ to: new Date(Date.parse(receivedAt) - 1).toISOString() })).toEqual([a]);

    // across the departments at once: digests have no town, so a town filter finds none of them
    const all = (await ok(ALL_HITS, { text: "拆迁", filter: { townId: "4" } })).search;
    expect(all.opinionDigestHits).toEqual({ totalCount: 0, edges: [] });
    expect(all.petitionHits.edges.length).toBeGreaterThan(0);
    expect(all.riskItemHits.edges.length).toBeGreaterThan(0);
    // every hit under a filter is one of the unfiltered hits of that town and category
    const filtered = await petitionHits("拆迁", {
      first: 200,
      filter: { townId: "2", category: ["DEMOLITION"] },
    });
    for (const e of filtered.edges)
      expect(e.node).toMatchObject({ category: "DEMOLITION", town: { id: "2" } });
    expect(filtered.totalCount).toBeGreaterThanOrEqual(filtered.edges.length);
  });

  it("marks the matched words in each snippet and never shows personal data", async () => {
    const idNumber = "11010119900307123" + idNumberCheckDigit("11010119900307123");
    await register(
      "麒麟街违建",
      `信访人周九(身份证${idNumber},电话13912345678)反映麒麟街有违章建筑,周九多次反映。`,
      { petitioners: [{ name: "周九", idNumber, phone: "13912345678" }] },
    );
    const hit = (await petitionHits("麒麟街")).edges[0];
    expect(hit.snippet).toContain("【麒麟街】");
    for (const secret of ["周九", idNumber, "13912345678", idNumber.slice(-4), "5678"])
      expect(hit.snippet).not.toContain(secret);
    // the record itself still holds them: the snippet alone is cut
    expect(hit.node.content).toContain("麒麟街");

    await ok(
      `mutation { postMessage(title: "麒麟街违建", content: "我是吴十,电话 139-1234-5679,麒麟街违建没人管。", category: OTHER) { id } }`,
      {},
      "public",
    );
    const all = (await ok(ALL_HITS, { text: "麒麟街" })).search;
    const snippets = Object.values(all).flatMap((l: any) => l.edges.map((e: any) => e.snippet));
    expect(snippets.length).toBeGreaterThanOrEqual(2);
    for (const s of snippets) {
      expect(s).toContain("【麒麟街】");
      expect(s).not.toMatch(/\d{4}/);
      expect(s).not.toContain("周九");
    }
  });

  it("finds a registration and a correction as soon as their transaction commits, for several clerks at once", async () => {
    const words = ["翠柏园", "银杏里", "梧桐坞", "海棠湾"];
    const ids = await Promise.all(words.map((w) => register(`${w}积水`, `${w}小区积水严重。`)));
    const found = await Promise.all(words.map((w) => petitionHits(w)));
    found.forEach((f, i) => expect(f.edges.map((e: any) => e.node.id)).toEqual([ids[i]]));

    const read = await ok(`query($id: ID!) { petition(id: $id) { version } }`, { id: ids[0] });
    await ok(
      `mutation($id: ID!, $version: Int!, $input: CorrectPetitionInput!) {
        correctPetition(id: $id, version: $version, input: $input) { id } }`,
      {
        id: ids[0],
        version: read.petition.version,
        input: { reason: "小区名称登记错误", title: "紫藤苑积水", content: "紫藤苑小区积水严重。" },
      },
      "bureau",
    );
    expect((await petitionHits("紫藤苑")).edges.map((e: any) => e.node.id)).toEqual([ids[0]]);
    expect((await petitionHits("翠柏园")).edges).toEqual([]);
  });

  it("refuses a cursor it did not hand out and a page over 200, naming the field", async () => {
    for (const [variables, field] of [
      [{ after: "bm90LWEtY3Vyc29y" }, "after"],
      [{ after: "x".repeat(500) }, "after"],
      [{ first: 201 }, "first"],
    ] as const) {
      const res = await t.as("leader").query(PETITION_HITS, { text: "村", ...variables });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
    // callers who may not read cases get an empty page, not an error
    const res = await t.as("public").query(PETITION_HITS, { text: "村" });
    expect(res.data.search.petitionHits).toMatchObject({ totalCount: 0, edges: [] });
  });
});
