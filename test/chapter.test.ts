import { FixedClock } from "../common/time";
import { change, replyRateText } from "../subgraphs/bureau/services/chapter";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * annualReport(year).chapter on the default dataset: the yearbook's 概况 and sections with the
 * yearbook's numbers (DOMAIN.md), written from the records; while a department it needs is
 * down it is null, and the report's other fields answer.
 */
describe("the yearbook chapter written from the records", () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem({ clock: new FixedClock(new Date("2018-03-01T02:00:00Z")) });
  }, 300_000);
  afterAll(async () => {
    await t?.stop();
  });

  it("holds every number of the 2017 yearbook, in its style and units", async () => {
    const res = await t.as("leader").query(`{ annualReport(year: 2017) { chapter } }`);
    expect(res.errors).toBeUndefined();
    const text: string = res.data.annualReport.chapter;
    for (const phrase of [
      "接待群众来访1451件次8498人次,同比件次上升12.7%",
      "(初访:354件1832人,同比件次上升44.5%)",
      "集体访310批次6361人次,同比批次上升11.1%",
      // the one number no record can give: 90 over a whole number of 2016 batches is never
      // +32.3% (68 gives +32.4%, README "Data"); the chapter says what the records say
      "(初访:90批1478人,同比批次上升32.4%)",
      "受理国家、省、市转送网上信访事项203件次,同比件次上升147.6%",
      "发生赴市以上越级访210件次,同比件次上升32.1%",
      "其中进京访65件次,同比件次上升62.5%",
      "赴省访41件次,同比件次持平",
      "到市访104件次,同比件次上升33.3%",
      "累计排查矛盾隐患225件,化解175件,没有1起矛盾激化情况发生",
      "县级党政领导干部接待来访群众56件次1067人次",
      "收到群众网络留言2000条,回复处理率80%以上",
      "分3批对76件次重点信访案件进行集中交办",
      "梳理汇总社情民意60条",
    ])
      expect(text).toContain(phrase);
    // nothing the records do not hold
    expect(text).not.toMatch(/非正常上访|拘留|逮捕|训诫/);
  });

  it("rounds as the yearbook rounds", () => {
    expect(change("件次", 0.12744)).toBe(",同比件次上升12.7%");
    expect(change("批次", -0.03)).toBe(",同比批次下降3.0%");
    expect(change("件次", 0.00001)).toBe(",同比件次持平");
    expect(change("件次", null)).toBe("");
    expect(replyRateText(0.8123)).toBe("80%以上");
    expect(replyRateText(1)).toBe("100%");
  });

  it("is null, with the outage named, while a department it needs is down; the rest answers", async () => {
    await t.system.subgraphs.masswork!.stop();
    const res = await t
      .as("leader")
      .query(`{ annualReport(year: 2017) { visits { all { count } } chapter } }`);
    expect(res.data.annualReport.visits.all.count).toBe(1451);
    expect(res.data.annualReport.chapter).toBeNull();
    expect(res.errors?.map((e) => e.extensions?.code)).toContain("SUBGRAPH_UNAVAILABLE");
  });
});
