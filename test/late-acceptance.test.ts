import { FixedClock } from "../common/time";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * 受理 after the 15-day window is allowed (the matter must still be decided) but recorded as
 * late: the petition says by how many days, and the step's history line says so (issue 16).
 */
const START = new Date("2026-03-02T02:00:00.000Z");
const DAY = 24 * 3600_000;

// one system for both parts: each test registers the petitions it reads
let t: TestSystem;
const clock = new FixedClock(START);
beforeAll(async () => {
  t = await startTestSystem({ clock });
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(() => clock.set(START));

describe("a decision after the 15-day acceptance window", () => {
  async function register(): Promise<{ id: string; version: number }> {
    const res = await t
      .as("bureau")
      .query(
        `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { id version decidedLateByDays } }`,
        {
          input: {
            title: "逾期受理测试",
            content: "关于村道维修的诉求,请予处理。",
            channel: "LETTER",
            source: "COUNTY_INTAKE",
            category: "OTHER",
            townId: "1",
            petitioners: [{ name: "周逾期" }],
          },
        },
      );
    expect(res.errors).toBeUndefined();
    expect(res.data.registerPetition.decidedLateByDays).toBeNull();
    return res.data.registerPetition;
  }
  const DECIDED = `decidedLateByDays acceptanceDeadline history { to note }`;

  it("accepts on day 18 and records it as 3 days late", async () => {
    const p = await register();
    clock.set(new Date(START.getTime() + 18 * DAY));
    const res = await t
      .as("bureau")
      .query(
        `mutation($id: ID!, $v: Int!) { acceptPetition(id: $id, version: $v, responsibleUnit: "县交通局") { status ${DECIDED} } }`,
        { id: p.id, v: p.version },
      );
    expect(res.errors).toBeUndefined();
    const a = res.data.acceptPetition;
    expect(a.status).toBe("ACCEPTED");
    expect(a.decidedLateByDays).toBe(3);
    expect(a.history.find((h: { to: string }) => h.to === "ACCEPTED").note).toBe(
      "县交通局; late: decided 3 days after the 15-day window",
    );
  });

  it("accepts on day 10 in time, and declines on day 16 one day late", async () => {
    const inTime = await register();
    clock.set(new Date(START.getTime() + 10 * DAY));
    const a = await t
      .as("bureau")
      .query(
        `mutation($id: ID!, $v: Int!) { acceptPetition(id: $id, version: $v, responsibleUnit: "县交通局") { ${DECIDED} } }`,
        { id: inTime.id, v: inTime.version },
      );
    expect(a.data.acceptPetition.decidedLateByDays).toBe(0);
    expect(
      a.data.acceptPetition.history.find((h: { to: string }) => h.to === "ACCEPTED").note,
    ).toBe("县交通局");

    clock.set(START);
    const late = await register();
    clock.set(new Date(START.getTime() + 15 * DAY + 3600_000));
    const d = await t
      .as("bureau")
      .query(
        `mutation($id: ID!, $v: Int!) { declinePetition(id: $id, version: $v, reason: "不属于信访受理范围") { status ${DECIDED} } }`,
        { id: late.id, v: late.version },
      );
    expect(d.errors).toBeUndefined();
    expect(d.data.declinePetition.decidedLateByDays).toBe(1);
    expect(
      d.data.declinePetition.history.find((h: { to: string }) => h.to === "DECLINED").note,
    ).toBe("不属于信访受理范围; late: decided 1 day after the 15-day window");
  });
});

/**
 * The same for the later steps: a reply after the due date (its extension included) and a
 * review or re-review decided after its 30 days are taken, and say by how many days they were
 * late, on the record and in the history line.
 */
describe("a reply and review decisions after their deadlines", () => {
  const on = (days: number) => clock.set(new Date(START.getTime() + days * DAY));

  const STATE = `id version status repliedLateByDays dueAt
    reviews { kind dueAt decidedLateByDays } history { to note }`;
  async function step(call: string, p: { id: string; version: number }, args = "") {
    const res = await t
      .as("bureau")
      .query(`mutation($id: ID!, $v: Int!) { ${call}(id: $id, version: $v${args}) { ${STATE} } }`, {
        id: p.id,
        v: p.version,
      });
    expect(res.errors).toBeUndefined();
    return res.data[call];
  }
  /** registered and accepted at START: the reply is due on day 60 */
  async function accepted() {
    const res = await t
      .as("bureau")
      .query(
        `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { id version } }`,
        {
          input: {
            title: "逾期答复测试",
            content: "关于村内路灯损坏的诉求,请予处理。",
            channel: "LETTER",
            source: "COUNTY_INTAKE",
            category: "OTHER",
            townId: "1",
            petitioners: [{ name: "吴答复" }],
          },
        },
      );
    expect(res.errors).toBeUndefined();
    return step("acceptPetition", res.data.registerPetition, `, responsibleUnit: "县城管局"`);
  }
  const noteTo = (p: any, to: string) =>
    p.history.filter((h: { to: string }) => h.to === to).pop().note;

  it("replies in time: 0 days late, the history line is the reply; not replied: null", async () => {
    const p = await accepted();
    expect(p.repliedLateByDays).toBeNull();
    on(59);
    const r = await step("replyToPetition", p, `, reply: "路灯已修复"`);
    expect(r.repliedLateByDays).toBe(0);
    expect(noteTo(r, "REPLIED")).toBe("路灯已修复");
  });

  it("replies two days after an extended due date and a review three days late; a re-review in time", async () => {
    const p = await step("startHandling", await accepted());
    on(50);
    const extended = await step("extendDeadline", p, `, reason: "需现场勘查", days: 10`);
    expect(extended.dueAt).toBe(new Date(START.getTime() + 70 * DAY).toISOString());
    // a day and a half after the extended due date: a part of a day counts as one
    on(71.5);
    const replied = await step("replyToPetition", extended, `, reply: "路灯已修复"`);
    expect(replied.status).toBe("REPLIED");
    expect(replied.repliedLateByDays).toBe(2);
    expect(noteTo(replied, "REPLIED")).toBe("路灯已修复; late: replied 2 days after the due date");

    on(72);
    const review = await step("requestReview", replied, ", kind: REVIEW");
    expect(review.reviews).toEqual([
      {
        kind: "REVIEW",
        dueAt: new Date(START.getTime() + 102 * DAY).toISOString(),
        decidedLateByDays: null,
      },
    ]);
    on(105);
    const decided = await step("decideReview", review, `, outcome: "维持原答复意见"`);
    expect(decided.reviews.map((r: any) => r.decidedLateByDays)).toEqual([3]);
    expect(noteTo(decided, "REPLIED")).toBe(
      "维持原答复意见; late: decided 3 days after the 30-day review (复查) period",
    );
    // the reply's own lateness stays what it was
    expect(decided.repliedLateByDays).toBe(2);

    on(106);
    const recheck = await step("requestReview", decided, ", kind: RECHECK");
    on(136);
    const closed = await step("decideReview", recheck, `, outcome: "复核维持"`);
    expect(closed.status).toBe("CLOSED");
    expect(closed.reviews.map((r: any) => [r.kind, r.decidedLateByDays])).toEqual([
      ["REVIEW", 3],
      ["RECHECK", 0],
    ]);
    expect(noteTo(closed, "CLOSED")).toBe("复核维持");
  });

  it("marks a re-review decided a day late, a part of a day counting as one", async () => {
    let p = await step("startHandling", await accepted());
    on(10);
    p = await step("replyToPetition", p, `, reply: "路灯已修复"`);
    p = await step("requestReview", p, ", kind: REVIEW");
    on(20);
    p = await step("decideReview", p, `, outcome: "维持原答复意见"`);
    p = await step("requestReview", p, ", kind: RECHECK");
    on(50 + 1 / 24);
    p = await step("decideReview", p, `, outcome: "复核维持"`);
    expect(p.reviews.map((r: any) => r.decidedLateByDays)).toEqual([0, 1]);
    expect(noteTo(p, "CLOSED")).toBe(
      "复核维持; late: decided 1 day after the 30-day re-review (复核) period",
    );
  });
});
