import { FixedClock } from "../common/time";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * 受理 after the 15-day window is allowed (the matter must still be decided) but recorded as
 * late: the petition says by how many days, and the step's history line says so (issue 16).
 */
const START = new Date("2026-03-02T02:00:00.000Z");
const DAY = 24 * 3600_000;

describe("a decision after the 15-day acceptance window", () => {
  let t: TestSystem;
  const clock = new FixedClock(START);
  beforeAll(async () => {
    t = await startTestSystem({ clock });
  });
  afterAll(async () => {
    await t?.stop();
  });
  beforeEach(() => clock.set(START));

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
