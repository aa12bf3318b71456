import { DEMO_AS_OF_LAST, DEMO_DATA_END, DEMO_DATA_START, loadConfig } from "../common/config";
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

  it("is refused outside the days the demo data covers, with the span in the message", () => {
    // years after the data every open item would be years overdue; before it, today would
    // precede records already made
    for (const day of ["2026-11-27", "2018-02-01", "2015-12-31", "2000-01-01"])
      expect(() => loadConfig({ DEMO_AS_OF: day })).toThrow(
        `DEMO_AS_OF must be a day the demo data covers, ${DEMO_DATA_START} to ${DEMO_AS_OF_LAST}`,
      );
    for (const day of [DEMO_DATA_START, "2016-07-15", DEMO_AS_OF_LAST])
      expect(loadConfig({ DEMO_AS_OF: day }).demoAsOf).toBe(day);
    // off, or without the demo data, any real date goes
    expect(loadConfig({ DEMO_AS_OF: "off" }).demoAsOf).toBeNull();
    expect(loadConfig({ DEMO_DATA: "off", DEMO_AS_OF: "2026-11-27" }).demoAsOf).toBeNull();
  });

  describe("with the default dataset", () => {
    let t: TestSystem;
    beforeAll(async () => {
      t = await startTestSystem({ env: { DEMO_AS_OF: "2017-12-31" } });
    });
    afterAll(async () => {
      await t?.stop();
    });

    it("spans the days the settings allow: its first record on DEMO_DATA_START, its last by DEMO_DATA_END", async () => {
      const days: string[] = [];
      const parts = t.system.subgraphs;
      for (const [part, sql] of [
        [parts.bureau, "SELECT MIN(received_at) AS first, MAX(received_at) AS last FROM petition"],
        [parts.bureau, "SELECT MIN(received_at) AS first, MAX(received_at) AS last FROM visit"],
        [parts.bureau, "SELECT MIN(at) AS first, MAX(at) AS last FROM status_change"],
        [
          parts.masswork,
          "SELECT MIN(reported_at) AS first, MAX(reported_at) AS last FROM risk_item",
        ],
        [
          parts.masswork,
          "SELECT MIN(received_at) AS first, MAX(received_at) AS last FROM reception",
        ],
        [
          parts["service-center"],
          "SELECT MIN(posted_at) AS first, MAX(posted_at) AS last FROM online_message",
        ],
        [
          parts["service-center"],
          "SELECT MIN(received_at) AS first, MAX(received_at) AS last FROM hotline_call",
        ],
      ] as const) {
        const [row] = await part!.database.dataSource.query(sql);
        for (const v of [row.first, row.last]) {
          const at = v instanceof Date ? v : new Date(`${String(v).replace(" ", "T")}Z`);
          // the county's day of it
          days.push(new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10));
        }
      }
      days.sort();
      expect([days[0], days[days.length - 1]]).toEqual([DEMO_DATA_START, DEMO_DATA_END]);
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
