import { type CallerRole } from "../common/auth";
import { idNumberCheckDigit } from "../common/domain";
import { addDays, demoClock, FixedClock } from "../common/time";
import { startTestSystem, type TestSystem } from "./support/system";

/** Issue 16: forwarding and assignment (转送/交办), supervision notices (督办), the overdue list (督查). */

const START = new Date("2026-03-02T02:00:00.000Z");
const DAY_MS = 86_400_000;
const at = (days: number) => addDays(START, days).toISOString();

let seq = 100;
const registerInput = (over: Record<string, unknown> = {}) => {
  const first17 = `13102819800101${String(seq++).padStart(3, "0")}`;
  return {
    title: "道路积水问题",
    content: "村内主干道雨后积水严重,影响群众出行,请求修缮排水设施。",
    channel: "LETTER",
    source: "COUNTY_INTAKE",
    category: "OTHER",
    townId: "1",
    petitioners: [{ name: "李华", idNumber: first17 + idNumberCheckDigit(first17) }],
    ...over,
  };
};

const FWD = `id kind unit deadline note forwardedAt forwardedBy answer answeredAt answeredBy
  answeredLateByDays overdue version`;
const CASE = `id version status responsibleUnit dueAt acceptanceDeadline
  forwardings { ${FWD} } supervisions { at by note newDeadline previousDeadline forwarding { id } }
  history { to note actor }`;
const FORWARD = `mutation($id: ID!, $version: Int!, $kind: ForwardingKind!, $unit: String!, $days: Int,
  $deadline: DateTime, $note: String) {
  forwardPetition(id: $id, version: $version, kind: $kind, unit: $unit, days: $days, deadline: $deadline, note: $note) {
    ${FWD} petition { ${CASE} } } }`;
const ANSWER = `mutation($id: ID!, $version: Int!, $answer: String!) {
  answerForwarding(id: $id, version: $version, answer: $answer) { ${FWD} } }`;
const SUPERVISE = `mutation($id: ID!, $version: Int!, $note: String!, $newDeadline: DateTime, $forwardingId: ID) {
  superviseCase(petitionId: $id, version: $version, note: $note, newDeadline: $newDeadline, forwardingId: $forwardingId) {
    at by note newDeadline previousDeadline forwarding { id deadline version } petition { ${CASE} } } }`;
const LIST = `query($filter: SupervisionFilter, $first: Int, $after: String) {
  supervision(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { kind deadline daysOverdue unit petition { id } forwarding { id } } } } }`;

describe("forwarding, supervision and the supervision list through the gateway", () => {
  let t: TestSystem;
  const clock = new FixedClock(START);
  const REPORT_2017 = `{ annualReport(year: 2017) { visits { all { count persons changeFromPreviousYear }
    firstTime { count persons } collective { count persons } collectiveFirstTime { count persons } }
    onlineTransfers { count changeFromPreviousYear } escalatedVisits { total { count } national { count }
    provincial { count } municipal { count } } backlogAssigned backlogBatches
    threeRates { timelyAcceptance onTimeCompletion repliedItems }
    forwardings { forwarded assigned answered answeredOnTime } } }`;
  let report2017: any;

  beforeAll(async () => {
    t = await startTestSystem({ clock });
    report2017 = await ok(REPORT_2017, undefined, "integrator");
  });
  afterAll(async () => {
    await t?.stop();
  });
  beforeEach(() => clock.set(START));

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
  /** the first error's extensions */
  async function refused(
    query: string,
    variables: Record<string, unknown>,
    role: CallerRole = "bureau",
  ): Promise<Record<string, any>> {
    const res = await t.as(role).query(query, variables);
    expect(res.errors).toBeDefined();
    return res.errors![0].extensions!;
  }
  const register = async (over: Record<string, unknown> = {}) =>
    (
      await ok(
        `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { ${CASE} } }`,
        { input: registerInput(over) },
      )
    ).registerPetition;
  const read = async (id: string) =>
    (await ok(`query($id: ID!) { petition(id: $id) { ${CASE} } }`, { id }, "leader")).petition;
  const accept = async (p: any, unit: string) =>
    (
      await ok(
        `mutation($id: ID!, $v: Int!, $u: String!) { acceptPetition(id: $id, version: $v, responsibleUnit: $u) { ${CASE} } }`,
        { id: p.id, v: p.version, u: unit },
      )
    ).acceptPetition;
  const forward = async (p: any, vars: Record<string, unknown>, subject = "clerk-fwd") =>
    (await ok(FORWARD, { id: p.id, version: p.version, ...vars }, "bureau", subject))
      .forwardPetition;
  const supervise = async (p: any, vars: Record<string, unknown>, subject = "duchashi-1") =>
    (await ok(SUPERVISE, { id: p.id, version: p.version, ...vars }, "bureau", subject))
      .superviseCase;
  /** every item of the supervision list for a filter, page by page */
  async function walk(filter: Record<string, unknown> | null, first: number) {
    const items: any[] = [];
    const totals = new Set<number>();
    let after: string | null = null;
    for (let pages = 0; ; pages++) {
      const page: any = (await ok(LIST, { filter, first, after }, "leader")).supervision;
      totals.add(page.totalCount);
      items.push(...page.edges.map((e: any) => e.node));
      if (!page.pageInfo.hasNextPage) break;
      expect(page.edges).toHaveLength(first);
      after = page.pageInfo.endCursor;
      expect(pages).toBeLessThan(2000);
    }
    expect(totals.size).toBe(1);
    expect(items).toHaveLength([...totals][0]);
    const keys = items.map(
      (i) => `${i.kind}:${i.forwarding?.id ?? ""}:${i.petition.id}:${i.deadline}`,
    );
    expect(new Set(keys).size).toBe(keys.length);
    return items;
  }

  describe("forwarding and assignment (转送/交办)", () => {
    it("assigns a registered petition with a deadline and records the unit's answer once, late, in the history", async () => {
      const p = await register();
      clock.advanceDays(2);
      const f = await forward(p, {
        kind: "ASSIGN",
        unit: "县住建局",
        days: 10,
        note: "请核实后报告结果",
      });
      expect(f).toMatchObject({
        kind: "ASSIGN",
        unit: "县住建局",
        deadline: at(12),
        note: "请核实后报告结果",
        forwardedAt: at(2),
        forwardedBy: "clerk-fwd",
        answer: null,
        answeredAt: null,
        answeredLateByDays: null,
        overdue: false,
        version: 1,
      });
      expect(f.petition).toMatchObject({
        status: "REGISTERED",
        responsibleUnit: "县住建局",
        version: p.version + 1,
        acceptanceDeadline: p.acceptanceDeadline,
      });
      expect(f.petition.history.at(-1)).toEqual({
        to: "REGISTERED",
        note: "assigned (交办) to 县住建局, answer due 2026-03-14: 请核实后报告结果; responsible unit: none → 县住建局",
        actor: "clerk-fwd",
      });
      clock.advanceDays(15);
      expect((await read(p.id)).forwardings[0].overdue).toBe(true);
      const answered = (
        await ok(
          ANSWER,
          { id: f.id, version: 1, answer: "已组织清淤,排水已恢复。" },
          "bureau",
          "clerk-ans",
        )
      ).answerForwarding;
      expect(answered).toMatchObject({
        answer: "已组织清淤,排水已恢复。",
        answeredAt: at(17),
        answeredBy: "clerk-ans",
        answeredLateByDays: 5,
        overdue: false,
        version: 2,
      });
      const after = await read(p.id);
      expect(after.forwardings).toEqual([expect.objectContaining({ id: f.id, version: 2 })]);
      expect(after.history.at(-1)).toEqual({
        to: "REGISTERED",
        note: "answer of 县住建局 to the matter assigned (交办) on 2026-03-04: 已组织清淤,排水已恢复。; late: 5 days after its deadline",
        actor: "clerk-ans",
      });
      expect(await refused(ANSWER, { id: f.id, version: 2, answer: "再次答复" })).toMatchObject({
        code: "PROCEDURE_VIOLATION",
        rule: "forwarding-answered-once",
      });
      expect(await refused(ANSWER, { id: f.id, version: 1, answer: "再次答复" })).toMatchObject({
        code: "CONFLICT",
        expectedVersion: 1,
        currentVersion: 2,
      });
      expect(await read(p.id)).toEqual(after);
    });

    it("forwards an accepted petition to another unit, 15 days unless told, the unit's change in the history", async () => {
      const p = await accept(await register(), "县人社局");
      const f = await forward(p, { kind: "FORWARD", unit: "县市场监管局" });
      expect(f).toMatchObject({ kind: "FORWARD", deadline: at(15), note: null });
      expect(f.petition).toMatchObject({
        status: "ACCEPTED",
        responsibleUnit: "县市场监管局",
        dueAt: p.dueAt,
      });
      expect(f.petition.history.at(-1).note).toBe(
        "forwarded (转送) to 县市场监管局, answer due 2026-03-17; responsible unit: 县人社局 → 县市场监管局",
      );
      // a deadline given as a time
      const again = await forward(f.petition, {
        kind: "ASSIGN",
        unit: "县市场监管局",
        deadline: at(30),
      });
      expect(again.deadline).toBe(at(30));
      expect(again.petition.history.at(-1).note).toBe(
        "assigned (交办) to 县市场监管局, answer due 2026-04-01",
      );
      expect((await read(p.id)).forwardings.map((x: any) => x.id)).toEqual([f.id, again.id]);
    });

    it("refuses wrong input, a wrong status, a stale version and other roles, storing nothing", async () => {
      const p = await register();
      const cases: [Record<string, unknown>, Record<string, unknown>][] = [
        [
          { kind: "ASSIGN", unit: "县住建局" },
          { code: "BAD_USER_INPUT", field: "deadline" },
        ],
        [
          { kind: "ASSIGN", unit: "县住建局", days: 5, deadline: at(9) },
          { code: "BAD_USER_INPUT", field: "deadline" },
        ],
        [
          { kind: "FORWARD", unit: "县住建局", days: 0 },
          { code: "BAD_USER_INPUT", field: "days" },
        ],
        [
          { kind: "FORWARD", unit: "县住建局", days: 91 },
          { code: "BAD_USER_INPUT", field: "days" },
        ],
        [
          { kind: "FORWARD", unit: "县住建局", deadline: at(-1) },
          { code: "BAD_USER_INPUT", field: "deadline" },
        ],
        [
          { kind: "FORWARD", unit: "县住建局", deadline: at(91) },
          { code: "BAD_USER_INPUT", field: "deadline" },
        ],
        [
          { kind: "FORWARD", unit: " \u200B " },
          { code: "BAD_USER_INPUT", field: "unit" },
        ],
        [
          { kind: "FORWARD", unit: "县住建局", note: "" },
          { code: "BAD_USER_INPUT", field: "note" },
        ],
        [{ kind: "FORWARD", unit: "县住建局", version: p.version + 1 }, { code: "CONFLICT" }],
      ];
      for (const [vars, expected] of cases)
        expect(await refused(FORWARD, { id: p.id, version: p.version, ...vars })).toMatchObject(
          expected,
        );
      for (const role of ["leader", "masswork", "integrator"] as const)
        expect(
          await refused(
            FORWARD,
            { id: p.id, version: p.version, kind: "FORWARD", unit: "县住建局" },
            role,
          ),
        ).toMatchObject({ code: "FORBIDDEN" });
      expect(await read(p.id)).toEqual(p);

      const declined = (
        await ok(
          `mutation($id: ID!, $v: Int!) { declinePetition(id: $id, version: $v, reason: "不属于信访事项") { ${CASE} } }`,
          { id: p.id, v: p.version },
        )
      ).declinePetition;
      expect(
        await refused(FORWARD, {
          id: p.id,
          version: declined.version,
          kind: "FORWARD",
          unit: "县住建局",
        }),
      ).toMatchObject({ code: "PROCEDURE_VIOLATION", rule: "forward-open-petition" });
      expect(await read(p.id)).toEqual(declined);
      expect(await refused(ANSWER, { id: "999999", version: 1, answer: "答复内容" })).toMatchObject(
        {
          code: "BAD_USER_INPUT",
          field: "id",
        },
      );
    });

    it("of concurrent answers to one forwarding stores exactly one", async () => {
      const p = await register();
      const f = await forward(p, { kind: "ASSIGN", unit: "县水务局", days: 20 });
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          t
            .as("bureau", `racer-${i}`)
            .query(ANSWER, { id: f.id, version: 1, answer: `第${i}份答复` }),
        ),
      );
      const won = results.filter((r) => !r.errors);
      expect(won).toHaveLength(1);
      for (const r of results.filter((r) => r.errors))
        expect(["CONFLICT", "PROCEDURE_VIOLATION"]).toContain(r.errors![0].extensions!.code);
      const after = await read(p.id);
      expect(after.forwardings[0]).toMatchObject({
        answer: won[0].data.answerForwarding.answer,
        answeredBy: won[0].data.answerForwarding.answeredBy,
        version: 2,
      });
      expect(after.history.filter((h: any) => h.note?.startsWith("answer of"))).toHaveLength(1);
    });
  });

  describe("supervision notices (督办)", () => {
    it("moves a chased forwarding's deadline and keeps the statutory dates; the notice is in the history", async () => {
      const p = await accept(await register(), "县交通局");
      const f = await forward(p, { kind: "ASSIGN", unit: "县交通局", days: 5 });
      clock.advanceDays(8);
      const listed = async () =>
        (await walk({ unit: "县交通局", kind: ["FORWARDING"] }, 50)).filter(
          (i) => i.forwarding.id === f.id,
        );
      expect(await listed()).toEqual([
        expect.objectContaining({ deadline: at(5), daysOverdue: 3, unit: "县交通局" }),
      ]);
      const s = await supervise(f.petition, {
        note: "请于十日内报送办理结果",
        newDeadline: at(18),
        forwardingId: f.id,
      });
      expect(s).toMatchObject({
        at: at(8),
        by: "duchashi-1",
        note: "请于十日内报送办理结果",
        newDeadline: at(18),
        previousDeadline: at(5),
        forwarding: { id: f.id, deadline: at(18), version: 2 },
      });
      expect(s.petition).toMatchObject({ dueAt: p.dueAt, version: f.petition.version + 1 });
      expect(s.petition.supervisions).toEqual([
        {
          at: at(8),
          by: "duchashi-1",
          note: "请于十日内报送办理结果",
          newDeadline: at(18),
          previousDeadline: at(5),
          forwarding: { id: f.id },
        },
      ]);
      expect(s.petition.history.at(-1)).toEqual({
        to: "ACCEPTED",
        note: "supervised (督办) 县交通局, about the matter assigned (交办) on 2026-03-02: 请于十日内报送办理结果; new deadline 2026-03-20 (was 2026-03-07)",
        actor: "duchashi-1",
      });
      expect(await listed()).toEqual([]);
      clock.advanceDays(12);
      expect(await listed()).toEqual([
        expect.objectContaining({ deadline: at(18), daysOverdue: 2 }),
      ]);
    });

    it("records a new deadline for a petition's own step without moving its statutory date", async () => {
      const p = await accept(await register({ townId: "2" }), "县教育局");
      clock.advanceDays(65);
      const s = await supervise(p, { note: "请尽快答复信访人", newDeadline: at(75) });
      expect(s).toMatchObject({ newDeadline: at(75), previousDeadline: null, forwarding: null });
      expect(s.petition.dueAt).toBe(p.dueAt);
      expect(s.petition.history.at(-1).note).toBe(
        "supervised (督办): 请尽快答复信访人; new deadline 2026-05-16",
      );
      const items = await walk({ unit: "县教育局", kind: ["REPLY"] }, 20);
      expect(items.filter((i) => i.petition.id === p.id)).toEqual([
        expect.objectContaining({ deadline: p.dueAt, daysOverdue: 5 }),
      ]);
    });

    it("refuses what cannot be supervised, stale versions and other roles, storing nothing", async () => {
      const p = await register();
      const f = await forward(p, { kind: "ASSIGN", unit: "县林业局", days: 5 });
      const other = await register();
      const q = f.petition;
      const cases: [Record<string, unknown>, Record<string, unknown>][] = [
        [{ note: " " }, { code: "BAD_USER_INPUT", field: "note" }],
        [{ newDeadline: at(-1) }, { code: "BAD_USER_INPUT", field: "newDeadline" }],
        [{ forwardingId: "abc" }, { code: "BAD_USER_INPUT", field: "forwardingId" }],
        [{ forwardingId: "999999" }, { code: "BAD_USER_INPUT", field: "forwardingId" }],
        [{ version: q.version - 1 }, { code: "CONFLICT" }],
      ];
      for (const [vars, expected] of cases)
        expect(
          await refused(SUPERVISE, { id: q.id, version: q.version, note: "督办通知", ...vars }),
        ).toMatchObject(expected);
      expect(
        await refused(SUPERVISE, {
          id: other.id,
          version: other.version,
          note: "督办通知",
          forwardingId: f.id,
        }),
      ).toMatchObject({ code: "BAD_USER_INPUT", field: "forwardingId" });
      expect(
        await refused(SUPERVISE, { id: q.id, version: q.version, note: "督办通知" }, "leader"),
      ).toMatchObject({ code: "FORBIDDEN" });
      const stillQ = await read(q.id);
      expect(stillQ).toMatchObject({ version: q.version, supervisions: [] });
      expect(stillQ.forwardings[0]).toMatchObject({ deadline: f.deadline, version: 1 });

      await ok(ANSWER, { id: f.id, version: 1, answer: "已办结并答复" });
      expect(
        await refused(SUPERVISE, {
          id: q.id,
          version: q.version,
          note: "督办通知",
          forwardingId: f.id,
        }),
      ).toMatchObject({ code: "PROCEDURE_VIOLATION", rule: "supervise-unanswered-forwarding" });
      const declined = (
        await ok(
          `mutation($id: ID!, $v: Int!) { declinePetition(id: $id, version: $v, reason: "不属于信访事项") { version } }`,
          { id: other.id, v: other.version },
        )
      ).declinePetition;
      expect(
        await refused(SUPERVISE, { id: other.id, version: declined.version, note: "督办通知" }),
      ).toMatchObject({ code: "PROCEDURE_VIOLATION", rule: "supervise-pending-step" });
      expect((await read(other.id)).supervisions).toEqual([]);
      expect((await read(q.id)).supervisions).toEqual([]);
    });
  });

  describe("the supervision list (督查)", () => {
    const UNIT = "督查测试局";
    let ids: Record<string, string>;

    beforeAll(async () => {
      clock.set(START);
      const pA = await register({ townId: "3" });
      const pR = await accept(await register({ townId: "2" }), UNIT);
      const pF = await forward(await register({ townId: "4" }), {
        kind: "ASSIGN",
        unit: UNIT,
        days: 5,
      });
      const pF2 = await forward(await accept(await register({ townId: "2" }), UNIT), {
        kind: "FORWARD",
        unit: UNIT,
        days: 20,
      });
      const accepted = await accept(await register({ townId: "2" }), UNIT);
      const pV = (
        await ok(
          `mutation($id: ID!, $v: Int!) { replyToPetition(id: $id, version: $v, reply: "已答复信访人") { id version } }`,
          { id: accepted.id, v: accepted.version },
        )
      ).replyToPetition;
      await ok(
        `mutation($id: ID!, $v: Int!) { requestReview(id: $id, version: $v, kind: REVIEW) { version } }`,
        { id: pV.id, v: pV.version },
      );
      // a re-review requested the same moment: its deadline ties with the review's
      let pK = await accept(await register({ townId: "2" }), UNIT);
      for (const [call, extra] of [
        ["replyToPetition", `reply: "已答复信访人"`],
        ["requestReview", "kind: REVIEW"],
        ["decideReview", `outcome: "维持原答复意见"`],
        ["requestReview", "kind: RECHECK"],
      ])
        pK = (
          await ok(
            `mutation($id: ID!, $v: Int!) { ${call}(id: $id, version: $v, ${extra}) { id version } }`,
            { id: pK.id, v: pK.version },
          )
        )[call];
      ids = {
        pK: pK.id,
        pA: pA.id,
        pR: pR.id,
        pF: pF.petition.id,
        fF: pF.id,
        pF2: pF2.petition.id,
        fF2: pF2.id,
        pV: pV.id,
      };
    });
    beforeEach(() => clock.set(addDays(START, 70)));

    it("lists every kind of deadline, the latest first, with its days overdue and unit", async () => {
      const items = await walk({ unit: UNIT }, 200);
      const [first, second] = [ids.pR, ids.pF2].sort((a, b) => Number(a) - Number(b));
      expect(
        items.map((i) => [
          i.kind,
          i.petition.id,
          i.forwarding?.id ?? null,
          i.deadline,
          i.daysOverdue,
        ]),
      ).toEqual([
        ["FORWARDING", ids.pF, ids.fF, at(5), 65],
        ["FORWARDING", ids.pF2, ids.fF2, at(20), 50],
        ["REVIEW", ids.pV, null, at(30), 40],
        ["RECHECK", ids.pK, null, at(30), 40],
        ["REPLY", first, null, at(60), 10],
        ["REPLY", second, null, at(60), 10],
      ]);
      expect(items.every((i) => i.unit === UNIT)).toBe(true);
      // not forwarded, never accepted: the acceptance deadline, found by town and kind
      const acceptance = await walk({ townId: "3", kind: ["ACCEPTANCE"] }, 100);
      expect(acceptance.filter((i) => i.petition.id === ids.pA)).toEqual([
        {
          kind: "ACCEPTANCE",
          deadline: at(15),
          daysOverdue: 55,
          unit: null,
          petition: { id: ids.pA },
          forwarding: null,
        },
      ]);
      // a forwarded petition is chased through its forwarding, not its acceptance
      const all = await walk({ kind: ["ACCEPTANCE"] }, 200);
      expect(all.some((i) => i.petition.id === ids.pF)).toBe(false);
      // a part of a day late counts as a day
      clock.set(new Date(addDays(START, 70).getTime() + 3_600_000));
      expect((await walk({ unit: UNIT, kind: ["REVIEW"] }, 5)).map((i) => i.daysOverdue)).toEqual([
        41,
      ]);
    });

    it("filters by unit, town and kind", async () => {
      expect((await walk({ unit: UNIT, townId: "4" }, 10)).map((i) => i.petition.id)).toEqual([
        ids.pF,
      ]);
      expect(
        (await walk({ unit: UNIT, kind: ["REPLY", "REVIEW"] }, 10)).map((i) => i.kind),
      ).toEqual(["REVIEW", "REPLY", "REPLY"]);
      expect((await walk({ unit: UNIT, kind: ["RECHECK"] }, 10)).map((i) => i.petition.id)).toEqual(
        [ids.pK],
      );
      expect(await walk({ unit: "没有这个单位" }, 10)).toEqual([]);
      // a page of one at a time gives the same list
      expect(await walk({ unit: UNIT }, 1)).toEqual(await walk({ unit: UNIT }, 200));
      // an answer takes the forwarding off the list
      await ok(ANSWER, { id: ids.fF2, version: 1, answer: "已受理并处理" });
      expect(
        (await walk({ unit: UNIT, kind: ["FORWARDING"] }, 10)).map((i) => i.forwarding.id),
      ).toEqual([ids.fF]);
    });

    it("chases a forwarded petition's acceptance again once every forwarding is answered, as `overdue` says", async () => {
      const unit = "答复后督查局";
      clock.set(START);
      const twice = await forward(await register({ townId: "5" }), {
        kind: "ASSIGN",
        unit,
        days: 3,
      });
      const again = await forward(twice.petition, { kind: "FORWARD", unit, days: 10 });
      clock.set(addDays(START, 2));
      await ok(ANSWER, { id: twice.id, version: 1, answer: "已处理,请信访局决定是否受理" });
      clock.set(addDays(START, 20));
      const acceptance = async () =>
        (await walk({ unit, kind: ["ACCEPTANCE", "FORWARDING"] }, 10)).map((i) => [
          i.kind,
          i.forwarding?.id ?? null,
          i.daysOverdue,
        ]);
      const overdue = async () => {
        const data = await ok(
          `query($id: ID!) { petition(id: $id) { overdue }
            petitions(filter: { overdue: true, ids: [$id] }) { edges { node { id } } } }`,
          { id: twice.petition.id },
          "leader",
        );
        return [
          data.petition.overdue,
          data.petitions.edges.some((e: any) => e.node.id === twice.petition.id),
        ];
      };
      // one forwarding still unanswered: chased through it, not through the acceptance
      expect(await acceptance()).toEqual([["FORWARDING", again.id, 10]]);
      await ok(ANSWER, { id: again.id, version: 1, answer: "已处理完毕" });
      // every unit answered, still neither accepted nor declined, past its 15 days
      expect(await acceptance()).toEqual([["ACCEPTANCE", null, 5]]);
      expect(await overdue()).toEqual([true, true]);
      // accepted: off the acceptance list, and no longer overdue
      const p = await read(twice.petition.id);
      expect(p.status).toBe("REGISTERED");
      await accept(p, unit);
      expect(await acceptance()).toEqual([]);
      expect(await overdue()).toEqual([false, false]);
    });

    it("walks the whole list without a gap or a repeat, the most days overdue first", async () => {
      const items = await walk(null, 150);
      expect(items.length).toBeGreaterThan(150);
      const days = items.map((i) => i.daysOverdue);
      expect([...days].sort((a, b) => b - a)).toEqual(days);
      const kinds = new Set(items.map((i) => i.kind));
      for (const k of ["ACCEPTANCE", "REPLY", "REVIEW", "RECHECK", "FORWARDING"])
        expect(kinds).toContain(k);
      for (const i of items) {
        expect(i.daysOverdue).toBe(
          Math.ceil((clock.now().getTime() - Date.parse(i.deadline)) / DAY_MS),
        );
        expect(i.daysOverdue).toBeGreaterThan(0);
      }
      // the kinds and towns partition the list
      const byKind = await Promise.all(
        ["ACCEPTANCE", "REPLY", "REVIEW", "RECHECK", "FORWARDING"].map(
          async (k) =>
            (await ok(LIST, { filter: { kind: [k] }, first: 0 }, "leader")).supervision.totalCount,
        ),
      );
      expect(byKind.reduce((a, b) => a + b)).toBe(items.length);
    });

    it("costs as many SQL statements for a page of 100 as for a page of 10", async () => {
      const query = `query($first: Int) { supervision(first: $first) { totalCount edges { node {
        kind daysOverdue unit forwarding { unit answer } petition { id title status town { name }
        forwardings { unit deadline } supervisions { note } backlog { batch } } } } } }`;
      const statements = async (first: number) => {
        const before = t.statements();
        const res = await t.as("integrator").query(query, { first });
        expect(res.errors).toBeUndefined();
        expect(res.data.supervision.edges).toHaveLength(first);
        return t.statements() - before;
      };
      const [s10, s100] = [await statements(10), await statements(100)];
      console.log(`supervision list: ${s10}/${s100} statements`);
      expect(s100).toBe(s10);
      expect(s10).toBeLessThanOrEqual(10);
    });

    it("refuses what is not a cursor, a page too big, a blank unit and callers who may not read cases", async () => {
      const bad = (vars: Record<string, unknown>, role: CallerRole = "leader") =>
        refused(LIST, vars, role);
      expect(await bad({ after: "bm90LWEtY3Vyc29y" })).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "after",
      });
      expect(await bad({ after: "WyIyMDE3LTAxLTAxIDAwOjAwOjAwLjAwMCIsOSwxXQ" })).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "after",
      });
      expect(await bad({ first: 201 })).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
      expect(await bad({ filter: { unit: "  " } })).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "filter.unit",
      });
      expect(await bad({ filter: { townId: "x" } })).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "filter.townId",
      });
      expect(await bad({}, "public")).toMatchObject({ code: "FORBIDDEN" });
      expect(await bad({}, "anonymous")).toMatchObject({ code: "UNAUTHENTICATED" });
    });
  });

  describe("the annual report", () => {
    const FIGURES = `query($year: Int!) { annualReport(year: $year) { forwardings { forwarded assigned answered answeredOnTime } } }`;
    const figures = async () =>
      (await ok(FIGURES, { year: 2026 }, "integrator")).annualReport.forwardings;

    it("counts the year's forwardings, assignments and answers in time", async () => {
      const before = await figures();
      const f1 = await forward(await register(), { kind: "FORWARD", unit: "县民政局" });
      const f2 = await forward(await register(), { kind: "ASSIGN", unit: "县民政局", days: 3 });
      await forward(await register(), { kind: "ASSIGN", unit: "县民政局", days: 3 });
      clock.advanceDays(2);
      await ok(ANSWER, { id: f1.id, version: 1, answer: "已按期答复" });
      clock.advanceDays(3);
      await ok(ANSWER, { id: f2.id, version: 1, answer: "逾期答复" });
      expect(await figures()).toEqual({
        forwarded: before.forwarded + 1,
        assigned: before.assigned + 2,
        answered: before.answered + 2,
        answeredOnTime: before.answeredOnTime + 1,
      });
    });

    it("counts a forwarding or assignment within the 15 days as a timely decision (及时受理)", async () => {
      const rate = async (unit: string) =>
        (
          await ok(
            `query($unit: String!) { statistics(from: "2026-03-02", to: "2026-03-02", by: DAY, filter: { unit: $unit }) {
              timelyAcceptance { values } } }`,
            { unit },
            "leader",
          )
        ).statistics.timelyAcceptance.values;
      const inTime = await register();
      const late = await register();
      clock.advanceDays(2);
      await forward(inTime, { kind: "ASSIGN", unit: "县及时受理核对局", days: 10 });
      clock.advanceDays(18);
      await forward(late, { kind: "FORWARD", unit: "县逾期转送核对局" });
      expect(await rate("县及时受理核对局")).toEqual([1]);
      expect(await rate("县逾期转送核对局")).toEqual([0]);
    });

    it("leaves every figure of 2017 as it was, with no forwardings in it", async () => {
      const now = await ok(REPORT_2017, undefined, "integrator");
      expect(now).toEqual(report2017);
      expect(now.annualReport.forwardings).toEqual({
        forwarded: 0,
        assigned: 0,
        answered: 0,
        answeredOnTime: 0,
      });
      expect(now.annualReport.visits.all).toMatchObject({ count: 1451, persons: 8498 });
    });
  });
});

describe("the supervision list on the demo's clock (DEMO_AS_OF)", () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem({ env: { DEMO_AS_OF: "2017-12-31" } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("counts days overdue as of the demo's day", async () => {
    const before = demoClock("2017-12-31").now().getTime();
    const res = await t.as("leader").query(LIST, { first: 200 });
    const after = demoClock("2017-12-31").now().getTime();
    expect(res.errors).toBeUndefined();
    const items = res.data.supervision.edges.map((e: any) => e.node);
    expect(items.length).toBeGreaterThan(0);
    for (const i of items) {
      const deadline = Date.parse(i.deadline);
      expect(deadline).toBeLessThan(after);
      expect(i.daysOverdue).toBeGreaterThanOrEqual(Math.ceil((before - deadline) / DAY_MS));
      expect(i.daysOverdue).toBeLessThanOrEqual(Math.ceil((after - deadline) / DAY_MS));
    }
    // the data's own year: nothing is years late
    expect(items[0].daysOverdue).toBeLessThan(400);
  });
});
