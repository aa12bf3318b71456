import type { DataSource } from "typeorm";
import { idNumberCheckDigit } from "../common/domain";
import { FixedClock } from "../common/time";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * The per-owner lists a page at a time: `visitPage`, `historyPage`, `forwardingPage`,
 * `repeatPage`, `duplicatePage` on a petition, `petitionPage` on a petitioner, and masswork's
 * `digestPage` on the records a digest cites. Each walks its plain list in its order, refuses a
 * bad cursor or size naming the argument, and costs the same statements for 2 parents as for 20.
 */
const NOW = "2026-06-01T02:00:00.000Z";

function idn(seq: number): string {
  const first17 = `11010219850101${String(seq).padStart(3, "0")}`;
  return first17 + idNumberCheckDigit(first17);
}

/** a history line has no id: it is told by its time, status and note */
const HISTORY_LINE = "at to note";
const PAGE = `pageInfo { hasNextPage endCursor } edges { cursor node { id } }`;
const pageOf = (node: string) =>
  `pageInfo { hasNextPage endCursor } edges { cursor node { ${node} } }`;
/** a node as the walk compares it: its id, or the whole line */
const told = (n: Record<string, unknown>) => (typeof n.id === "string" ? n.id : JSON.stringify(n));
const ARGS = `($first: Int, $after: String)`;
const PAGED = `(first: $first, after: $after)`;

interface Page {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: Record<string, unknown> }[];
}

describe("per-owner lists paged by cursor", () => {
  const clock = new FixedClock(new Date(NOW));
  let t: TestSystem;
  const db = (name: "masswork" | "service-center" | "bureau"): DataSource =>
    t.system.subgraphs[name]!.database.dataSource;

  async function ok(query: string, variables: Record<string, unknown> = {}, role = "bureau") {
    const res = await t.as(role as "bureau").query(query, variables);
    expect(res.errors).toBeUndefined();
    return res.data;
  }

  const PERSON = { name: "李分页", idNumber: idn(7), phone: "13900000077" };
  const registerInput = (at: string, repeatOf?: string) => ({
    title: "拖欠工资",
    content: "某建筑公司拖欠工人工资三个月,请求协调解决。",
    channel: "VISIT",
    source: "COUNTY_INTAKE",
    category: "WAGE_ARREARS",
    townId: "1",
    receivedAt: at,
    petitioners: [PERSON],
    repeatOf,
  });
  const register = async (at: string, repeatOf?: string) =>
    (
      await ok(
        `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { id version } }`,
        { input: registerInput(at, repeatOf) },
      )
    ).registerPetition as { id: string; version: number };
  const versionOf = async (id: string) =>
    (await ok(`query($id: ID!) { petition(id: $id) { version } }`, { id })).petition
      .version as number;

  /** the case everything below hangs on, the petitioner's id, and the digests' other sources */
  let a: string;
  let petitionerId: string;
  let messageId: string;
  let messagePetition: string;
  let callId: string;
  let receptionId: string;
  /** the petition the reception is about: a reception is reached through it */
  let receptionOf: string;

  beforeAll(async () => {
    t = await startTestSystem({ clock });
    a = (await register("2026-04-01T01:00:00.000Z")).id;
    // repeats and duplicates received out of the order they are registered in
    for (const at of ["2026-05-10T01:00:00Z", "2026-05-02T01:00:00Z", "2026-05-05T01:00:00Z"])
      await register(at, a);
    for (const at of ["2026-04-20T01:00:00Z", "2026-04-03T01:00:00Z", "2026-04-20T01:00:00Z"]) {
      const d = await register(at);
      await ok(
        `mutation($id: ID!, $v: Int!, $into: ID!) { mergePetition(id: $id, version: $v, intoId: $into) { id } }`,
        { id: d.id, v: d.version, into: a },
      );
    }
    // visits out of order, two at one moment (then by id)
    for (const at of [
      "2026-04-09T01:00:00Z",
      "2026-04-02T01:00:00Z",
      "2026-04-09T01:00:00Z",
      "2026-04-05T01:00:00Z",
    ])
      await ok(`mutation($input: VisitInput!) { recordVisit(input: $input) { id } }`, {
        input: { petitionId: a, receivedAt: at, level: "COUNTY", headcount: 1 },
      });
    for (const unit of ["县人社局", "县住建局", "县劳动监察大队"])
      await ok(
        `mutation($id: ID!, $v: Int!, $u: String!) {
          forwardPetition(id: $id, version: $v, kind: FORWARD, unit: $u, days: 15) { id } }`,
        { id: a, v: await versionOf(a), u: unit },
      );
    petitionerId = (
      await ok(`query($id: ID!) { petition(id: $id) { petitioners { id } } }`, { id: a })
    ).petition.petitioners[0].id;

    const first = async (name: "masswork" | "service-center", sql: string) =>
      String(((await db(name).query(sql)) as { id: number }[])[0].id);
    // a message a petition was registered from: the petition reaches its digests too
    const [fromMessage] = (await db("bureau").query(
      "SELECT id, source_message_id FROM petition WHERE source_message_id IS NOT NULL ORDER BY id LIMIT 1",
    )) as { id: number; source_message_id: number }[];
    messageId = String(fromMessage.source_message_id);
    messagePetition = String(fromMessage.id);
    callId = await first("service-center", "SELECT id FROM hotline_call ORDER BY id LIMIT 1");
    receptionId = await first(
      "masswork",
      "SELECT id FROM reception WHERE petition_id IS NOT NULL ORDER BY id LIMIT 1",
    );
    const receptionPetition = String(
      (
        (await db("masswork").query(
          `SELECT petition_id FROM reception WHERE id = ${receptionId}`,
        )) as {
          petition_id: number;
        }[]
      )[0].petition_id,
    );
    receptionOf = receptionPetition;
    // digests published at different moments, two at one moment (then by id, newest first)
    for (const at of [
      "2026-05-20T02:00:00.000Z",
      "2026-05-21T02:00:00.000Z",
      "2026-05-21T02:00:00.000Z",
    ]) {
      clock.set(at);
      await ok(
        `mutation($input: WriteDigestInput!) { writeDigest(input: $input) { id } }`,
        {
          input: {
            title: "社情民意:群众关注拖欠工资",
            summary: "近期多名群众反映拖欠工资问题,建议集中排查。",
            townId: "1",
            category: "WAGE_ARREARS",
            periodFrom: "2026-05-01",
            periodTo: "2026-05-19",
            sources: [
              { kind: "PETITION", id: a },
              { kind: "MESSAGE", id: messageId },
              { kind: "CALL", id: callId },
              { kind: "RECEPTION", id: receptionId },
            ],
          },
        },
        "masswork",
      );
    }
    clock.set(NOW);
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** how to reach each paged field, its plain list, and the parent's id */
  const fields = () => [
    { root: `petition(id: "${a}")`, list: "visits", page: "visitPage" },
    { root: `petition(id: "${a}")`, list: "history", page: "historyPage", node: HISTORY_LINE },
    { root: `petition(id: "${a}")`, list: "forwardings", page: "forwardingPage" },
    { root: `petition(id: "${a}")`, list: "repeats", page: "repeatPage" },
    { root: `petition(id: "${a}")`, list: "duplicates", page: "duplicatePage" },
    { root: `petitioner(id: "${petitionerId}")`, list: "petitions", page: "petitionPage" },
    { root: `petition(id: "${a}")`, list: "digests", page: "digestPage" },
    { root: `onlineMessage(id: "${messageId}")`, list: "digests", page: "digestPage" },
    { root: `hotlineCall(id: "${callId}")`, list: "digests", page: "digestPage" },
  ];

  /** the plain list's ids, and every page of the paged field walked `size` at a time */
  async function walk(root: string, list: string, page: string, size: number, node = "id") {
    const plain = (await ok(`{ x: ${root} { ${list} { ${node} } } }`)).x[list].map(told);
    const pages: Page[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const p: Page = (
        await ok(`query${ARGS} { x: ${root} { ${page}${PAGED} { ${pageOf(node)} } } }`, {
          first: size,
          after,
        })
      ).x[page];
      pages.push(p);
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    return { plain, pages };
  }

  it.each([1, 2])(
    "walks every list %i at a time, in the list's order, none twice or skipped",
    async (size) => {
      for (const f of fields()) {
        const { plain, pages } = await walk(f.root, f.list, f.page, size, f.node);
        expect(plain.length).toBeGreaterThanOrEqual(3);
        const walked = pages.flatMap((p) => p.edges.map((e) => told(e.node)));
        expect({ field: f.page, of: f.root, ids: walked }).toEqual({
          field: f.page,
          of: f.root,
          ids: plain,
        });
        pages.forEach((p, i) => {
          const last = i === pages.length - 1;
          expect(p.edges.length).toBe(last ? plain.length - size * i : size);
          expect(p.pageInfo.hasNextPage).toBe(!last);
          expect(p.pageInfo.endCursor).toBe(p.edges.length ? p.edges.at(-1)!.cursor : null);
        });
      }
    },
  );

  it("pages a reception's digests too, and counts every list", async () => {
    const { petition } = await ok(
      `query($id: ID!) { petition(id: $id) { receptions { id digests { id } digestPage(first: 2) { totalCount ${PAGE} } } } }`,
      { id: receptionOf },
    );
    const r = petition.receptions.find((x: { id: string }) => x.id === receptionId);
    expect(r.digests.length).toBe(3);
    expect(r.digestPage.totalCount).toBe(3);
    expect(r.digestPage.edges.map((e: Page["edges"][0]) => e.node.id)).toEqual(
      r.digests.slice(0, 2).map((d: { id: string }) => d.id),
    );
    for (const f of fields()) {
      const x = (await ok(`{ x: ${f.root} { ${f.list} { __typename } ${f.page} { totalCount } } }`))
        .x;
      expect({ field: f.page, n: x[f.page].totalCount }).toEqual({
        field: f.page,
        n: x[f.list].length,
      });
    }
  });

  it("keeps the lists' order: visits and repeats by time received, digests newest first", async () => {
    const { x } = await ok(
      `{ x: petition(id: "${a}") {
          visitPage(first: 4) { edges { node { receivedAt } } }
          repeatPage { edges { node { receivedAt } } }
          digestPage { edges { node { publishedAt } } } } }`,
    );
    const times = (p: { edges: { node: Record<string, string> }[] }, k: string) =>
      p.edges.map((e) => e.node[k]);
    const visits = times(x.visitPage, "receivedAt");
    expect(visits).toEqual([...visits].sort());
    const repeats = times(x.repeatPage, "receivedAt");
    expect(repeats).toEqual([...repeats].sort());
    const digests = times(x.digestPage, "publishedAt");
    expect(digests).toEqual([...digests].sort().reverse());
  });

  it("refuses a bad cursor and a page over 200, naming the argument and the field", async () => {
    for (const f of fields()) {
      for (const [vars, arg] of [
        [{ first: 201 }, "first"],
        [{ first: -1 }, "first"],
        [{ after: "bm90LWEtY3Vyc29y" }, "after"],
        [{ after: "%%%" }, "after"],
      ] as const) {
        const res = await t
          .as("bureau")
          .query(
            `query${ARGS} { x: ${f.root} { ${f.page}${PAGED} { ${pageOf(f.node ?? "id")} } } }`,
            vars,
          );
        const err = res.errors?.[0];
        expect({
          field: f.page,
          vars,
          code: err?.extensions?.code,
          arg: err?.extensions?.field,
        }).toEqual({
          field: f.page,
          vars,
          code: "BAD_USER_INPUT",
          arg,
        });
        expect(err?.path?.at(-1)).toBe(f.page);
      }
    }
  });

  it("is read by whoever reads the list: a citizen is refused digests and their pages alike", async () => {
    const res = await t
      .as("public")
      .query(
        `{ onlineMessage(id: "${messageId}") { id digests { id } digestPage { totalCount } } }`,
      );
    const refused = (res.errors ?? []).map((e) => [e.extensions?.code, e.path?.at(-1)]);
    expect(refused.sort()).toEqual([
      ["FORBIDDEN", "digestPage"],
      ["FORBIDDEN", "digests"],
    ]);
    // nullable as every field masswork adds: the message itself still answers
    expect(res.data?.onlineMessage).toEqual({ id: messageId, digests: null, digestPage: null });
  });

  it("shows the petitioners as the list does: masked for an integrator, unmasked for the bureau", async () => {
    const q = `{ x: petitioner(id: "${petitionerId}") {
      petitions { petitioners { name idNumber phone } }
      petitionPage(first: 200) { edges { node { petitioners { name idNumber phone } } } } } }`;
    for (const role of ["integrator", "bureau"]) {
      const { x } = await ok(q, {}, role);
      expect(x.petitionPage.edges.map((e: Page["edges"][0]) => e.node)).toEqual(x.petitions);
      const name = x.petitions[0].petitioners[0].name;
      if (role === "bureau") expect(name).toBe(PERSON.name);
      else expect(name).toMatch(/^李\*+$/);
    }
  });

  it("costs the same statements for a page of 2 petitions as for 20", async () => {
    // `first` written out: as a variable the gateway's cost limit counts it at 200
    const q = (
      ids: string[],
    ) => `{ petitions(first: ${ids.length}, filter: { ids: ${JSON.stringify(ids)} }) { edges { node { id
      visitPage(first: 2) { ${PAGE} } historyPage(first: 2) { ${pageOf(HISTORY_LINE)} }
      forwardingPage(first: 2) { ${PAGE} } repeatPage(first: 2) { ${PAGE} }
      duplicatePage(first: 2) { ${PAGE} } digestPage(first: 2) { ${PAGE} }
      petitioners { petitionPage(first: 2) { ${PAGE} } }
      onlineMessages { digestPage(first: 2) { ${PAGE} } } } } } }`;
    const cost = async (ids: string[]) => {
      const before = t.statements();
      const data = await ok(q(ids), {}, "leader");
      expect(data.petitions.edges).toHaveLength(ids.length);
      return t.statements() - before;
    };
    // two parents with every list non-empty (a list with no rows asks for no nodes), then 18 more
    const two = [a, messagePetition];
    const others = (
      (await db("bureau").query(
        `SELECT id FROM petition WHERE id NOT IN (${two.join(", ")}) ORDER BY id DESC LIMIT 18`,
      )) as { id: number }[]
    ).map((r) => String(r.id));
    await cost(two); // warm: the first request of a kind may read what later ones find cached
    const forTwo = await cost(two);
    const forTwenty = await cost([...two, ...others]);
    expect(forTwenty).toBe(forTwo);
  });
});
