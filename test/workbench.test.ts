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
  reply { text unit repliedAt } extension { days reason extendedAt extendedBy }
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
      const seen = { reply: 0, extension: 0, decline: 0 };
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
            expect(replied).toMatchObject({ at: node.repliedAt, note: node.reply.text });
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
            expect(node.history.find((h: any) => h.to === "DECLINED").note).toBe(
              node.declineReason,
            );
          }
        }
        after = page.petitions.pageInfo.hasNextPage ? page.petitions.pageInfo.endCursor : null;
      } while (after && seen.extension < 20);
      expect(seen.reply).toBeGreaterThan(0);
      expect(seen.extension).toBeGreaterThan(0);
      expect(seen.decline).toBeGreaterThan(0);
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
    } finally {
      await db.close();
    }
  });
});
