import { idNumberCheckDigit } from "../common/domain";
import { FixedClock } from "../common/time";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * 更正: a clerk puts right what a registration got wrong (issue 16). Only the fields given
 * change, with a reason; each change is a line of the history (personal data masked in it);
 * stale versions are refused; the procedure's status and dates stay as they were.
 */
const START = new Date("2026-03-02T02:00:00.000Z");

function validIdNumber(seq: string): string {
  const first17 = `13102819750505${seq}`;
  return first17 + idNumberCheckDigit(first17);
}

const REGISTER = `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) {
  id version petitioners { id version } } }`;
const CORRECT = `mutation($id: ID!, $version: Int!, $input: CorrectPetitionInput!) {
  correctPetition(id: $id, version: $version, input: $input) {
    id version title content category channel town { id } status receivedAt acceptanceDeadline serialNo
    history { from to note actor } } }`;
const CORRECT_PERSON = `mutation($id: ID!, $version: Int!, $input: CorrectPetitionerInput!) {
  correctPetitioner(id: $id, version: $version, input: $input) { id version name idNumber phone } }`;
const READ = `query($id: ID!) { petition(id: $id) { version title category status receivedAt
  acceptanceDeadline serialNo history { note } petitioners { id name idNumber phone } } }`;

describe("corrections (更正)", () => {
  let t: TestSystem;
  const clock = new FixedClock(START);
  beforeAll(async () => {
    t = await startTestSystem({ clock });
  });
  afterAll(async () => {
    await t?.stop();
  });

  let n = 0;
  async function register(
    person: Record<string, unknown> = {},
    over: Record<string, unknown> = {},
  ) {
    n++;
    const res = await t.as("bureau").query(REGISTER, {
      input: {
        title: `更正测试事项${n}`,
        content: "某企业拖欠工资三个月,请求协调解决。",
        channel: "LETTER",
        source: "COUNTY_INTAKE",
        category: "WAGE_ARREARS",
        townId: "1",
        petitioners: [{ name: "赵更正", phone: "13800000001", ...person }],
        ...over,
      },
    });
    expect(res.errors).toBeUndefined();
    return res.data.registerPetition as {
      id: string;
      version: number;
      petitioners: { id: string; version: number }[];
    };
  }
  const read = async (id: string) => (await t.as("leader").query(READ, { id })).data.petition;
  const codeOf = (res: { errors?: { extensions?: Record<string, unknown> }[] }) =>
    res.errors?.[0]?.extensions;

  it("changes only the fields given, writes each change and the reason into the history, and leaves the procedure alone", async () => {
    const p = await register();
    const before = await read(p.id);
    const res = await t.as("bureau", "clerk-7").query(CORRECT, {
      id: p.id,
      version: p.version,
      input: {
        reason: "登记时类别选错",
        title: "拖欠工程款纠纷",
        category: "LABOR_AND_SOCIAL_SECURITY",
        townId: "2",
      },
    });
    expect(res.errors).toBeUndefined();
    const c = res.data.correctPetition;
    expect(c).toMatchObject({
      version: p.version + 1,
      title: "拖欠工程款纠纷",
      category: "LABOR_AND_SOCIAL_SECURITY",
      channel: "LETTER",
      town: { id: "2" },
      status: before.status,
      receivedAt: before.receivedAt,
      acceptanceDeadline: before.acceptanceDeadline,
      serialNo: before.serialNo,
    });
    const line = c.history[c.history.length - 1];
    expect(line).toMatchObject({ from: before.status, to: before.status, actor: "clerk-7" });
    expect(line.note).toContain(`title “${before.title}” → “拖欠工程款纠纷”`);
    expect(line.note).toContain("category “WAGE_ARREARS” → “LABOR_AND_SOCIAL_SECURITY”");
    expect(line.note).toContain("townId “1” → “2”");
    expect(line.note).toContain("登记时类别选错");
    // search finds it by its corrected title at once
    const found = await t
      .as("leader")
      .query(`{ search(text: "拖欠工程款纠纷") { petitions(first: 20) { id } } }`);
    expect(found.data.search.petitions.map((x: { id: string }) => x.id)).toContain(p.id);
  });

  it("refuses a stale version, an empty or idle correction, an unknown town, a missing reason; nothing is stored", async () => {
    const p = await register();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ reason: "更正原因", title: "新的标题" }, p.version + 1, "CONFLICT"],
      [{ reason: "更正原因" }, p.version, "input"],
      [{ reason: "更正原因", category: "WAGE_ARREARS" }, p.version, "input"],
      [{ reason: "更正原因", townId: "999" }, p.version, "input.townId"],
      [{ reason: "", title: "新的标题" }, p.version, "input.reason"],
      [{ reason: "更正原因", title: "x" }, p.version, "input.title"],
    ];
    for (const [input, version, expected] of cases) {
      const res = await t.as("bureau").query(CORRECT, { id: p.id, version, input });
      const ext = codeOf(res);
      if (expected === "CONFLICT") expect(ext?.code).toBe("CONFLICT");
      else expect(ext).toMatchObject({ code: "BAD_USER_INPUT", field: expected });
    }
    const after = await read(p.id);
    expect(after.version).toBe(p.version);
    expect(
      after.history.some((h: { note: string | null }) => h.note?.startsWith("corrected")),
    ).toBe(false);
    // only bureau staff correct
    const leader = await t.as("leader").query(CORRECT, {
      id: p.id,
      version: p.version,
      input: { reason: "更正原因", title: "新的标题" },
    });
    expect(codeOf(leader)?.code).toBe("FORBIDDEN");
  });

  it("refuses a channel that contradicts the call or message the petition was registered from", async () => {
    const call = await t
      .as("service-center")
      .query(`mutation($input: RecordCallInput!) { recordCall(input: $input) { id } }`, {
        input: {
          receivedAt: new Date(START.getTime() - 3_600_000).toISOString(),
          summary: "来电反映企业拖欠工资,要求登记信访",
          category: "WAGE_ARREARS",
          townId: "1",
          callerPhone: "13912345678",
        },
      });
    expect(call.errors).toBeUndefined();
    const message = await t
      .as("public")
      .query(
        `mutation { postMessage(title: "工资被拖欠", content: "某工地拖欠工资三个月未发。", category: WAGE_ARREARS) { id } }`,
      );
    expect(message.errors).toBeUndefined();
    const fromCall = await register(
      {},
      { channel: "PHONE", sourceCallId: call.data.recordCall.id },
    );
    const fromMessage = await register(
      {},
      { channel: "ONLINE", sourceMessageId: message.data.postMessage.id },
    );
    const correct = (p: { id: string; version: number }, input: Record<string, unknown>) =>
      t.as("bureau").query(CORRECT, { id: p.id, version: p.version, input });
    for (const [p, from, others] of [
      [fromCall, "hotline call", ["LETTER", "VISIT", "ONLINE", "EMAIL", "FAX"]],
      [fromMessage, "website message", ["LETTER", "VISIT", "PHONE", "EMAIL", "FAX"]],
    ] as const) {
      const before = await read(p.id);
      for (const channel of others) {
        const res = await correct(p, { reason: "来源登记有误", channel, title: "更正后的标题" });
        expect(codeOf(res)).toMatchObject({ code: "BAD_USER_INPUT", field: "input.channel" });
        expect(res.errors![0].message).toContain(from);
      }
      // nothing of the corrections is stored, the title neither
      expect(await read(p.id)).toEqual(before);
      expect(before.version).toBe(p.version);
    }
    // the channel it came by is no change; other fields are corrected as ever
    expect(codeOf(await correct(fromCall, { reason: "更正原因", channel: "PHONE" }))).toMatchObject(
      { code: "BAD_USER_INPUT", field: "input" },
    );
    const titled = await correct(fromMessage, { reason: "标题有误", title: "网上反映工资拖欠" });
    expect(titled.errors).toBeUndefined();
    expect(titled.data.correctPetition).toMatchObject({
      channel: "ONLINE",
      title: "网上反映工资拖欠",
    });
    // a petition with no source link may take any channel
    const letter = await register();
    const phoned = await correct(letter, { reason: "实为电话反映", channel: "PHONE" });
    expect(phoned.data.correctPetition.channel).toBe("PHONE");
  });

  it("of several clerks correcting the same version at once, exactly one is stored", async () => {
    const p = await register();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.as("bureau", `clerk-${i}`).query(CORRECT, {
          id: p.id,
          version: p.version,
          input: { reason: "并发更正", title: `并发更正标题${i}` },
        }),
      ),
    );
    const won = results.filter((r) => !r.errors);
    expect(won).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expect(codeOf(r)?.code).toBe("CONFLICT");
    const after = await read(p.id);
    expect(after.version).toBe(p.version + 1);
    expect(after.title).toBe(won[0].data.correctPetition.title);
    expect(
      after.history.filter((h: { note: string | null }) => h.note?.startsWith("corrected")),
    ).toHaveLength(1);
  });

  it("corrects a petitioner, with the change in each of their petitions' history, masked", async () => {
    const wrongId = validIdNumber("111");
    const rightId = validIdNumber("222");
    const p1 = await register({ name: "钱错名", idNumber: wrongId });
    const p2 = await register({ name: "钱错名", idNumber: wrongId });
    const person = p1.petitioners[0];
    expect(p2.petitioners[0].id).toBe(person.id);

    const res = await t.as("bureau").query(CORRECT_PERSON, {
      id: person.id,
      version: person.version,
      input: {
        reason: "身份证号录入有误",
        name: "钱正名",
        idNumber: rightId,
        phone: "13911112222",
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.correctPetitioner).toMatchObject({
      version: person.version + 1,
      name: "钱正名",
      idNumber: rightId,
      phone: "13911112222",
    });
    for (const id of [p1.id, p2.id]) {
      const petition = await read(id);
      const note: string = petition.history[petition.history.length - 1].note;
      expect(note).toContain(`petitioner ${person.id} corrected`);
      expect(note).toContain("name 钱** → 钱**");
      expect(note).toContain("身份证号录入有误");
      // never the values themselves
      for (const secret of ["钱错名", "钱正名", wrongId, rightId, "13911112222", "13800000001"])
        expect(note).not.toContain(secret);
    }
    // stale version refused, nothing stored
    const stale = await t.as("bureau").query(CORRECT_PERSON, {
      id: person.id,
      version: person.version,
      input: { reason: "再次更正", name: "钱三" },
    });
    expect(codeOf(stale)?.code).toBe("CONFLICT");
  });

  it("refuses an ID number another petitioner has, and an invalid one; nothing is stored", async () => {
    const taken = validIdNumber("333");
    await register({ name: "孙已有", idNumber: taken });
    const p = await register({ name: "孙另一", idNumber: validIdNumber("444") });
    const person = p.petitioners[0];
    for (const [idNumber, reasonText] of [
      [taken, /another petitioner/],
      ["131028197505054440", /check digit|birth/],
    ] as const) {
      const res = await t.as("bureau").query(CORRECT_PERSON, {
        id: person.id,
        version: person.version,
        input: { reason: "更正身份证号", idNumber },
      });
      expect(codeOf(res)).toMatchObject({ code: "BAD_USER_INPUT", field: "input.idNumber" });
      expect(String(codeOf(res)?.reason)).toMatch(reasonText);
    }
    const after = await read(p.id);
    expect(after.petitioners[0].idNumber).toBe(validIdNumber("444"));
  });
});
