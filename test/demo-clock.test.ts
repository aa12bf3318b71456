import { loadConfig } from "../common/config";
import { demoClock } from "../common/time";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * The demo data ends on 2017-12-31. Run with the real date, every open item of it would be
 * years overdue; the demo's clock makes "today" the data's last day (DEMO_AS_OF), so a newcomer
 * sees what an office sees: most open items within their time, some overdue.
 */
describe("the demo's clock", () => {
  it("is the given day in the county's time zone, with the real time of day, running on", () => {
    let real = Date.parse("2026-11-26T21:30:00+08:00");
    const clock = demoClock("2017-12-31", () => real);
    expect(clock.now().toISOString()).toBe(new Date("2017-12-31T21:30:00+08:00").toISOString());
    real += 3 * 60 * 60 * 1000; // past midnight in the county: the demo's next day
    expect(clock.now().toISOString()).toBe(new Date("2018-01-01T00:30:00+08:00").toISOString());
    // parts started at other times of the same real day agree
    const later = demoClock("2017-12-31", () => Date.parse("2026-11-26T23:59:00+08:00"));
    expect(later.now().toISOString()).toBe(new Date("2017-12-31T23:59:00+08:00").toISOString());
  });

  it("is on with the demo data outside production, off when asked, refused in production", () => {
    expect(loadConfig({}).demoAsOf).toBe("2017-12-31");
    expect(loadConfig({ DEMO_AS_OF: "2017-10-01" }).demoAsOf).toBe("2017-10-01");
    expect(loadConfig({ DEMO_AS_OF: "off" }).demoAsOf).toBeNull();
    expect(loadConfig({ DEMO_DATA: "off" }).demoAsOf).toBeNull();
    expect(loadConfig({ NODE_ENV: "production" }).demoAsOf).toBeNull();
    expect(() => loadConfig({ NODE_ENV: "production", DEMO_AS_OF: "2017-12-31" })).toThrow(
      /refused in production/,
    );
    expect(() => loadConfig({ DEMO_AS_OF: "31.12.2017" })).toThrow(/YYYY-MM-DD/);
  });

  describe("with the default dataset", () => {
    let t: TestSystem;
    beforeAll(async () => {
      t = await startTestSystem({ env: { DEMO_AS_OF: "2017-12-31" } });
    });
    afterAll(async () => {
      await t?.stop();
    });

    it("shows open items as a mix of on-time and overdue, not all overdue", async () => {
      const open = ["REGISTERED", "ACCEPTED", "IN_PROGRESS", "UNDER_REVIEW", "UNDER_RECHECK"];
      const count = async (overdue: boolean) => {
        const res = await t
          .as("leader")
          .query(`query($f: PetitionFilter) { petitions(filter: $f, first: 1) { totalCount } }`, {
            f: { status: open, overdue },
          });
        expect(res.errors).toBeUndefined();
        return res.data.petitions.totalCount as number;
      };
      const late = await count(true);
      const onTime = await count(false);
      expect(onTime).toBeGreaterThan(0);
      expect(late).toBeGreaterThan(0);
      expect(onTime).toBeGreaterThan(late);
    });

    it("dates what a clerk registers today on the demo's day", async () => {
      const res = await t
        .as("bureau")
        .query(
          `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { receivedAt acceptanceDeadline } }`,
          {
            input: {
              title: "演示时钟测试事项",
              content: "关于村内道路修缮的诉求。",
              channel: "LETTER",
              source: "COUNTY_INTAKE",
              category: "LAND_ACQUISITION",
              townId: "1",
              petitioners: [{ name: "演示人" }],
            },
          },
        );
      expect(res.errors).toBeUndefined();
      const received = new Date(res.data.registerPetition.receivedAt);
      const day = new Date(received.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
      expect(["2017-12-31", "2018-01-01"]).toContain(day);
    });
  });
});
