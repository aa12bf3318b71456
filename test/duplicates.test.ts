import { idNumberCheckDigit } from "../common/domain";
import { FixedClock } from "../common/time";
import { Petition } from "../subgraphs/bureau/entities/petition";
import { MAX_CANDIDATES_PER_PROBE } from "../subgraphs/bureau/services/duplicates";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * 查重 (issue 16): open petitions of the same ID number, or of the same town and category with
 * a similar text within 90 days, suggested for a petition and for a registration before it is
 * made, ranked; merged duplicates and repeats as reverse links.
 */
const NOW = new Date("2026-06-01T02:00:00.000Z");

function idn(seq: number): string {
  const first17 = `11010219800101${String(seq).padStart(3, "0")}`;
  return first17 + idNumberCheckDigit(first17);
}

const REGISTER = `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { id version } }`;
const SUGGESTIONS = `petition { id } sameIdNumber sameTownAndCategory textSimilarity reason`;

describe("duplicates (查重), merged duplicates and repeats", () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem({ clock: new FixedClock(NOW) });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const PERSON = { name: "王查重", idNumber: idn(1), phone: "13900000001" };
  const input = (o: {
    title?: string;
    content: string;
    at: string;
    townId?: string;
    category?: string;
    people?: Record<string, unknown>[];
    repeatOf?: string;
  }) => ({
    title: o.title ?? "拖欠工资",
    content: o.content,
    channel: "VISIT",
    source: "COUNTY_INTAKE",
    category: o.category ?? "WAGE_ARREARS",
    townId: o.townId ?? "1",
    receivedAt: new Date(o.at).toISOString(),
    petitioners: o.people ?? [{ name: "路人甲" }],
    repeatOf: o.repeatOf,
  });
  async function register(o: Parameters<typeof input>[0]) {
    const res = await t.as("bureau").query(REGISTER, { input: input(o) });
    expect(res.errors).toBeUndefined();
    return res.data.registerPetition as { id: string; version: number };
  }
  const TEXT = "东营村某建筑公司拖欠三十名工人工资八个月,请求协调解决。";

  let a: { id: string }, b: { id: string }, b2: { id: string }, e: { id: string };
  let m: { id: string }, p: { id: string }, r: { id: string };
  beforeAll(async () => {
    // the same person on the same matter, still open
    a = await register({ content: TEXT, at: "2026-04-01T01:00:00Z", people: [PERSON] });
    // the same person on another matter, in another town
    e = await register({
      title: "路灯损坏",
      content: "村道路灯损坏多日无人维修,请求修复。",
      category: "OTHER",
      townId: "2",
      at: "2026-01-05T01:00:00Z",
      people: [PERSON],
    });
    // same town and category, similar texts (b more than b2)
    b = await register({
      content: "东营村某建筑公司拖欠工人工资已八个月,请求协调解决。",
      at: "2026-05-01T01:00:00Z",
    });
    b2 = await register({
      title: "建筑公司欠薪",
      content: "某建筑公司拖欠工人工资,请求解决。",
      at: "2026-05-20T01:00:00Z",
    });
    // not suggested: unlike text; another town; more than 90 days before; merged
    await register({
      title: "食堂承包合同纠纷",
      content: "学校食堂承包合同到期后押金未退还,请求处理。",
      at: "2026-05-02T01:00:00Z",
    });
    await register({ content: TEXT, townId: "2", at: "2026-05-03T01:00:00Z" });
    await register({ content: TEXT, at: "2026-01-20T01:00:00Z" });
    m = await register({ content: TEXT, at: "2026-05-04T01:00:00Z" });
    const merged = await t.as("bureau").query(
      `mutation($id: ID!, $version: Int!, $into: ID!) {
        mergePetition(id: $id, version: $version, intoId: $into) { status duplicateOf { id } } }`,
      { id: m.id, version: 1, into: b.id },
    );
    expect(merged.errors).toBeUndefined();
    expect(merged.data.mergePetition).toEqual({ status: "MERGED", duplicateOf: { id: b.id } });
    // the petition asked about, and a repeat of a
    p = await register({ content: TEXT, at: "2026-05-25T01:00:00Z", people: [PERSON] });
    r = await register({ content: TEXT, at: "2026-05-26T01:00:00Z", repeatOf: a.id });
  });

  it("suggests open petitions of the same ID number first, then by text similarity, and says why", async () => {
    const res = await t
      .as("bureau")
      .query(
        `query($id: ID!) { petition(id: $id) { possibleDuplicates(first: 10) { ${SUGGESTIONS} } } }`,
        { id: p.id },
      );
    expect(res.errors).toBeUndefined();
    const found = res.data.petition.possibleDuplicates;
    // a and e share the ID number (a's text the more alike); then r (the same text), b, b2
    expect(found.map((d: { petition: { id: string } }) => d.petition.id)).toEqual([
      a.id,
      e.id,
      r.id,
      b.id,
      b2.id,
    ]);
    expect(found[0]).toMatchObject({
      sameIdNumber: true,
      sameTownAndCategory: true,
      textSimilarity: 1,
    });
    expect(found[0].reason).toContain("same ID number");
    expect(found[1]).toMatchObject({ sameIdNumber: true, sameTownAndCategory: false });
    expect(found[3]).toMatchObject({ sameIdNumber: false, sameTownAndCategory: true });
    expect(found[3].textSimilarity).toBeGreaterThan(found[4].textSimilarity);
    expect(found[4].textSimilarity).toBeGreaterThanOrEqual(0.3);
    // `first` keeps the best
    const two = await t
      .as("bureau")
      .query(
        `query($id: ID!) { petition(id: $id) { possibleDuplicates(first: 2) { petition { id } } } }`,
        { id: p.id },
      );
    expect(two.data.petition.possibleDuplicates).toEqual([
      { petition: { id: a.id } },
      { petition: { id: e.id } },
    ]);
    const bad = await t
      .as("bureau")
      .query(`query($id: ID!) { petition(id: $id) { possibleDuplicates(first: 0) { reason } } }`, {
        id: p.id,
      });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
  });

  it("suggests the same for a registration before it is made, to the bureau only", async () => {
    const draft = input({ content: TEXT, at: "2026-05-31T01:00:00Z", people: [PERSON] });
    const query = `query($input: RegisterPetitionInput!) { possibleDuplicates(input: $input, first: 10) { ${SUGGESTIONS} } }`;
    const res = await t.as("bureau").query(query, { input: draft });
    expect(res.errors).toBeUndefined();
    // p and a alike in all: the nearer in time first
    expect(
      res.data.possibleDuplicates.map((d: { petition: { id: string } }) => d.petition.id),
    ).toEqual([p.id, a.id, e.id, r.id, b.id, b2.id]);
    for (const role of ["leader", "masswork", "integrator", "public", "anonymous"] as const) {
      const refused = await t.as(role).query(query, { input: draft });
      expect(refused.errors?.[0].extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    }
    const badId = await t.as("bureau").query(query, {
      input: { ...draft, petitioners: [{ name: "甲", idNumber: "123" }] },
    });
    expect(badId.errors?.[0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "input.petitioners[0].idNumber",
    });
  });

  it("never shows the ID number through a suggestion to a role that may not read it", async () => {
    const ask = `query($id: ID!) { petition(id: $id) { possibleDuplicates(first: 3) {
      reason sameIdNumber petition { petitioners { name idNumber phone } } } } }`;
    const masswork = await t.as("masswork").query(ask, { id: p.id });
    expect(masswork.errors).toBeUndefined();
    const text = JSON.stringify(masswork.data);
    expect(masswork.data.petition.possibleDuplicates[0].sameIdNumber).toBe(true);
    expect(text).not.toContain(PERSON.idNumber);
    expect(text).not.toContain(PERSON.idNumber.slice(6, 14));
    expect(text).not.toContain(PERSON.name);
    expect(text).not.toContain(PERSON.phone);
    // the bureau reads them, as it reads any petitioner
    const bureau = await t.as("bureau").query(ask, { id: p.id });
    expect(JSON.stringify(bureau.data)).toContain(PERSON.idNumber);
  });

  it("lists merged duplicates and repeats as reverse links, and merging keeps working", async () => {
    const res = await t.as("leader").query(
      `query($a: ID!, $b: ID!, $m: ID!) {
        a: petition(id: $a) { repeats { id repeatOf { id } } duplicates { id } }
        b: petition(id: $b) { duplicates { id status duplicateOf { id } } repeats { id } }
        m: petition(id: $m) { duplicates { id } } }`,
      { a: a.id, b: b.id, m: m.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      a: { repeats: [{ id: r.id, repeatOf: { id: a.id } }], duplicates: [] },
      b: { duplicates: [{ id: m.id, status: "MERGED", duplicateOf: { id: b.id } }], repeats: [] },
      m: { duplicates: [] },
    });
  });

  it("costs as many SQL statements for a page of 100 as for a page of 10", async () => {
    const page = `query($first: Int) { petitions(first: $first) { edges { node { id
      possibleDuplicates(first: 3) { petition { id title } sameIdNumber reason }
      duplicates { id } repeats { id } } } } }`;
    const statements = async (first: number) => {
      const before = t.statements();
      const res = await t.as("integrator").query(page, { first });
      expect(res.errors).toBeUndefined();
      expect(res.data.petitions.edges).toHaveLength(first);
      return t.statements() - before;
    };
    const [s10, s100] = [await statements(10), await statements(100)];
    console.log(`possible duplicates page: ${s10}/${s100} statements`);
    expect(s100).toBe(s10);
    expect(s10).toBeLessThanOrEqual(8);
  });
  it("reads at most the newest MAX_CANDIDATES_PER_PROBE of a town and category in a probe's window", async () => {
    const ask = async (id: string) => {
      const res = await t
        .as("bureau")
        .query(
          `query($id: ID!) { petition(id: $id) { possibleDuplicates(first: 20) { petition { id } } } }`,
          { id },
        );
      expect(res.errors).toBeUndefined();
      return res.data.petition.possibleDuplicates.map((d: any) => d.petition.id);
    };
    const LAND = "北坞村宅基地被邻户侵占,多次协商未果,请求依法确权并恢复原状。";
    const old = await register({
      content: LAND,
      category: "LAND_ACQUISITION",
      townId: "3",
      at: "2026-03-10T01:00:00Z",
    });
    const probe = await register({
      content: LAND,
      category: "LAND_ACQUISITION",
      townId: "3",
      at: "2026-05-28T01:00:00Z",
    });
    expect(await ask(probe.id)).toEqual([old.id]);
    // as many unlike open petitions of that town and category, all newer than the old one
    const db = t.system.subgraphs.bureau!.database.dataSource;
    const row = await db.getRepository(Petition).findOneByOrFail({ id: Number(probe.id) });
    const fill = Array.from({ length: MAX_CANDIDATES_PER_PROBE }, (_, i) => {
      const { id: _id, ...rest } = row;
      return {
        ...rest,
        serialNo: `XFCAP-${String(i).padStart(6, "0")}`,
        title: "征地补偿款发放",
        content: `第${i}户反映征地补偿款迟迟未发放到位。`,
        receivedAt: new Date(Date.parse("2026-04-01T01:00:00Z") + i * 60_000),
      };
    });
    for (let i = 0; i < fill.length; i += 50)
      await db.getRepository(Petition).insert(fill.slice(i, i + 50));
    const filler = "serial_no LIKE 'XFCAP-%'";
    try {
      // the old one is beyond the newest 500: not read, so not suggested
      expect(await ask(probe.id)).toEqual([]);
      // closed, the others are no candidates, and the old one is read again
      await db.query(`UPDATE petition SET status = 'CLOSED' WHERE ${filler}`);
      expect(await ask(probe.id)).toEqual([old.id]);
    } finally {
      await db.query(`DELETE FROM petition WHERE ${filler}`);
    }
  });
});
