import type { DataSource } from "typeorm";
import { startTestSystem, type GraphQLResponse, type TestSystem } from "./support/system";

/**
 * The website, for a citizen: a message may name its town (masswork's), and its author follows
 * the petition registered from it (`OnlineMessage.progress`, the bureau's) without anyone's
 * personal data; other citizens' messages stay closed to them.
 */

const POST = `mutation($title: String!, $content: String!, $townId: ID, $key: String) {
  postMessage(title: $title, content: $content, category: WAGE_ARREARS, townId: $townId, idempotencyKey: $key) {
    id mine town { id name } } }`;
const REGISTER = `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { id version } }`;
const PROGRESS = `query($id: ID!) { onlineMessage(id: $id) { id mine progress {
  serialNo status registeredAt acceptanceDeadline acceptedAt declinedAt declineReason dueAt repliedAt
  reply { text repliedAt unit } } } }`;

const PETITIONER = { name: "欧阳明远", idNumber: null, phone: "13800138000" };

function codeOf(res: GraphQLResponse): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}

async function count(db: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await db.query(sql, params);
  return Number(row.n);
}

describe("a citizen's own message: its town and its petition's progress", () => {
  let t: TestSystem;
  let sc: DataSource;

  const post = async (subject: string, townId: string | null = "2") => {
    const res = await t.as("public", subject).query(POST, {
      title: "工地欠薪",
      content: "某工地拖欠工资两个月，请求帮助。",
      townId,
    });
    expect(res.errors).toBeUndefined();
    return res.data.postMessage as {
      id: string;
      mine: boolean;
      town: { id: string; name: string } | null;
    };
  };
  const register = async (messageId: string) => {
    const res = await t.as("bureau").query(REGISTER, {
      input: {
        title: "工地欠薪",
        content: "网上留言反映某工地拖欠工资两个月。",
        channel: "ONLINE",
        source: "COUNTY_INTAKE",
        category: "WAGE_ARREARS",
        townId: "2",
        petitioners: [PETITIONER],
        sourceMessageId: messageId,
      },
    });
    expect(res.errors).toBeUndefined();
    return res.data.registerPetition as { id: string; version: number };
  };

  beforeAll(async () => {
    t = await startTestSystem();
    sc = t.system.subgraphs["service-center"]!.database.dataSource;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("posts a message with a town, checked through the graph, read back by name", async () => {
    const m = await post("citizen-town");
    expect(m.mine).toBe(true);
    expect(m.town).toEqual({ id: "2", name: "夏垫镇" });
    const [row] = await sc.query("SELECT town_id FROM online_message WHERE id = ?", [Number(m.id)]);
    expect(Number(row.town_id)).toBe(2);
    const none = await post("citizen-town", null);
    expect(none.town).toBeNull();
  });

  it("refuses an unknown or malformed town naming the field, and stores nothing", async () => {
    for (const [townId, reason] of [
      ["999", "no such town"],
      ["x", "is not a valid id"],
    ]) {
      const rows = async () => [
        await count(sc, "SELECT COUNT(*) AS n FROM online_message"),
        await count(sc, "SELECT COUNT(*) AS n FROM idempotency_key"),
      ];
      const before = await rows();
      const res = await t.as("public", "citizen-town").query(POST, {
        title: "工地欠薪",
        content: "某工地拖欠工资两个月，请求帮助。",
        townId,
        key: `town-refused-${townId}`,
      });
      expect(codeOf(res)).toBe("BAD_USER_INPUT");
      expect(res.errors![0].extensions!.field).toBe("townId");
      expect(res.errors![0].message).toContain(reason);
      expect(await rows()).toEqual(before);
    }
  });

  it("filters the message list by town, on every page, and every demo message has a town", async () => {
    expect(
      await count(
        sc,
        "SELECT COUNT(*) AS n FROM online_message WHERE author_subject IS NULL AND town_id IS NULL",
      ),
    ).toBe(0);
    for (const townId of ["1", "5"]) {
      const expected = await count(
        sc,
        "SELECT COUNT(*) AS n FROM online_message WHERE town_id = ?",
        [Number(townId)],
      );
      expect(expected).toBeGreaterThan(100);
      const seen = new Set<string>();
      let after: string | null = null;
      for (;;) {
        const res: GraphQLResponse = await t.as("service-center").query(
          `query($after: String, $townId: ID) { messagePage(filter: { townId: $townId }, first: 200, after: $after) {
            totalCount edges { node { id town { id } } } pageInfo { hasNextPage endCursor } } }`,
          { after, townId },
        );
        expect(res.errors).toBeUndefined();
        const page: any = res.data.messagePage;
        expect(page.totalCount).toBe(expected);
        for (const e of page.edges) {
          expect(e.node.town.id).toBe(townId);
          seen.add(e.node.id);
        }
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen.size).toBe(expected);
    }
    const bad = await t
      .as("service-center")
      .query(`{ messagePage(filter: { townId: "0" }) { totalCount } }`);
    expect(codeOf(bad)).toBe("BAD_USER_INPUT");
    expect(bad.errors![0].extensions!.field).toBe("filter.townId");
  });

  it("shows the author the progress of the petition registered from their message, without personal data", async () => {
    const m = await post("citizen-alice");
    const before = await t.as("public", "citizen-alice").query(PROGRESS, { id: m.id });
    expect(before.errors).toBeUndefined();
    expect(before.data.onlineMessage).toEqual({ id: m.id, mine: true, progress: null });

    const p = await register(m.id);
    const registered = await t.as("public", "citizen-alice").query(PROGRESS, { id: m.id });
    expect(registered.errors).toBeUndefined();
    expect(registered.data.onlineMessage.progress).toMatchObject({
      status: "REGISTERED",
      acceptedAt: null,
      repliedAt: null,
      reply: null,
    });
    expect(registered.data.onlineMessage.progress.serialNo).toMatch(/^XF\d{4}-\d+$/);

    let version = p.version;
    const step = async (mutation: string) => {
      const res = await t
        .as("bureau")
        .query(
          `mutation($id: ID!, $v: Int!) { ${mutation.replace("$$", "id: $id, version: $v")} { version } }`,
          {
            id: p.id,
            v: version,
          },
        );
      expect(res.errors).toBeUndefined();
      version = Object.values(res.data as Record<string, { version: number }>)[0].version;
    };
    await step(`acceptPetition($$, responsibleUnit: "县人社局")`);
    await step(`startHandling($$)`);
    await step(`replyToPetition($$, reply: "已责成施工单位于本月底前结清工资。")`);

    const replied = await t.as("public", "citizen-alice").query(PROGRESS, { id: m.id });
    expect(replied.errors).toBeUndefined();
    const progress = replied.data.onlineMessage.progress;
    expect(progress).toMatchObject({
      status: "REPLIED",
      reply: { text: "已责成施工单位于本月底前结清工资。", unit: "县人社局" },
    });
    expect(progress.acceptedAt).not.toBeNull();
    expect(progress.repliedAt).toBe(progress.reply.repliedAt);
    // nobody's personal data: not the petitioner's name or phone, as given or masked
    const text = JSON.stringify(replied.data);
    for (const personal of ["欧阳", "明远", "13800138000", "138****8000"])
      expect(text).not.toContain(personal);
    // the petition itself stays the staff's
    const petition = await t
      .as("public", "citizen-alice")
      .query(`query($id: ID!) { onlineMessage(id: $id) { petition { id } } }`, { id: m.id });
    expect(codeOf(petition)).toBe("FORBIDDEN");
    // staff read the same progress
    const staff = await t.as("leader").query(PROGRESS, { id: m.id });
    expect(staff.errors).toBeUndefined();
    expect(staff.data.onlineMessage).toMatchObject({
      mine: false,
      progress: { status: "REPLIED" },
    });
  });

  it("keeps other citizens' messages' progress closed, even on the public board", async () => {
    const m = await post("citizen-bob");
    await register(m.id);
    // unanswered: other citizens do not see the message at all
    for (const [role, subject] of [
      ["public", "citizen-carol"],
      ["anonymous", undefined],
    ] as const) {
      const res = await t.as(role, subject).query(PROGRESS, { id: m.id });
      expect(res.errors).toBeUndefined();
      expect(res.data.onlineMessage).toBeNull();
    }
    // answered on the board: the message is public, its progress is not
    const reply = await t
      .as("service-center")
      .query(
        `mutation($id: ID!) { replyToMessage(id: $id, text: "已转县信访局登记办理。", unit: "县信访局") { id } }`,
        {
          id: m.id,
        },
      );
    expect(reply.errors).toBeUndefined();
    for (const [role, subject, code] of [
      ["public", "citizen-carol", "FORBIDDEN"],
      ["anonymous", undefined, "UNAUTHENTICATED"],
    ] as const) {
      const res = await t.as(role, subject).query(PROGRESS, { id: m.id });
      expect(codeOf(res)).toBe(code);
      expect(res.errors![0].extensions!.field).toBe("OnlineMessage.progress");
      expect(res.data.onlineMessage).toMatchObject({ id: m.id, mine: false, progress: null });
    }
    const own = await t.as("public", "citizen-bob").query(PROGRESS, { id: m.id });
    expect(own.errors).toBeUndefined();
    expect(own.data.onlineMessage.progress.status).toBe("REGISTERED");
  });

  it("lets several citizens follow their own messages at once, each seeing only theirs", async () => {
    const people = Array.from({ length: 6 }, (_, i) => `citizen-many-${i}`);
    const messages = await Promise.all(people.map((p) => post(p)));
    await Promise.all(messages.filter((_, i) => i % 2 === 0).map((m) => register(m.id)));
    const reads = await Promise.all(
      people.map((p, i) =>
        Promise.all([
          t.as("public", p).query(PROGRESS, { id: messages[i].id }),
          t.as("public", p).query(PROGRESS, { id: messages[(i + 1) % people.length].id }),
        ]),
      ),
    );
    reads.forEach(([own, other], i) => {
      expect(own.errors).toBeUndefined();
      expect(own.data.onlineMessage.mine).toBe(true);
      expect(own.data.onlineMessage.progress?.status ?? null).toBe(
        i % 2 === 0 ? "REGISTERED" : null,
      );
      // another's unanswered message is not on the board
      expect(other.data.onlineMessage).toBeNull();
    });
  });

  it("costs the same number of statements for a page of 10 messages with progress and town as for 200", async () => {
    const query = `query($first: Int) { messagePage(first: $first) { edges { node {
      id mine town { name } progress { status reply { text } } } } } }`;
    const cost: number[] = [];
    for (const first of [10, 200]) {
      const before = t.statements();
      const res = await t.as("service-center").query(query, { first });
      expect(res.errors).toBeUndefined();
      cost.push(t.statements() - before);
      const nodes = res.data.messagePage.edges.map((e: any) => e.node);
      expect(nodes).toHaveLength(first);
      expect(nodes.some((n: any) => n.progress?.status)).toBe(true);
    }
    expect(cost[1]).toBe(cost[0]);
  });
});
