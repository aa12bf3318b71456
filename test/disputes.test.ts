import { FixedClock } from "../common/time";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * Dispute screening (矛盾隐患排查) through the gateway: a dispute's course (report, escalate,
 * resolve, reopen), the paginated list, and the weekly report.
 */

// a Monday, 10:00 in the county (UTC+8): years after the demo data's last record
const START = "2026-03-02T02:00:00.000Z";

const FIELDS =
  "id status version reportedAt resolvedAt escalatedAt escalation reopenedAt reopenReason";
const REPORT = `mutation($townId: ID!, $category: PetitionCategory!, $description: String!) {
  reportRiskItem(townId: $townId, category: $category, description: $description) { ${FIELDS} } }`;
const ESCALATE = `mutation($id: ID!, $version: Int!, $whatHappened: String!) {
  escalateRiskItem(id: $id, version: $version, whatHappened: $whatHappened) { ${FIELDS} } }`;
const RESOLVE = `mutation($id: ID!, $version: Int) { resolveRiskItem(id: $id, version: $version) { ${FIELDS} } }`;
const REOPEN = `mutation($id: ID!, $version: Int!, $reason: String!) {
  reopenRiskItem(id: $id, version: $version, reason: $reason) { ${FIELDS} } }`;

describe("dispute screening through the gateway", () => {
  const clock = new FixedClock(new Date(START));
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem({ clock });
  });
  afterAll(async () => {
    await t?.stop();
  });
  beforeEach(() => clock.set(START));

  const db = () => t.system.subgraphs.masswork!.database.dataSource;

  /** the stored row and the table's size, to prove a refusal stored nothing */
  async function snapshot(id: string) {
    const [row] = await db().query("SELECT * FROM risk_item WHERE id = ?", [Number(id)]);
    const [{ n }] = await db().query("SELECT COUNT(*) AS n FROM risk_item");
    const changes = await history(id);
    return { row, n: Number(n), changes };
  }

  /** the steps of an item's course, oldest first */
  async function history(id: string) {
    const rows = await db().query(
      "SELECT from_status, to_status, note, actor FROM risk_item_change WHERE risk_item_id = ? ORDER BY id",
      [Number(id)],
    );
    return rows.map((r: any) => ({ ...r }));
  }

  async function ok(query: string, variables: Record<string, unknown>, role = "masswork") {
    const res = await t.as(role as "masswork").query(query, variables);
    expect(res.errors).toBeUndefined();
    return Object.values(res.data)[0] as any;
  }

  async function report(
    townId = "1",
    category = "LAND_ACQUISITION",
    description = "村东头宅基地界址纠纷,涉及两户",
  ) {
    return ok(REPORT, { townId, category, description });
  }

  /** The mutation is refused with these extensions, and the item and the table are unchanged. */
  async function refused(
    query: string,
    variables: Record<string, unknown>,
    expected: Record<string, unknown>,
    role: "masswork" | "bureau" | "anonymous" = "masswork",
  ) {
    const id = String(variables.id);
    const before = /^[0-9]+$/.test(id) ? await snapshot(id) : null;
    const res = await t.as(role).query(query, variables);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0].extensions).toMatchObject(expected);
    if (before) expect(await snapshot(id)).toEqual(before);
  }

  describe("a dispute's course", () => {
    it("escalates an OPEN item with what happened and when", async () => {
      const item = await report();
      expect(item).toMatchObject({ status: "OPEN", version: 1, escalatedAt: null });
      clock.set("2026-03-03T06:30:00.000Z");
      const escalated = await ok(ESCALATE, {
        id: item.id,
        version: 1,
        whatHappened: "  双方发生肢体冲突,村委会报警  ",
      });
      expect(escalated).toEqual({
        ...item,
        status: "ESCALATED",
        version: 2,
        escalatedAt: "2026-03-03T06:30:00.000Z",
        escalation: "双方发生肢体冲突,村委会报警",
      });
      const { row } = await snapshot(item.id);
      expect(row.status).toBe("ESCALATED");
      expect(row.escalation).toBe("双方发生肢体冲突,村委会报警");
      expect(Number(row.version)).toBe(2);
      expect(await history(item.id)).toEqual([
        {
          from_status: "OPEN",
          to_status: "ESCALATED",
          note: "双方发生肢体冲突,村委会报警",
          actor: "masswork-1",
        },
      ]);
    });

    it("escalates and reopens only with the version read; resolving may leave it out", async () => {
      const item = await report();
      for (const query of [
        `mutation($id: ID!) { escalateRiskItem(id: $id, whatHappened: "聚集上访") { id } }`,
        `mutation($id: ID!) { reopenRiskItem(id: $id, reason: "重新调解") { id } }`,
      ])
        await refused(query, { id: item.id }, { code: "GRAPHQL_VALIDATION_FAILED" });
      // the public contract's resolveRiskItem(id) has no version
      expect(await ok(RESOLVE, { id: item.id })).toMatchObject({ status: "RESOLVED", version: 2 });
    });

    it("refuses an escalation read before a resolve and a reopen, though the item is OPEN again", async () => {
      const item = await report();
      // clerk A reads version 1; meanwhile clerk B settles it and it is opened again
      await ok(RESOLVE, { id: item.id, version: 1 });
      await ok(REOPEN, { id: item.id, version: 2, reason: "调解协议未履行" });
      await refused(
        ESCALATE,
        { id: item.id, version: 1, whatHappened: "聚集上访十余人" },
        { code: "CONFLICT", expectedVersion: 1, currentVersion: 3 },
      );
      // and a reopen read before the last change likewise
      await ok(RESOLVE, { id: item.id, version: 3 });
      await refused(
        REOPEN,
        { id: item.id, version: 3, reason: "再次重开" },
        { code: "CONFLICT", expectedVersion: 3, currentVersion: 4 },
      );
    });

    it("reopens a RESOLVED item with the reason, clearing its settlement", async () => {
      const item = await report();
      clock.set("2026-03-04T02:00:00.000Z");
      const resolved = await ok(RESOLVE, { id: item.id, version: 1 });
      expect(resolved).toMatchObject({
        status: "RESOLVED",
        version: 2,
        resolvedAt: "2026-03-04T02:00:00.000Z",
      });
      clock.set("2026-03-05T02:00:00.000Z");
      const reopened = await ok(REOPEN, { id: item.id, version: 2, reason: "调解协议未履行" });
      expect(reopened).toEqual({
        ...item,
        status: "OPEN",
        version: 3,
        resolvedAt: null,
        reopenedAt: "2026-03-05T02:00:00.000Z",
        reopenReason: "调解协议未履行",
      });
      // and it can be settled again; the history keeps every step
      expect(await ok(RESOLVE, { id: item.id, version: 3 })).toMatchObject({
        status: "RESOLVED",
        version: 4,
      });
      expect(
        (await history(item.id)).map((h: any) => [h.from_status, h.to_status, h.note]),
      ).toEqual([
        ["OPEN", "RESOLVED", null],
        ["RESOLVED", "OPEN", "调解协议未履行"],
        ["OPEN", "RESOLVED", null],
      ]);
    });

    it("reopens an ESCALATED item, keeping what happened on record", async () => {
      const item = await report();
      await ok(ESCALATE, { id: item.id, version: 1, whatHappened: "聚集上访十余人" });
      const reopened = await ok(REOPEN, { id: item.id, version: 2, reason: "重新组织调解" });
      expect(reopened).toMatchObject({
        status: "OPEN",
        version: 3,
        escalation: "聚集上访十余人",
        reopenReason: "重新组织调解",
      });
      expect(reopened.escalatedAt).toBe(START);
    });

    it("refuses wrong moves by rule, storing nothing", async () => {
      const resolved = await report();
      await ok(RESOLVE, { id: resolved.id });
      const escalated = await report();
      await ok(ESCALATE, { id: escalated.id, version: 1, whatHappened: "聚集上访十余人" });
      const open = await report();
      const rule = (name: string) => ({ code: "PROCEDURE_VIOLATION", rule: name });
      await refused(
        ESCALATE,
        { id: resolved.id, version: 2, whatHappened: "再次冲突" },
        rule("risk-item-open"),
      );
      await refused(
        ESCALATE,
        { id: escalated.id, version: 2, whatHappened: "再次冲突" },
        rule("risk-item-open"),
      );
      await refused(RESOLVE, { id: escalated.id }, rule("risk-item-open"));
      await refused(RESOLVE, { id: resolved.id }, rule("risk-item-open"));
      await refused(
        REOPEN,
        { id: open.id, version: 1, reason: "群众不满意" },
        rule("risk-item-not-open"),
      );
    });

    it("refuses a stale version with CONFLICT, storing nothing", async () => {
      const item = await report();
      await ok(ESCALATE, { id: item.id, version: 1, whatHappened: "聚集上访十余人" });
      await refused(
        REOPEN,
        { id: item.id, version: 1, reason: "重新组织调解" },
        {
          code: "CONFLICT",
          expectedVersion: 1,
          currentVersion: 2,
        },
      );
      const other = await report();
      await refused(
        ESCALATE,
        { id: other.id, version: 7, whatHappened: "冲突" },
        { code: "CONFLICT" },
      );
      await refused(RESOLVE, { id: other.id, version: 2 }, { code: "CONFLICT" });
    });

    it("refuses bad input naming the field, storing nothing", async () => {
      const item = await report();
      const bad = (field: string) => ({ code: "BAD_USER_INPUT", field });
      await refused(
        ESCALATE,
        { id: item.id, version: 1, whatHappened: " \u200b " },
        bad("whatHappened"),
      );
      await refused(
        ESCALATE,
        { id: item.id, version: 1, whatHappened: "x".repeat(2001) },
        bad("whatHappened"),
      );
      await refused(
        ESCALATE,
        { id: item.id, version: 1, whatHappened: "冲突\u0007" },
        bad("whatHappened"),
      );
      await refused(ESCALATE, { id: item.id, version: 0, whatHappened: "冲突" }, bad("version"));
      await refused(REOPEN, { id: item.id, version: 1, reason: "" }, bad("reason"));
      await refused(ESCALATE, { id: "abc", version: 1, whatHappened: "冲突" }, bad("id"));
      await refused(REOPEN, { id: "-1", version: 1, reason: "重新调解" }, bad("id"));
      await refused(
        ESCALATE,
        { id: "99999999", version: 1, whatHappened: "冲突" },
        { code: "NOT_FOUND" },
      );
    });

    it("lets only mass-work staff change a dispute", async () => {
      const item = await report();
      await refused(
        ESCALATE,
        { id: item.id, version: 1, whatHappened: "冲突" },
        { code: "FORBIDDEN" },
        "bureau",
      );
      await refused(
        REOPEN,
        { id: item.id, version: 1, reason: "重新调解" },
        { code: "UNAUTHENTICATED" },
        "anonymous",
      );
    });

    it("of two clerks escalating and resolving one item at once, exactly one wins", async () => {
      for (let round = 0; round < 6; round++) {
        const item = await report();
        // the escalation passes the version read; the resolve does in odd rounds only (a
        // versionless resolve that loses finds the item no longer OPEN: PROCEDURE_VIOLATION)
        const version = round % 2 ? 1 : null;
        const answers = await Promise.all([
          t
            .as("masswork", "clerk-a")
            .query(ESCALATE, { id: item.id, version: 1, whatHappened: "聚集上访" }),
          t.as("masswork", "clerk-b").query(RESOLVE, { id: item.id, version }),
        ]);
        const winners = answers.filter((a) => !a.errors);
        const losers = answers.filter((a) => a.errors);
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(1);
        const won = Object.values(winners[0].data)[0] as any;
        expect(losers[0].errors![0].extensions!.code).toBe(
          version || won.status === "RESOLVED" ? "CONFLICT" : "PROCEDURE_VIOLATION",
        );
        const { row } = await snapshot(item.id);
        expect(row.status).toBe(won.status);
        expect(Number(row.version)).toBe(2);
        // the loser's change is nowhere in the row
        if (won.status === "RESOLVED") expect(row.escalated_at).toBeNull();
        else expect(row.resolved_at).toBeNull();
        const steps = await history(item.id);
        expect(steps).toHaveLength(1);
        expect(steps[0].to_status).toBe(won.status);
      }
    });
  });
  describe("the paginated list", () => {
    const PAGE = `query($filter: RiskItemFilter, $first: Int, $after: String) {
      riskItemPage(filter: $filter, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { id status category reportedAt town { id name } } } } }`;

    /** every page from the start, following the cursors */
    async function walk(filter: Record<string, unknown> | null, first: number) {
      const nodes: any[] = [];
      const totals = new Set<number>();
      let pages = 0;
      for (let after: string | null = null; ; pages++) {
        const res: any = await t.as("leader").query(PAGE, { filter, first, after });
        expect(res.errors).toBeUndefined();
        const page: any = res.data.riskItemPage;
        totals.add(page.totalCount);
        expect(page.edges.length).toBeLessThanOrEqual(first);
        nodes.push(...page.edges.map((e: any) => e.node));
        if (!page.pageInfo.hasNextPage) break;
        expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1].cursor);
        after = page.pageInfo.endCursor;
      }
      expect(totals.size).toBe(1);
      return { nodes, total: [...totals][0], pages: pages + 1 };
    }

    it("walks every item once, newest reported first, with the right totalCount", async () => {
      // items reported at the same moment: the id breaks the tie
      for (let i = 0; i < 5; i++) await report("2");
      const [{ n }] = await db().query("SELECT COUNT(*) AS n FROM risk_item");
      expect(Number(n)).toBeGreaterThan(423);
      const { nodes, total, pages } = await walk(null, 37);
      expect(total).toBe(Number(n));
      expect(nodes).toHaveLength(total);
      expect(pages).toBe(Math.ceil(total / 37));
      const ids = nodes.map((x) => Number(x.id));
      expect(new Set(ids).size).toBe(ids.length);
      const stored = await db().query("SELECT id FROM risk_item");
      expect([...ids].sort((a, b) => a - b)).toEqual(
        stored.map((r: any) => Number(r.id)).sort((a: number, b: number) => a - b),
      );
      for (let i = 1; i < nodes.length; i++) {
        const [a, b] = [Date.parse(nodes[i - 1].reportedAt), Date.parse(nodes[i].reportedAt)];
        expect(a > b || (a === b && ids[i - 1] > ids[i])).toBe(true);
      }
    });

    it("filters by town, category, status and reported dates", async () => {
      const all = await t
        .as("leader")
        .query("{ riskItems { id status category reportedAt town { id } } }");
      expect(all.errors).toBeUndefined();
      const filter = {
        townId: "2",
        category: ["LAND_ACQUISITION", "DEMOLITION", "WAGE_ARREARS"],
        status: ["RESOLVED", "OPEN"],
        reportedFrom: "2017-03-01T00:00:00+08:00",
        reportedTo: "2017-10-31T23:59:59+08:00",
      };
      const expected = all.data.riskItems
        .filter(
          (x: any) =>
            x.town.id === "2" &&
            filter.category.includes(x.category) &&
            filter.status.includes(x.status) &&
            Date.parse(x.reportedAt) >= Date.parse(filter.reportedFrom) &&
            Date.parse(x.reportedAt) <= Date.parse(filter.reportedTo),
        )
        .map((x: any) => x.id);
      expect(expected.length).toBeGreaterThan(5);
      const { nodes, total } = await walk(filter, 4);
      expect(total).toBe(expected.length);
      expect(nodes.map((x) => x.id)).toEqual(expected);
      // one condition at a time agrees with the old list too
      const open = await walk({ status: ["OPEN"] }, 200);
      expect(open.nodes.map((x) => x.id)).toEqual(
        all.data.riskItems.filter((x: any) => x.status === "OPEN").map((x: any) => x.id),
      );
    });

    it("issues as many SQL statements for a page of 100 as for a page of 10", async () => {
      const count = async (first: number) => {
        const before = t.statements();
        const res = await t.as("integrator").query(PAGE, { first, filter: { townId: "1" } });
        expect(res.errors).toBeUndefined();
        expect(res.data.riskItemPage.edges).toHaveLength(first);
        expect(res.data.riskItemPage.edges.every((e: any) => e.node.town.id === "1")).toBe(true);
        return t.statements() - before;
      };
      const ten = await count(10);
      const hundred = await count(100);
      expect(ten).toBeGreaterThan(0);
      expect(hundred).toBe(ten);
    });

    it("refuses bad arguments naming them, and callers who may not read cases", async () => {
      const bad = async (variables: Record<string, unknown>, field: string) => {
        const res = await t.as("leader").query(PAGE, variables);
        expect(res.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
      };
      await bad({ first: 201 }, "first");
      await bad({ first: -1 }, "first");
      await bad({ after: "not-a-cursor!" }, "after");
      await bad({ after: Buffer.from('["x",1]').toString("base64url") }, "after");
      await bad({ filter: { townId: "x" } }, "filter.townId");
      await bad(
        {
          filter: {
            reportedFrom: "2017-05-01T00:00:00+08:00",
            reportedTo: "2017-04-01T00:00:00+08:00",
          },
        },
        "filter.reportedFrom",
      );
      const anonymous = await t.as("anonymous").query(PAGE, {});
      expect(anonymous.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
      const citizen = await t.as("public").query(PAGE, {});
      expect(citizen.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    });
  });
  describe("the weekly report", () => {
    const WEEKLY = `query($weekOf: Date!) { riskWeeklyReport(weekOf: $weekOf) {
      weekStart weekEnd totals { found resolved escalated openAtEnd }
      byTown { town { id name } found resolved escalated openAtEnd }
      byCategory { category found resolved escalated openAtEnd } } }`;

    async function weekly(weekOf: string, role: "leader" | "integrator" = "leader") {
      const res = await t.as(role).query(WEEKLY, { weekOf });
      expect(res.errors).toBeUndefined();
      return res.data.riskWeeklyReport;
    }

    /** a step at a given moment */
    async function at(moment: string, query: string, variables: Record<string, unknown>) {
      clock.set(moment);
      return ok(query, variables);
    }

    const figures = (f: any) => ({
      found: f.found,
      resolved: f.resolved,
      escalated: f.escalated,
      openAtEnd: f.openAtEnd,
    });
    const town = (r: any, id: string) => figures(r.byTown.find((x: any) => x.town.id === id));
    const category = (r: any, c: string) =>
      figures(r.byCategory.find((x: any) => x.category === c));

    it("counts the week's items, Monday to Sunday in county time, by town, by category and in all", async () => {
      // what older records leave open: none of them changes after this week
      const before = await weekly("2026-06-03");
      expect(before.weekStart).toBe("2026-06-01");
      const open = (f: any) => f.openAtEnd;

      const item = (moment: string, townId: string, cat: string) =>
        at(moment, REPORT, { townId, category: cat, description: "排查发现的矛盾隐患" });
      // the week of Monday 2026-06-15: from 2026-06-14T16:00Z to 2026-06-21T16:00Z
      const a = await item("2026-06-14T15:59:59.000Z", "3", "DEMOLITION"); // Sunday before
      await at("2026-06-16T02:00:00.000Z", RESOLVE, { id: a.id });
      await item("2026-06-14T16:00:00.000Z", "3", "DEMOLITION"); // the week's first moment
      const c = await item("2026-06-15T03:00:00.000Z", "3", "WAGE_ARREARS");
      await at("2026-06-17T03:00:00.000Z", ESCALATE, {
        id: c.id,
        version: 1,
        whatHappened: "工人聚集讨薪",
      });
      const d = await item("2026-06-16T03:00:00.000Z", "4", "WAGE_ARREARS");
      await at("2026-06-18T03:00:00.000Z", RESOLVE, { id: d.id });
      const e = await item("2026-06-21T15:59:59.000Z", "4", "DEMOLITION"); // the week's last second
      await at("2026-06-21T16:00:00.000Z", RESOLVE, { id: e.id }); // settled the next Monday
      await item("2026-06-21T16:00:00.000Z", "4", "DEMOLITION"); // the next week
      const g = await item("2026-06-15T05:00:00.000Z", "3", "WAGE_ARREARS");
      await at("2026-06-16T05:00:00.000Z", RESOLVE, { id: g.id });
      await at("2026-06-17T05:00:00.000Z", REOPEN, { id: g.id, version: 2, reason: "协议未履行" });
      const h = await item("2026-06-10T03:00:00.000Z", "4", "DEMOLITION"); // the week before
      await at("2026-06-13T03:00:00.000Z", ESCALATE, {
        id: h.id,
        version: 1,
        whatHappened: "堵路",
      });

      const report = await weekly("2026-06-18");
      expect(report.weekStart).toBe("2026-06-15");
      expect(report.weekEnd).toBe("2026-06-21");
      for (const day of ["2026-06-15", "2026-06-21"]) expect(await weekly(day)).toEqual(report);
      // G was settled in the week and reopened in it: its settlement counts, and it is open
      expect(figures(report.totals)).toEqual({
        found: 5,
        resolved: 3,
        escalated: 1,
        openAtEnd: open(before.totals) + 5,
      });
      expect(town(report, "3")).toEqual({
        found: 3,
        resolved: 2,
        escalated: 1,
        openAtEnd: open(town(before, "3")) + 3,
      });
      expect(town(report, "4")).toEqual({
        found: 2,
        resolved: 1,
        escalated: 0,
        openAtEnd: open(town(before, "4")) + 2,
      });
      expect(category(report, "DEMOLITION")).toEqual({
        found: 2,
        resolved: 1,
        escalated: 0,
        openAtEnd: open(category(before, "DEMOLITION")) + 3,
      });
      expect(category(report, "WAGE_ARREARS")).toEqual({
        found: 3,
        resolved: 2,
        escalated: 1,
        openAtEnd: open(category(before, "WAGE_ARREARS")) + 2,
      });
      // the other towns and categories had nothing this week, and are listed all the same
      const [towns] = await db().query("SELECT COUNT(*) AS n FROM town");
      expect(report.byTown).toHaveLength(Number(towns.n));
      for (const other of report.byTown.filter((x: any) => !["3", "4"].includes(x.town.id)))
        expect(figures(other)).toEqual({
          found: 0,
          resolved: 0,
          escalated: 0,
          openAtEnd: open(town(before, other.town.id)),
        });
      for (const other of report.byCategory.filter(
        (x: any) => !["DEMOLITION", "WAGE_ARREARS"].includes(x.category),
      ))
        expect(figures(other)).toMatchObject({ found: 0, resolved: 0, escalated: 0 });
      // the sums agree
      const sum = (rows: any[], k: string) => rows.reduce((n, r) => n + r[k], 0);
      for (const k of ["found", "resolved", "escalated", "openAtEnd"]) {
        expect(sum(report.byTown, k)).toBe(report.totals[k]);
        expect(sum(report.byCategory, k)).toBe(report.totals[k]);
      }
      // A reopened the next week leaves this week's figures as they were
      await at("2026-06-23T02:00:00.000Z", REOPEN, {
        id: a.id,
        version: 2,
        reason: "补偿款未到位",
      });
      expect(await weekly("2026-06-17")).toEqual(report);
      // the next week: E settled, F found, A open again
      const next = await weekly("2026-06-22", "integrator");
      expect(next.weekStart).toBe("2026-06-22");
      expect(figures(next.totals)).toEqual({
        found: 1,
        resolved: 1,
        escalated: 0,
        openAtEnd: open(before.totals) + 6,
      });
    });

    it("answers the demo year's weeks in line with its records", async () => {
      // the 2017 weeks from Monday 2017-01-02 to Sunday 2017-12-31 lie inside the county's year
      let found = 0;
      let resolved = 0;
      for (
        let monday = Date.parse("2017-01-02");
        monday < Date.parse("2018-01-01");
        monday += 7 * 86_400_000
      ) {
        const week = await weekly(new Date(monday).toISOString().slice(0, 10), "integrator");
        found += week.totals.found;
        resolved += week.totals.resolved;
      }
      const between = ["2017-01-01 16:00:00.000", "2017-12-31 16:00:00.000"];
      const [row] = await db().query(
        `SELECT SUM(CASE WHEN reported_at >= ? AND reported_at < ? THEN 1 ELSE 0 END) AS found,
           SUM(CASE WHEN resolved_at >= ? AND resolved_at < ? THEN 1 ELSE 0 END) AS resolved
         FROM risk_item`,
        [...between, ...between],
      );
      expect(found).toBe(Number(row.found));
      expect(resolved).toBe(Number(row.resolved));
      expect(found).toBeGreaterThan(200);
      expect(resolved).toBeGreaterThan(150);
    });

    it("refuses a malformed day and callers who may not read cases", async () => {
      const bad = await t.as("leader").query(WEEKLY, { weekOf: "2026-02-30" });
      expect(bad.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
      const citizen = await t.as("public").query(WEEKLY, { weekOf: "2026-06-15" });
      expect(citizen.errors?.[0].extensions?.code).toBe("FORBIDDEN");
      const anonymous = await t.as("anonymous").query(WEEKLY, { weekOf: "2026-06-15" });
      expect(anonymous.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    });
  });
});
