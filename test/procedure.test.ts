import { type CallerRole } from "../common/auth";
import { idNumberCheckDigit } from "../common/domain";
import { addDays, FixedClock } from "../common/time";
import { startTestSystem, type TestSystem } from "./support/system";

const DAY = 86_400_000;
const START = new Date("2026-03-02T02:00:00.000Z");

const PETITION_FIELDS = `id serialNo status version firstTime collective headcount receivedAt acceptanceDeadline acceptedAt dueAt repliedAt overdue
  reviews { kind requestedAt dueAt decidedAt outcome } history { from to note }`;

function validIdNumber(birth = "19700101", seq = "123"): string {
  const first17 = `131028${birth}${seq}`;
  return first17 + idNumberCheckDigit(first17);
}

const registerInput = (over: Record<string, unknown> = {}) => ({
  title: "拖欠工资纠纷",
  content: "某建筑工地拖欠农民工工资三个月,请求协调解决。",
  channel: "VISIT",
  source: "COUNTY_INTAKE",
  category: "WAGE_ARREARS",
  townId: "1",
  petitioners: [{ name: "王建国", idNumber: validIdNumber(), phone: "13800138000", townId: "1" }],
  ...over,
});

describe("the petition procedure through the gateway", () => {
  let t: TestSystem;
  const clock = new FixedClock(START);

  beforeAll(async () => {
    t = await startTestSystem({ clock });
  });
  afterAll(async () => {
    await t?.stop();
  });
  beforeEach(() => clock.set(START));

  /** the answer's data, asked as bureau staff unless another role is given */
  async function ok(
    query: string,
    variables?: Record<string, unknown>,
    role: CallerRole = "bureau",
  ): Promise<any> {
    const res = await t.as(role).query(query, variables);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  }
  const register = async (over: Record<string, unknown> = {}, key?: string) =>
    (
      await ok(
        `mutation($input: RegisterPetitionInput!, $key: String) { registerPetition(input: $input, idempotencyKey: $key) { ${PETITION_FIELDS} } }`,
        { input: registerInput(over), key },
      )
    ).registerPetition;
  const step = async (mutation: string, args: string, variables: Record<string, unknown>) => {
    const res = await t
      .as("bureau")
      .query(
        `mutation($id: ID!, $version: Int!${args ? ", " + args : ""}) { ${mutation} { ${PETITION_FIELDS} } }`,
        variables,
      );
    return res;
  };
  const petition = async (id: string) =>
    (await ok(`query($id: ID!) { petition(id: $id) { ${PETITION_FIELDS} } }`, { id })).petition;

  it("walks register → accept → extend → reply → review → recheck → closed, deadline by deadline", async () => {
    let p = await register();
    expect(p.status).toBe("REGISTERED");
    expect(p.serialNo).toMatch(/^XF2026-\d{6}$/);
    expect(p.firstTime).toBe(true);
    expect(p.collective).toBe(false);
    expect(Date.parse(p.acceptanceDeadline) - Date.parse(p.receivedAt)).toBe(15 * DAY);

    clock.advanceDays(3);
    p = (
      await step(
        "acceptPetition(id: $id, version: $version, responsibleUnit: $unit)",
        "$unit: String!",
        { id: p.id, version: p.version, unit: "县人社局" },
      )
    ).data.acceptPetition;
    expect(p.status).toBe("ACCEPTED");
    expect(p.acceptedAt).toBe(addDays(START, 3).toISOString());
    expect(p.dueAt).toBe(addDays(START, 63).toISOString());

    clock.advanceDays(50);
    p = (
      await step(
        "extendDeadline(id: $id, version: $version, reason: $reason)",
        "$reason: String!",
        { id: p.id, version: p.version, reason: "需要多部门联合调查" },
      )
    ).data.extendDeadline;
    expect(p.dueAt).toBe(addDays(START, 93).toISOString());

    clock.advanceDays(35); // day 88: past the original due date, within the extension
    expect((await petition(p.id)).overdue).toBe(false);
    p = (
      await step("replyToPetition(id: $id, version: $version, reply: $reply)", "$reply: String!", {
        id: p.id,
        version: p.version,
        reply: "已责成施工单位足额支付工资。",
      })
    ).data.replyToPetition;
    expect(p.status).toBe("REPLIED");
    expect(p.repliedAt).toBe(addDays(START, 88).toISOString());

    clock.advanceDays(29);
    p = (
      await step("requestReview(id: $id, version: $version, kind: REVIEW)", "", {
        id: p.id,
        version: p.version,
      })
    ).data.requestReview;
    expect(p.status).toBe("UNDER_REVIEW");
    expect(p.reviews[0].dueAt).toBe(addDays(START, 147).toISOString());

    clock.advanceDays(31); // past the review's due date: the supervision office sees it
    expect((await petition(p.id)).overdue).toBe(true);
    const chase = await ok(
      `{ petitions(filter: { overdue: true }, first: 200) { edges { node { id } } } }`,
    );
    expect(chase.petitions.edges.map((e: any) => e.node.id)).toContain(p.id);
    p = (
      await step(
        "decideReview(id: $id, version: $version, outcome: $outcome)",
        "$outcome: String!",
        { id: p.id, version: p.version, outcome: "维持原答复意见" },
      )
    ).data.decideReview;
    expect(p.status).toBe("REPLIED");
    expect(p.reviews[0].decidedAt).toBe(addDays(START, 148).toISOString());

    clock.advanceDays(30);
    p = (
      await step("requestReview(id: $id, version: $version, kind: RECHECK)", "", {
        id: p.id,
        version: p.version,
      })
    ).data.requestReview;
    expect(p.status).toBe("UNDER_RECHECK");
    expect(p.reviews[1].dueAt).toBe(addDays(START, 208).toISOString());

    clock.advanceDays(10);
    p = (
      await step(
        "decideReview(id: $id, version: $version, outcome: $outcome)",
        "$outcome: String!",
        { id: p.id, version: p.version, outcome: "复核维持" },
      )
    ).data.decideReview;
    expect(p.status).toBe("CLOSED");
    expect(p.history.map((h: any) => h.to)).toEqual([
      "REGISTERED",
      "ACCEPTED",
      "ACCEPTED",
      "REPLIED",
      "UNDER_REVIEW",
      "REPLIED",
      "UNDER_RECHECK",
      "CLOSED",
    ]);

    // 三级终结: the same matter can be registered again but not accepted
    const again = await register({ repeatOf: p.id });
    expect(again.firstTime).toBe(false);
    const refused = await step(
      "acceptPetition(id: $id, version: $version, responsibleUnit: $unit)",
      "$unit: String!",
      { id: again.id, version: again.version, unit: "县人社局" },
    );
    expect(refused.errors?.[0].extensions?.rule).toBe("three-level-closure");
    expect((await petition(again.id)).status).toBe("REGISTERED");
  });

  it("refuses steps out of order and changes nothing", async () => {
    const p = await register();
    const wrong: [string, string, Record<string, unknown>, string][] = [
      [
        "replyToPetition(id: $id, version: $version, reply: $reply)",
        "$reply: String!",
        { reply: "答复" },
        "reply-after-acceptance",
      ],
      ["requestReview(id: $id, version: $version, kind: REVIEW)", "", {}, "review-after-reply"],
      [
        "extendDeadline(id: $id, version: $version, reason: $reason)",
        "$reason: String!",
        { reason: "理由充分" },
        "extend-while-handling",
      ],
      ["closePetition(id: $id, version: $version)", "", {}, "close-replied"],
    ];
    for (const [m, args, vars, rule] of wrong) {
      const res = await step(m, args, { id: p.id, version: p.version, ...vars });
      expect(res.errors?.[0].extensions).toMatchObject({ code: "PROCEDURE_VIOLATION", rule });
    }
    const after = await petition(p.id);
    expect(after.version).toBe(p.version);
    expect(after.history).toHaveLength(1);

    const accepted = (
      await step(
        "acceptPetition(id: $id, version: $version, responsibleUnit: $unit)",
        "$unit: String!",
        { id: p.id, version: p.version, unit: "县住建局" },
      )
    ).data.acceptPetition;
    const once = (
      await step(
        "extendDeadline(id: $id, version: $version, reason: $reason)",
        "$reason: String!",
        { id: p.id, version: accepted.version, reason: "需要补充材料" },
      )
    ).data.extendDeadline;
    const twice = await step(
      "extendDeadline(id: $id, version: $version, reason: $reason)",
      "$reason: String!",
      { id: p.id, version: once.version, reason: "再次延期" },
    );
    expect(twice.errors?.[0].extensions?.rule).toBe("extend-once");

    const replied = (
      await step("replyToPetition(id: $id, version: $version, reply: $reply)", "$reply: String!", {
        id: p.id,
        version: once.version,
        reply: "已答复。",
      })
    ).data.replyToPetition;
    clock.advanceDays(31);
    const late = await step("requestReview(id: $id, version: $version, kind: REVIEW)", "", {
      id: p.id,
      version: replied.version,
    });
    expect(late.errors?.[0].extensions?.rule).toBe("review-window");
    const closed = (
      await step("closePetition(id: $id, version: $version)", "", {
        id: p.id,
        version: replied.version,
      })
    ).data.closePetition;
    expect(closed.status).toBe("CLOSED");
  });

  it("refuses a stale version, and of two concurrent edits exactly one wins", async () => {
    const p = await register();
    const accept = (unit: string) =>
      step("acceptPetition(id: $id, version: $version, responsibleUnit: $unit)", "$unit: String!", {
        id: p.id,
        version: p.version,
        unit,
      });
    const results = await Promise.all([accept("县人社局"), accept("县住建局")]);
    const won = results.filter((r) => !r.errors);
    const lost = results.filter((r) => r.errors);
    expect(won).toHaveLength(1);
    expect(lost[0].errors?.[0].extensions?.code).toBe("CONFLICT");
    const stale = await step(
      "declinePetition(id: $id, version: $version, reason: $reason)",
      "$reason: String!",
      { id: p.id, version: p.version, reason: "不属于受理范围" },
    );
    expect(stale.errors?.[0].extensions?.code).toBe("CONFLICT");
    const after = await petition(p.id);
    expect(after.status).toBe("ACCEPTED");
    expect(after.history).toHaveLength(2);
  });

  it("registers once per idempotency key", async () => {
    const count = async () => (await ok(`{ petitions { totalCount } }`)).petitions.totalCount;
    const before = await count();
    const first = await register({}, "key-register-0001");
    const replay = await register({}, "key-register-0001");
    expect(replay.id).toBe(first.id);
    expect(await count()).toBe(before + 1);
    const other = await t
      .as("bureau")
      .query(
        `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input, idempotencyKey: "key-register-0001") { id } }`,
        {
          input: registerInput({ title: "另一件事" }),
        },
      );
    expect(other.errors?.[0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "idempotencyKey",
    });
    expect(await count()).toBe(before + 1);
  });

  it("keeps the unfiltered totalCount exact: counted once, then one more per registration, even concurrent ones", async () => {
    const counted = async () => {
      const [row] = await t.system.subgraphs.bureau!.database.dataSource.query(
        "SELECT COUNT(*) AS n FROM petition",
      );
      return Number(row.n);
    };
    const total = async () =>
      (await ok(`{ petitions(first: 0) { totalCount } }`)).petitions.totalCount;
    expect(await total()).toBe(await counted());
    await Promise.all([
      register(),
      register({ title: "同时登记的另一件" }),
      register({ title: "同时登记的第三件" }),
    ]);
    expect(await total()).toBe(await counted());
    const filtered = await ok(`{ petitions(first: 0, filter: {}) { totalCount } }`);
    expect(filtered.petitions.totalCount).toBe(await counted());
  });

  it("refuses invalid input naming the field, storing nothing", async () => {
    const count = async () => (await ok(`{ petitions { totalCount } }`)).petitions.totalCount;
    const before = await count();
    const bad: [Record<string, unknown>, string][] = [
      [
        { petitioners: [{ name: "王建国", idNumber: validIdNumber().slice(0, 17) + "0" }] },
        "input.petitioners[0].idNumber",
      ],
      [
        { petitioners: [{ name: "王建国", idNumber: "131028" + "19701332" + "1231" }] },
        "input.petitioners[0].idNumber",
      ],
      [{ petitioners: [{ name: "王建国", phone: "12345" }] }, "input.petitioners[0].phone"],
      [{ petitioners: [{ name: "  " }] }, "input.petitioners[0].name"],
      [{ petitioners: [] }, "input.petitioners"],
      [{ headcount: 0 }, "input.headcount"],
      [{ title: "x" }, "input.title"],
      [{ receivedAt: addDays(START, 2).toISOString() }, "input.receivedAt"],
      [{ townId: "99" }, "townId"],
      [{ repeatOf: "999999" }, "input.repeatOf"],
      [{ sourceMessageId: "999999" }, "sourceMessageId"],
    ];
    for (const [over, field] of bad) {
      const res = await t
        .as("bureau")
        .query(
          `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { id } }`,
          { input: registerInput(over) },
        );
      expect({ over, ext: res.errors?.[0].extensions }).toMatchObject({
        over,
        ext: { code: "BAD_USER_INPUT", field },
      });
    }
    expect(await count()).toBe(before);
  });

  it("records visits, collective from five people, and backlog assignments", async () => {
    // a petitioner of their own: the others' wage claims make this one's people no first-timers
    const p = await register({
      headcount: 6,
      petitioners: [{ name: "李集体", idNumber: validIdNumber("19800202", "456") }],
    });
    expect(p.collective).toBe(true);
    const visit = await ok(
      `mutation($input: VisitInput!) { recordVisit(input: $input) { level headcount collective firstTime petition { id } } }`,
      {
        input: { petitionId: p.id, receivedAt: START.toISOString(), level: "COUNTY", headcount: 6 },
      },
    );
    expect(visit.recordVisit).toMatchObject({
      level: "COUNTY",
      headcount: 6,
      collective: true,
      firstTime: true,
      petition: { id: p.id },
    });
    const zero = await t
      .as("bureau")
      .query(`mutation($input: VisitInput!) { recordVisit(input: $input) { id } }`, {
        input: { petitionId: p.id, receivedAt: START.toISOString(), level: "COUNTY", headcount: 0 },
      });
    expect(zero.errors?.[0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "input.headcount",
    });
    const backlog = await ok(
      `mutation($id: ID!) { assignBacklog(petitionId: $id, batch: 2, leadLeaderId: "1") { batch leadLeader { name } petition { id backlog { batch } } } }`,
      { id: p.id },
    );
    expect(backlog.assignBacklog).toMatchObject({
      batch: 2,
      petition: { id: p.id, backlog: { batch: 2 } },
    });
    expect(typeof backlog.assignBacklog.leadLeader.name).toBe("string");
    const again = await t
      .as("bureau")
      .query(
        `mutation($id: ID!) { assignBacklog(petitionId: $id, batch: 3, leadLeaderId: "1") { id } }`,
        { id: p.id },
      );
    expect(again.errors?.[0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "petitionId",
    });
    const noLeader = await t
      .as("bureau")
      .query(`mutation { assignBacklog(petitionId: "1", batch: 1, leadLeaderId: "9999") { id } }`);
    expect(noLeader.errors?.[0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "leadLeaderId",
    });
  });

  it("merges a duplicate into another petition, moving nothing else", async () => {
    const a = await register();
    const b = await register();
    const merged = (
      await step("mergePetition(id: $id, version: $version, intoId: $into)", "$into: ID!", {
        id: b.id,
        version: b.version,
        into: a.id,
      })
    ).data.mergePetition;
    expect(merged.status).toBe("MERGED");
    const view = await ok(
      `query($id: ID!) { petition(id: $id) { duplicateOf { id } petitioners { name } } }`,
      { id: b.id },
    );
    expect(view.petition.duplicateOf.id).toBe(a.id);
    expect(view.petition.petitioners).toHaveLength(1);
    const self = await step(
      "mergePetition(id: $id, version: $version, intoId: $into)",
      "$into: ID!",
      { id: a.id, version: a.version, into: a.id },
    );
    expect(self.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "intoId" });
  });

  it("links a petition to the message it came from, and closes an evaluated case within the review window", async () => {
    const posted = (
      await ok(
        `mutation { postMessage(title: "工资被拖欠", content: "某工地拖欠工资三个月未发。", category: WAGE_ARREARS) { id } }`,
        {},
        "public",
      )
    ).postMessage;
    let p = await register({ channel: "ONLINE", sourceMessageId: posted.id });
    const message = await ok(`query($id: ID!) { onlineMessage(id: $id) { petition { id } } }`, {
      id: posted.id,
    });
    expect(message.onlineMessage.petition.id).toBe(p.id);
    const view = await ok(`query($id: ID!) { petition(id: $id) { onlineMessages { id } } }`, {
      id: p.id,
    });
    expect(view.petition.onlineMessages.map((m: any) => m.id)).toEqual([posted.id]);
    const twice = await t
      .as("bureau")
      .query(
        `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { id } }`,
        { input: registerInput({ sourceMessageId: posted.id }) },
      );
    expect(twice.errors?.[0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "input.sourceMessageId",
    });

    const early = await t
      .as("service-center")
      .query(`mutation($id: ID!) { evaluatePetition(petitionId: $id, rating: SATISFIED) { id } }`, {
        id: p.id,
      });
    expect(early.errors?.[0].extensions?.rule).toBe("evaluate-after-reply");
    p = (
      await step(
        "acceptPetition(id: $id, version: $version, responsibleUnit: $unit)",
        "$unit: String!",
        { id: p.id, version: p.version, unit: "县人社局" },
      )
    ).data.acceptPetition;
    p = (
      await step("startHandling(id: $id, version: $version)", "", { id: p.id, version: p.version })
    ).data.startHandling;
    expect(p.status).toBe("IN_PROGRESS");
    p = (
      await step("replyToPetition(id: $id, version: $version, reply: $reply)", "$reply: String!", {
        id: p.id,
        version: p.version,
        reply: "工资已足额发放。",
      })
    ).data.replyToPetition;
    const tooSoon = await step("closePetition(id: $id, version: $version)", "", {
      id: p.id,
      version: p.version,
    });
    expect(tooSoon.errors?.[0].extensions?.rule).toBe("close-after-window");
    const evaluation = await ok(
      `mutation($id: ID!) { evaluatePetition(petitionId: $id, rating: BASICALLY_SATISFIED) { rating petition { id status } } }`,
      { id: p.id },
      "service-center",
    );
    expect(evaluation.evaluatePetition).toMatchObject({
      rating: "BASICALLY_SATISFIED",
      petition: { id: p.id, status: "REPLIED" },
    });
    const closed = (
      await step("closePetition(id: $id, version: $version)", "", { id: p.id, version: p.version })
    ).data.closePetition;
    expect(closed.status).toBe("CLOSED");
  });
});
