import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type CallerRole } from "../common/auth";
import { openDatabase } from "../common/db";
import { idNumberCheckDigit } from "../common/domain";
import { addDays, FixedClock } from "../common/time";
import { openSubgraphDatabase } from "../common/server";
import { bureau } from "../subgraphs/bureau";
import { Petition } from "../subgraphs/bureau/entities/petition";
import { BureauPetitionRecords1733500000000 } from "../subgraphs/bureau/migrations/1733500000000-petition-records";
import { dropTestDatabases, mysqlBase, testDatabaseUrl } from "./support/databases";
import { startTestSystem, type TestSystem } from "./support/system";

/** Issue 16, the bureau's case workbench: what is recorded is readable, registers, backlog work. */

const START = new Date("2026-03-02T02:00:00.000Z");

function validIdNumber(seq: string): string {
  const first17 = `13102819700101${seq}`;
  return first17 + idNumberCheckDigit(first17);
}

const registerInput = (over: Record<string, unknown> = {}) => ({
  title: "拖欠工资纠纷",
  content: "某建筑工地拖欠农民工工资三个月,请求协调解决。",
  channel: "VISIT",
  source: "COUNTY_INTAKE",
  category: "WAGE_ARREARS",
  townId: "1",
  petitioners: [{ name: "王建国", idNumber: validIdNumber("321"), phone: "13800138000" }],
  ...over,
});

const RECORDS = `id version status declinedAt declineReason repliedAt responsibleUnit
  decidedLateByDays repliedLateByDays reply { text unit repliedAt } extension { days reason extendedAt extendedBy }
  history { at from to note actor }`;

describe("the bureau's case workbench through the gateway", () => {
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
    subject?: string,
  ): Promise<any> {
    const res = await t.as(role, subject).query(query, variables);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  }
  const register = async (over: Record<string, unknown> = {}) =>
    (
      await ok(
        `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { ${RECORDS} } }`,
        { input: registerInput(over) },
      )
    ).registerPetition;
  /** one step of the procedure as the given staff account */
  const step = async (
    call: string,
    args: string,
    variables: Record<string, unknown>,
    subject = "bureau-1",
  ) =>
    (
      await ok(
        `mutation($id: ID!, $version: Int!${args ? ", " + args : ""}) { ${call} { ${RECORDS} } }`,
        variables,
        "bureau",
        subject,
      )
    )[call.slice(0, call.indexOf("("))];
  const petition = async (id: string, role: CallerRole = "leader") =>
    (await ok(`query($id: ID!) { petition(id: $id) { ${RECORDS} } }`, { id }, role)).petition;

  describe("everything recorded is readable", () => {
    it("shows the reply with its unit and time, and the extension with its days, reason, time and author", async () => {
      let p = await register();
      expect(p).toMatchObject({ reply: null, extension: null, declineReason: null });
      clock.advanceDays(2);
      p = await step(
        "acceptPetition(id: $id, version: $version, responsibleUnit: $unit)",
        "$unit: String!",
        { id: p.id, version: p.version, unit: "县人社局" },
      );
      p = await step("startHandling(id: $id, version: $version)", "", {
        id: p.id,
        version: p.version,
      });
      clock.advanceDays(40);
      p = await step(
        "extendDeadline(id: $id, version: $version, reason: $reason, days: 20)",
        "$reason: String!",
        { id: p.id, version: p.version, reason: "需要多部门联合调查" },
        "clerk-extends",
      );
      expect(p.extension).toEqual({
        days: 20,
        reason: "需要多部门联合调查",
        extendedAt: addDays(START, 42).toISOString(),
        extendedBy: "clerk-extends",
      });
      clock.advanceDays(30);
      p = await step(
        "replyToPetition(id: $id, version: $version, reply: $reply)",
        "$reply: String!",
        { id: p.id, version: p.version, reply: "已责成施工单位足额支付工资。" },
        "clerk-replies",
      );
      const read = await petition(p.id);
      expect(read.reply).toEqual({
        text: "已责成施工单位足额支付工资。",
        unit: "县人社局",
        repliedAt: addDays(START, 72).toISOString(),
      });
      expect(read.extension.days).toBe(20);
      expect(read.declinedAt).toBeNull();
      // the history tells the same: the extension with its author, the reply's text
      expect(read.history.map((h: any) => [h.to, h.note, h.actor])).toEqual([
        ["REGISTERED", null, "bureau-1"],
        ["ACCEPTED", "县人社局", "bureau-1"],
        ["IN_PROGRESS", null, "bureau-1"],
        ["IN_PROGRESS", "extended by 20 days: 需要多部门联合调查", "clerk-extends"],
        ["REPLIED", "已责成施工单位足额支付工资。", "clerk-replies"],
      ]);
    });

    it("shows the decline's reason and time, in the petition and in its history", async () => {
      const p = await register();
      clock.advanceDays(5);
      await step(
        "declinePetition(id: $id, version: $version, reason: $reason)",
        "$reason: String!",
        { id: p.id, version: p.version, reason: "不属于信访受理范围,已告知向法院起诉" },
      );
      const read = await petition(p.id, "integrator");
      expect(read).toMatchObject({
        status: "DECLINED",
        declinedAt: addDays(START, 5).toISOString(),
        declineReason: "不属于信访受理范围,已告知向法院起诉",
        reply: null,
        extension: null,
      });
      expect(read.history.at(-1)).toMatchObject({
        from: "REGISTERED",
        to: "DECLINED",
        note: "不属于信访受理范围,已告知向法院起诉",
      });
    });

    it("shows the same records for the default dataset, as its history tells them", async () => {
      const seen = { reply: 0, extension: 0, decline: 0, lateReply: 0, lateDecline: 0 };
      /** what steps.ts adds to a late step's history line */
      const late = (days: number, verb: string, missed: string) =>
        days > 0 ? `; late: ${verb} ${days} day${days === 1 ? "" : "s"} after ${missed}` : "";
      let after: string | null = null;
      do {
        const page: any = await ok(
          `query($after: String) { petitions(first: 200, after: $after, filter: { status: [REPLIED, DECLINED, CLOSED] }) {
             pageInfo { hasNextPage endCursor } edges { node { ${RECORDS} } } } }`,
          { after },
          "integrator",
        );
        for (const { node } of page.petitions.edges) {
          if (node.reply) {
            seen.reply++;
            expect(node.reply.text.length).toBeGreaterThan(1);
            expect(node.reply.unit).toBe(node.responsibleUnit);
            const replied = node.history.find(
              (h: any) => h.to === "REPLIED" && ["ACCEPTED", "IN_PROGRESS"].includes(h.from),
            );
            if (node.repliedLateByDays > 0) seen.lateReply++;
            expect(replied).toMatchObject({
              at: node.repliedAt,
              note: node.reply.text + late(node.repliedLateByDays, "replied", "the due date"),
            });
          }
          if (node.extension) {
            seen.extension++;
            const noted = node.history.find((h: any) => h.note?.startsWith("extended by"));
            expect(noted).toMatchObject({
              at: node.extension.extendedAt,
              actor: node.extension.extendedBy,
              note: `extended by ${node.extension.days} days: ${node.extension.reason}`,
            });
          }
          if (node.declineReason) {
            seen.decline++;
            if (node.decidedLateByDays > 0) seen.lateDecline++;
            expect(node.history.find((h: any) => h.to === "DECLINED").note).toBe(
              node.declineReason + late(node.decidedLateByDays, "decided", "the 15-day window"),
            );
          }
        }
        after = page.petitions.pageInfo.hasNextPage ? page.petitions.pageInfo.endCursor : null;
      } while (after && seen.extension < 20);
      expect(seen.reply).toBeGreaterThan(0);
      expect(seen.extension).toBeGreaterThan(0);
      expect(seen.decline).toBeGreaterThan(0);
      expect(seen.lateReply).toBeGreaterThan(0);
      expect(seen.lateDecline).toBeGreaterThan(0);
    });
  });

  describe("registers with cursors and totalCount", () => {
    /** every node of a register, page by page, and the totalCount each page reported */
    async function walk(field: string, args: string, selection: string, first: number) {
      const nodes: any[] = [];
      const totals = new Set<number>();
      let after: string | null = null;
      for (let pages = 0; ; pages++) {
        const page: any = (
          await ok(
            `query($after: String) { ${field}(${args ? args + ", " : ""}first: ${first}, after: $after) {
               totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${selection} } } } }`,
            { after },
            "integrator",
          )
        )[field];
        totals.add(page.totalCount);
        nodes.push(...page.edges.map((e: any) => e.node));
        if (page.edges.length)
          expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1].cursor);
        if (!page.pageInfo.hasNextPage) break;
        expect(page.edges).toHaveLength(first);
        after = page.pageInfo.endCursor;
        expect(pages).toBeLessThan(500);
      }
      expect(totals.size).toBe(1);
      const [total] = totals;
      expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
      expect(nodes).toHaveLength(total);
      return { nodes, total };
    }
    const count = async (field: string, args: string) =>
      (await ok(`{ ${field}${args ? `(${args})` : ""} { totalCount } }`, undefined, "leader"))[
        field
      ].totalCount;

    it("walks the visit register newest first, filtered by day, level, town and collective", async () => {
      const march = await walk(
        "visits",
        `filter: { from: "2017-03-01", to: "2017-03-31" }`,
        "id receivedAt level collective petition { id town { id } }",
        50,
      );
      expect(march.total).toBeGreaterThan(50);
      const times = march.nodes.map((v) => Date.parse(v.receivedAt));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      // Beijing days: 2017-03-01 starts at 2017-02-28T16:00Z and 03-31 ends at 03-31T16:00Z
      for (const at of times) {
        expect(at).toBeGreaterThanOrEqual(Date.parse("2017-02-28T16:00:00Z"));
        expect(at).toBeLessThan(Date.parse("2017-03-31T16:00:00Z"));
      }
      const everything = await count("visits", "");
      const collective = await count("visits", "filter: { collective: true }");
      expect(collective).toBeGreaterThan(0);
      expect(collective + (await count("visits", "filter: { collective: false }"))).toBe(
        everything,
      );
      const levels = await Promise.all(
        ["COUNTY", "MUNICIPAL", "PROVINCIAL", "NATIONAL"].map((l) =>
          count("visits", `filter: { level: [${l}] }`),
        ),
      );
      expect(levels.reduce((a, b) => a + b)).toBe(everything);
      // the combined filter picks exactly what the month's walk holds of that kind
      const town2 = await walk(
        "visits",
        `filter: { from: "2017-03-01", to: "2017-03-31", level: [COUNTY], collective: true, townId: "2" }`,
        "id level collective petition { town { id } }",
        5,
      );
      const expected = march.nodes.filter(
        (v) => v.level === "COUNTY" && v.collective && v.petition.town?.id === "2",
      );
      expect(expected.length).toBeGreaterThan(0);
      expect(town2.nodes.map((v) => v.id)).toEqual(expected.map((v) => v.id));
    });

    it("counts a visit on the Beijing day it was received", async () => {
      const p = await register({ receivedAt: "2026-03-01T10:00:00Z", townId: "3" });
      // 00:30 on 2 March in Beijing is still 1 March in UTC
      await ok(`mutation($input: VisitInput!) { recordVisit(input: $input) { id } }`, {
        input: {
          petitionId: p.id,
          receivedAt: "2026-03-01T16:30:00Z",
          level: "COUNTY",
          headcount: 7,
        },
      });
      const on = (day: string) =>
        walk(
          "visits",
          `filter: { from: "${day}", to: "${day}", townId: "3", collective: true }`,
          "id headcount petition { id }",
          10,
        );
      expect((await on("2026-03-02")).nodes).toEqual([
        expect.objectContaining({ headcount: 7, petition: { id: p.id } }),
      ]);
      expect((await on("2026-03-01")).nodes).toEqual([]);
    });

    it("walks the backlog register by batch, filtered by batch, lead leader and resolution", async () => {
      const all = await walk(
        "backlogCases",
        "",
        "id batch resolvedAt leadLeader { id } petition { id backlog { id } }",
        7,
      );
      expect(all.total).toBeGreaterThanOrEqual(76);
      const order = all.nodes.map((b) => [b.batch, Number(b.id)]);
      expect([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1])).toEqual(order);
      for (const b of all.nodes) expect(b.petition.backlog.id).toBe(b.id);
      const resolved = await walk(
        "backlogCases",
        "filter: { resolved: true }",
        "id resolvedAt",
        20,
      );
      expect(resolved.nodes.every((b) => b.resolvedAt !== null)).toBe(true);
      expect(resolved.total + (await count("backlogCases", "filter: { resolved: false }"))).toBe(
        all.total,
      );
      const leader = all.nodes[0].leadLeader.id;
      const theirs = await walk(
        "backlogCases",
        `filter: { batch: 2, leadLeaderId: "${leader}" }`,
        "id batch leadLeader { id }",
        5,
      );
      expect(theirs.nodes).toEqual(
        all.nodes
          .filter((b) => b.batch === 2 && b.leadLeader.id === leader)
          .map((b) => ({ id: b.id, batch: 2, leadLeader: { id: leader } })),
      );
    });

    it("costs as many SQL statements for a page of 100 as for a page of 10", async () => {
      const statements = async (query: string, first: number, length: number) => {
        const before = t.statements();
        const res = await t.as("integrator").query(query, { first });
        expect(res.errors).toBeUndefined();
        expect(Object.values(res.data as Record<string, any>)[0].edges).toHaveLength(length);
        return t.statements() - before;
      };
      const visits = `query($first: Int) { visits(first: $first) { totalCount edges { node {
        id level petition { id title town { name } backlog { batch } reviews { kind } petitioners { name } } } } } }`;
      const backlog = `query($first: Int) { backlogCases(first: $first) { totalCount edges { node {
        id batch leadLeader { name level } petition { id title visits { level } reviews { kind } } } } } }`;
      const [v10, v100] = [await statements(visits, 10, 10), await statements(visits, 100, 100)];
      const [b7, b70] = [await statements(backlog, 7, 7), await statements(backlog, 70, 70)];
      console.log(`registers: visits ${v10}/${v100}, backlog ${b7}/${b70} statements`);
      expect(v100).toBe(v10);
      expect(b70).toBe(b7);
      expect(v10).toBeLessThanOrEqual(12);
      expect(b7).toBeLessThanOrEqual(12);
    });

    it("refuses what is not a cursor, a day range backwards, a page too big, and callers who may not read cases", async () => {
      const refused = async (query: string, role: CallerRole = "leader") =>
        (await t.as(role).query(query)).errors?.[0]?.extensions;
      expect(await refused(`{ visits(after: "bm90LWEtY3Vyc29y") { totalCount } }`)).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "after",
      });
      expect(
        await refused(
          `{ backlogCases(after: "WyIyMDE3LTAxLTAxIDAwOjAwOjAwLjAwMCIsMV0") { totalCount } }`,
        ),
      ).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
      expect(
        await refused(
          `{ visits(filter: { from: "2017-03-02", to: "2017-03-01" }) { totalCount } }`,
        ),
      ).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.from" });
      expect(await refused(`{ backlogCases(first: 201) { totalCount } }`)).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "first",
      });
      expect(await refused(`{ backlogCases(filter: { batch: 0 }) { totalCount } }`)).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "filter.batch",
      });
      expect(await refused(`{ visits { totalCount } }`, "public")).toMatchObject({
        code: "FORBIDDEN",
      });
      expect(await refused(`{ backlogCases { totalCount } }`, "anonymous")).toMatchObject({
        code: "UNAUTHENTICATED",
      });
    });
  });

  describe("resolving and reassigning backlog cases", () => {
    const CASE = `id version batch resolvedAt resolutionNote leadLeader { id level } petition { id history { to note actor } }`;
    let county: string[] = [];
    let town: string;

    beforeAll(async () => {
      county = (await ok(`{ leaders(level: COUNTY) { id } }`)).leaders.map((l: any) => l.id);
      town = (await ok(`{ leaders(level: TOWN) { id } }`)).leaders[0].id;
      expect(county.length).toBeGreaterThanOrEqual(3);
    });

    /** open backlog cases of the default dataset, a different one for each test */
    let taken = 0;
    async function openCases(n: number): Promise<any[]> {
      const page = (
        await ok(
          `query($first: Int) { backlogCases(first: $first, filter: { resolved: false }) { edges { node { ${CASE} } } } }`,
          { first: taken + n },
          "leader",
        )
      ).backlogCases.edges.map((e: any) => e.node);
      expect(page.length).toBe(taken + n);
      taken += n;
      return page.slice(taken - n);
    }
    /** the case as its petition shows it now */
    const readCase = async (b: any) =>
      (
        await ok(
          `query($id: ID!) { petition(id: $id) { backlog { ${CASE} } } }`,
          { id: b.petition.id },
          "leader",
        )
      ).petition.backlog;
    const RESOLVE = `mutation($id: ID!, $version: Int!, $note: String!) {
      resolveBacklogCase(id: $id, version: $version, note: $note) { ${CASE} } }`;
    const REASSIGN = `mutation($id: ID!, $version: Int!, $leader: ID!, $reason: String!) {
      reassignBacklogCase(id: $id, version: $version, leadLeaderId: $leader, reason: $reason) { ${CASE} } }`;

    it("resolves an open case once, and refuses a stale version, a resolved case and a blank note", async () => {
      const [b] = await openCases(1);
      clock.advanceDays(3);
      const done = (
        await ok(
          RESOLVE,
          { id: b.id, version: b.version, note: "包案领导约谈双方,已达成和解" },
          "bureau",
          "clerk-7",
        )
      ).resolveBacklogCase;
      expect(done).toMatchObject({
        id: b.id,
        version: b.version + 1,
        resolvedAt: addDays(START, 3).toISOString(),
        resolutionNote: "包案领导约谈双方,已达成和解",
      });
      expect(done.petition.history.at(-1)).toEqual({
        to: b.petition.history.at(-1).to,
        note: "backlog case resolved: 包案领导约谈双方,已达成和解",
        actor: "clerk-7",
      });
      const stale = await t
        .as("bureau")
        .query(RESOLVE, { id: b.id, version: b.version, note: "再次化解" });
      expect(stale.errors?.[0].extensions).toMatchObject({
        code: "CONFLICT",
        expectedVersion: b.version,
        currentVersion: b.version + 1,
      });
      const again = await t
        .as("bureau")
        .query(RESOLVE, { id: b.id, version: done.version, note: "再次化解" });
      expect(again.errors?.[0].extensions).toMatchObject({
        code: "PROCEDURE_VIOLATION",
        rule: "backlog-resolve-open",
      });
      const [other] = await openCases(1);
      const blank = await t
        .as("bureau")
        .query(RESOLVE, { id: other.id, version: other.version, note: "  " });
      expect(blank.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "note" });
      // nothing of the refusals was stored
      expect(await readCase(b)).toEqual(done);
      expect(await readCase(other)).toEqual(other);
    });

    it("hands a case to another county leader, and refuses a town leader, an unknown one and a stale version", async () => {
      const [b] = await openCases(1);
      const next = county.find((id) => id !== b.leadLeader.id)!;
      const moved = (
        await ok(
          REASSIGN,
          { id: b.id, version: b.version, leader: next, reason: "原包案领导调任" },
          "bureau",
          "clerk-8",
        )
      ).reassignBacklogCase;
      expect(moved).toMatchObject({
        version: b.version + 1,
        resolvedAt: null,
        leadLeader: { id: next, level: "COUNTY" },
      });
      expect(moved.petition.history.at(-1)).toMatchObject({
        note: `lead leader changed from leader ${b.leadLeader.id} to leader ${next}: 原包案领导调任`,
        actor: "clerk-8",
      });
      const refused = async (variables: Record<string, unknown>) =>
        (await t.as("bureau").query(REASSIGN, { id: b.id, reason: "调整包案", ...variables }))
          .errors?.[0].extensions;
      expect(await refused({ version: moved.version, leader: town })).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "leadLeaderId",
        reason: expect.stringContaining("county-level"),
      });
      expect(await refused({ version: moved.version, leader: "9999" })).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "leadLeaderId",
        reason: "no such leader",
      });
      expect(await refused({ version: moved.version, leader: next })).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "leadLeaderId",
      });
      expect(await refused({ version: b.version, leader: b.leadLeader.id })).toMatchObject({
        code: "CONFLICT",
        expectedVersion: b.version,
      });
      expect(await readCase(b)).toEqual(moved);
      // a resolved case keeps its leader
      const resolved = (await ok(RESOLVE, { id: b.id, version: moved.version, note: "息诉罢访" }))
        .resolveBacklogCase;
      expect(await refused({ version: resolved.version, leader: b.leadLeader.id })).toMatchObject({
        code: "PROCEDURE_VIOLATION",
        rule: "backlog-reassign-open",
      });
    });

    it("refuses to put a petition on a backlog batch under a leader who is not a county leader", async () => {
      const p = await register();
      const assign = (leader: string) =>
        t
          .as("bureau")
          .query(
            `mutation($id: ID!, $leader: ID!) { assignBacklog(petitionId: $id, batch: 4, leadLeaderId: $leader) { id batch leadLeader { level } version } }`,
            { id: p.id, leader },
          );
      expect((await assign(town)).errors?.[0].extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "leadLeaderId",
      });
      expect((await petition(p.id)).status).toBe("REGISTERED");
      const backlogOf = async () =>
        (await ok(`query($id: ID!) { petition(id: $id) { backlog { id } } }`, { id: p.id }))
          .petition.backlog;
      expect(await backlogOf()).toBeNull();
      const assigned = await assign(county[0]);
      expect(assigned.data?.assignBacklog).toMatchObject({
        batch: 4,
        leadLeader: { level: "COUNTY" },
        version: 1,
      });
      expect((await backlogOf()).id).toBe(assigned.data!.assignBacklog.id);
    });

    it("of several clerks editing one case at once stores exactly one edit; edits of different cases all land", async () => {
      const [b, ...others] = await openCases(5);
      const results = await Promise.all(
        county.slice(0, 3).flatMap((leader, i) => [
          t.as("bureau", `racer-${i}`).query(REASSIGN, {
            id: b.id,
            version: b.version,
            leader,
            reason: `第${i}次调整`,
          }),
          t.as("bureau", `resolver-${i}`).query(RESOLVE, {
            id: b.id,
            version: b.version,
            note: `第${i}次化解`,
          }),
        ]),
      );
      const won = results.filter((r) => !r.errors);
      const lost = results.filter((r) => r.errors);
      // reassigning to the leader the case already has is refused as input, not raced
      for (const r of lost)
        expect(["CONFLICT", "BAD_USER_INPUT"]).toContain(r.errors![0].extensions!.code);
      expect(won).toHaveLength(1);
      expect(
        lost.filter((r) => r.errors![0].extensions!.code === "CONFLICT").length,
      ).toBeGreaterThan(0);
      const after = await readCase(b);
      expect(after.version).toBe(b.version + 1);
      const written = after.petition.history.length - b.petition.history.length;
      expect(written).toBe(1);

      const parallel = await Promise.all(
        others.map((o, i) =>
          t.as("bureau", `clerk-${i}`).query(RESOLVE, {
            id: o.id,
            version: o.version,
            note: `第${i}件化解`,
          }),
        ),
      );
      expect(parallel.map((r) => r.errors)).toEqual(others.map(() => undefined));
      for (const [i, o] of others.entries())
        expect(await readCase(o)).toMatchObject({
          version: o.version + 1,
          resolutionNote: `第${i}件化解`,
        });
    });

    it("leaves backlog edits to bureau staff", async () => {
      const res = await t
        .as("leader")
        .query(RESOLVE, { id: "1", version: 1, note: "领导自行办结" });
      expect(res.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN" });
    });
  });
});

describe("the migration that records extensions", () => {
  const files: string[] = [];
  afterAll(async () => {
    for (const f of files) rmSync(f, { force: true });
    await dropTestDatabases();
  });

  it("fills in the days, time and author of earlier extensions, and earlier replies' history", async () => {
    let url = testDatabaseUrl("wb_migrate");
    if (!mysqlBase) {
      const file = path.join(tmpdir(), `wb-${randomBytes(4).toString("hex")}.sqlite`);
      files.push(file, `${file}-wal`, `${file}-shm`);
      url = `sqlite:${file}`;
    }
    const before = await openDatabase({
      url,
      entities: [],
      migrations: bureau.migrations.filter((m) => m !== BureauPetitionRecords1733500000000),
    });
    const q = (sql: string, params: unknown[] = []) => before.dataSource.query(sql, params);
    const petition = (id: number, extended: boolean) =>
      q(
        `INSERT INTO petition (id, serial_no, title, content, channel, source, category, status,
           first_time, collective, headcount, received_at, acceptance_deadline, accepted_at, due_at,
           extension_reason, replied_at, reply_text, version)
         VALUES (?, ?, '标题', '内容内容内容', 'VISIT', 'COUNTY_INTAKE', 'OTHER', 'REPLIED', 1, 0, 1,
           '2017-01-02 01:00:00.000', '2017-01-17 01:00:00.000', '2017-01-05 01:00:00.000', ?, ?,
           '2017-04-01 01:00:00.000', ?, 5)`,
        [
          id,
          `XF2017-00000${id}`,
          extended ? "2017-04-05 01:00:00.000" : "2017-03-06 01:00:00.000",
          extended ? "案情复杂" : null,
          `答复${id}`,
        ],
      );
    await petition(1, true);
    await petition(2, false);
    const history = (petitionId: number, from: string | null, to: string, note: string | null) =>
      q(
        `INSERT INTO status_change (petition_id, at, from_status, to_status, note, actor)
         VALUES (?, '2017-02-20 03:00:00.000', ?, ?, ?, ?)`,
        [petitionId, from, to, note, `clerk-${petitionId}`],
      );
    await history(1, "IN_PROGRESS", "IN_PROGRESS", "extended by 30 days: 案情复杂");
    await history(1, "IN_PROGRESS", "REPLIED", null);
    await history(2, "ACCEPTED", "REPLIED", null);
    await history(2, "REPLIED", "UNDER_REVIEW", null);
    await before.close();

    const db = await openSubgraphDatabase(bureau, url);
    try {
      const rows = await db.dataSource.getRepository(Petition).find({ order: { id: "ASC" } });
      expect(rows.map((r) => [r.id, r.extensionDays, r.extendedAt, r.extendedBy])).toEqual([
        [1, 30, new Date("2017-02-20T03:00:00.000Z"), "clerk-1"],
        [2, null, null, null],
      ]);
      const notes = await db.dataSource.query(
        "SELECT petition_id, to_status, note FROM status_change ORDER BY id",
      );
      expect(notes.map((n: any) => [Number(n.petition_id), n.to_status, n.note])).toEqual([
        [1, "IN_PROGRESS", "extended by 30 days: 案情复杂"],
        [1, "REPLIED", "答复1"],
        [2, "REPLIED", "答复2"],
        [2, "UNDER_REVIEW", null],
      ]);
      // both of the workbench's migrations are reversible, and run again over what they left
      const columns = async () => [
        ...Object.keys((await db.dataSource.query("SELECT * FROM petition WHERE id = 1"))[0]),
        ...(await db.dataSource.query("SELECT * FROM backlog_case")).flatMap(Object.keys),
      ];
      await db.dataSource.query(
        `INSERT INTO backlog_case (petition_id, batch, assigned_at, lead_leader_id)
         VALUES (1, 1, '2017-02-01 01:00:00.000', 1)`,
      );
      expect(await columns()).toEqual(
        expect.arrayContaining(["extension_days", "extended_by", "version", "resolution_note"]),
      );
      // TypeORM turns SQLite's foreign keys off inside the transaction when it undoes a migration,
      // where SQLite ignores it: the table rebuilds of `down` need them off
      const sqlite = db.dataSource.options.type === "better-sqlite3";
      if (sqlite) await db.dataSource.query("PRAGMA foreign_keys = OFF");
      // the workbench's two migrations and any that came after them, newest first
      const since =
        bureau.migrations.length -
        bureau.migrations.findIndex((m) => m.name === BureauPetitionRecords1733500000000.name);
      for (let i = 0; i < since; i++)
        await db.dataSource.undoLastMigration({ transaction: "each" });
      if (sqlite) await db.dataSource.query("PRAGMA foreign_keys = ON");
      const undone = await columns();
      for (const gone of ["extension_days", "extended_at", "extended_by", "resolution_note"])
        expect(undone).not.toContain(gone);
      expect(undone.filter((c) => c === "version")).toHaveLength(1); // the petition's
      expect(await db.dataSource.runMigrations({ transaction: "each" })).toHaveLength(since);
      expect(
        (await db.dataSource.getRepository(Petition).findOneByOrFail({ id: 1 })).extensionDays,
      ).toBe(30);
      expect(await db.dataSource.query("SELECT version FROM backlog_case")).toEqual([
        { version: 1 },
      ]);
    } finally {
      await db.close();
    }
  });
});
