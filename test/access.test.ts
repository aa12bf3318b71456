import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { CALLER_HEADER, ROLES, signCaller, type CallerRole, type Role } from "../common/auth";
import { loadConfig, SUBGRAPHS } from "../common/config";
import { signToken } from "../gateway/auth";
import { developmentToken } from "../scripts/token";
import { TEST_AUTH_SECRET, TEST_INTERNAL_SECRET } from "./support/databases";
import {
  startTestSystem,
  subgraphUrl,
  type GraphQLResponse,
  type TestSystem,
} from "./support/system";

const EVERY_CALLER: CallerRole[] = ["anonymous", ...ROLES];
const CASE_READERS: Role[] = [
  "bureau",
  "masswork",
  "service-center",
  "leader",
  "integrator",
  "admin",
];
const REFUSALS = ["UNAUTHENTICATED", "FORBIDDEN"];

function codeOf(res: GraphQLResponse): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}

/** The code a refused caller gets: sign in (anonymous) or not your role (anyone else). */
function refusalFor(role: CallerRole): string {
  return role === "anonymous" ? "UNAUTHENTICATED" : "FORBIDDEN";
}

let t: TestSystem;
const started = new Date();

/** Row counts of every table of every department: equal before and after means nothing was stored. */
async function stored(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of SUBGRAPHS) {
    const db = t.system.subgraphs[name]!.database.dataSource;
    for (const table of db.entityMetadatas.map((m) => m.tableName)) {
      const [row] = await db.query(`SELECT COUNT(*) AS n FROM ${table}`);
      counts[`${name}.${table}`] = Number(row.n);
    }
  }
  return counts;
}

async function post(
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: any }> {
  const res = await fetch(t.gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return { status: res.status, json: await res.json() };
}

beforeAll(async () => {
  t = await startTestSystem();
});
afterAll(async () => {
  await t?.stop();
});

describe("the role × mutation matrix: each mutation for its department alone, nothing stored otherwise", () => {
  const registerInput = {
    title: "拖欠工资三个月",
    content: "某建筑工地拖欠农民工工资三个月未发放。",
    channel: "VISIT",
    source: "COUNTY_INTAKE",
    category: "WAGE_ARREARS",
    petitioners: [{ name: "测试人" }],
  };
  const MUTATIONS: {
    name: string;
    allowed: Role[];
    query: string;
    variables?: Record<string, unknown>;
  }[] = [
    {
      name: "registerPetition",
      allowed: ["bureau"],
      query: `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { id } }`,
      variables: { input: registerInput },
    },
    {
      name: "recordVisit",
      allowed: ["bureau"],
      query: `mutation { recordVisit(input: { petitionId: "1", receivedAt: "2017-06-01T02:00:00Z", level: COUNTY, headcount: 2 }) { id } }`,
    },
    {
      name: "acceptPetition",
      allowed: ["bureau"],
      query: `mutation { acceptPetition(id: "1", version: 1, responsibleUnit: "县人社局") { id } }`,
    },
    {
      name: "declinePetition",
      allowed: ["bureau"],
      query: `mutation { declinePetition(id: "1", version: 1, reason: "不属于信访受理范围") { id } }`,
    },
    {
      name: "startHandling",
      allowed: ["bureau"],
      query: `mutation { startHandling(id: "1", version: 1) { id } }`,
    },
    {
      name: "extendDeadline",
      allowed: ["bureau"],
      query: `mutation { extendDeadline(id: "1", version: 1, reason: "需要补充调查") { id } }`,
    },
    {
      name: "replyToPetition",
      allowed: ["bureau"],
      query: `mutation { replyToPetition(id: "1", version: 1, reply: "已协调发放工资。") { id } }`,
    },
    {
      name: "requestReview",
      allowed: ["bureau"],
      query: `mutation { requestReview(id: "1", version: 1, kind: REVIEW) { id } }`,
    },
    {
      name: "decideReview",
      allowed: ["bureau"],
      query: `mutation { decideReview(id: "1", version: 1, outcome: "维持原处理意见") { id } }`,
    },
    {
      name: "closePetition",
      allowed: ["bureau"],
      query: `mutation { closePetition(id: "1", version: 1) { id } }`,
    },
    {
      name: "mergePetition",
      allowed: ["bureau"],
      query: `mutation { mergePetition(id: "2", version: 1, intoId: "1") { id } }`,
    },
    {
      name: "assignBacklog",
      allowed: ["bureau"],
      query: `mutation { assignBacklog(petitionId: "1", batch: 1, leadLeaderId: "1") { id } }`,
    },
    {
      name: "reportRiskItem",
      allowed: ["masswork"],
      query: `mutation { reportRiskItem(townId: "1", category: LAND_ACQUISITION, description: "村民对征地补偿标准有异议") { id } }`,
    },
    {
      name: "resolveRiskItem",
      allowed: ["masswork"],
      query: `mutation { resolveRiskItem(id: "1") { id } }`,
    },
    {
      name: "recordReception",
      allowed: ["masswork"],
      query: `mutation { recordReception(leaderId: "1", receivedAt: "2017-06-01T02:00:00Z", headcount: 3, matter: "征地补偿") { id } }`,
    },
    {
      name: "scheduleDuty",
      allowed: ["masswork"],
      query: `mutation { scheduleDuty(leaderId: "1", date: "2030-01-02", location: "县信访局接待大厅") { id } }`,
    },
    {
      name: "writeDigest",
      allowed: ["masswork"],
      query: `mutation { writeDigest(input: { title: "社情民意:征地补偿", summary: "群众反映征地补偿标准问题较为集中。", townId: "1", category: LAND_ACQUISITION, periodFrom: "2017-06-01", periodTo: "2017-06-30", sources: [{ kind: PETITION, id: "1" }, { kind: RECEPTION, id: "1" }] }) { id } }`,
    },
    {
      name: "postMessage",
      allowed: ["public"],
      query: `mutation { postMessage(title: "道路破损", content: "村口道路破损严重，请求维修。", category: OTHER) { id } }`,
    },
    {
      name: "replyToMessage",
      allowed: ["service-center"],
      query: `mutation { replyToMessage(id: "1", text: "已转交县交通局处理。", unit: "县交通局") { id } }`,
    },
    {
      name: "evaluatePetition",
      allowed: ["service-center"],
      query: `mutation { evaluatePetition(petitionId: "1", rating: SATISFIED) { id } }`,
    },
  ];

  test.each(MUTATIONS)("$name", async ({ allowed, query, variables }) => {
    for (const role of EVERY_CALLER.filter((r) => !allowed.includes(r as Role))) {
      const before = await stored();
      const res = await t.as(role).query(query, variables);
      expect({ role, code: codeOf(res) }).toEqual({ role, code: refusalFor(role) });
      expect(res.errors![0].message).toMatch(
        role === "anonymous" ? /sign in/ : new RegExp(`role ${role} may not`),
      );
      expect(await stored()).toEqual(before);
    }
    for (const role of allowed) {
      const res = await t.as(role).query(query, variables);
      // the step may still be refused by the procedure (wrong version, wrong state), never by access control
      expect(REFUSALS).not.toContain(codeOf(res));
    }
  });
});

describe("reading", () => {
  test("cases, dispute items, hotline calls and figures are for staff, leaders, integrators and admins", async () => {
    const queries = [
      `{ petitions(first: 1) { totalCount } }`,
      `{ petition(id: "1") { id } }`,
      `{ petitioner(id: "1") { id } }`,
      `{ riskItems { id } }`,
      `{ hotlineCalls(first: 1) { id } }`,
      `{ annualReport(year: 2017) { year } }`,
      `{ digests(first: 1) { totalCount } }`,
      `{ petition(id: "1") { digests { id } } }`,
    ];
    for (const role of EVERY_CALLER)
      for (const query of queries) {
        const res = await t.as(role).query(query);
        if (CASE_READERS.includes(role as Role))
          expect({ role, query, errors: res.errors }).toEqual({ role, query, errors: undefined });
        else
          expect({ role, query, code: codeOf(res) }).toEqual({
            role,
            query,
            code: refusalFor(role),
          });
      }
  });

  test("what the public website shows is open to everyone: towns, leaders, the reception schedule, answered messages", async () => {
    for (const role of EVERY_CALLER) {
      // a citizen who never posted: they see exactly the public board
      const res = await t
        .as(role, role === "public" ? "citizen-without-messages" : undefined)
        .query(
          `{ towns { name } leaders { name } receptionDuties(from: "2017-01-01", to: "2017-12-31") { date } onlineMessages(first: 200) { reply { text } } }`,
        );
      expect({ role, errors: res.errors }).toEqual({ role, errors: undefined });
      expect(res.data!.towns.length).toBeGreaterThan(0);
      if (!CASE_READERS.includes(role as Role))
        expect(res.data!.onlineMessages.every((m: any) => m.reply !== null)).toBe(true);
    }
  });

  test("the audit log is for admins alone", async () => {
    const query = `query($from: DateTime!, $to: DateTime!) { personalDataAudit(from: $from, to: $to) { petitioners { id: recordId } messageAuthors { recordId } } }`;
    for (const role of EVERY_CALLER.filter((r) => r !== "admin")) {
      const res = await t
        .as(role)
        .query(query, { from: started.toISOString(), to: new Date().toISOString() });
      expect({ role, code: codeOf(res) }).toEqual({ role, code: refusalFor(role) });
    }
  });
});

describe("petitioners' personal data", () => {
  let petitioner: { id: number; name: string; id_number: string | null; phone: string | null };

  beforeAll(async () => {
    const rows = await t.system.subgraphs.bureau!.database.dataSource.query(
      "SELECT id, name, id_number, phone FROM petitioner WHERE id_number IS NOT NULL AND phone IS NOT NULL ORDER BY id LIMIT 1",
    );
    petitioner = { ...rows[0], id: Number(rows[0].id) };
  });

  test.each(EVERY_CALLER)("as %s", async (role) => {
    const res = await t
      .as(role)
      .query(`query($id: ID!) { petitioner(id: $id) { name idNumber phone } }`, {
        id: String(petitioner.id),
      });
    if (!CASE_READERS.includes(role as Role)) {
      expect(codeOf(res)).toBe(refusalFor(role));
      expect(JSON.stringify(res)).not.toContain(petitioner.name);
      return;
    }
    const seen = res.data!.petitioner;
    if (role === "bureau" || role === "leader") {
      expect(seen).toEqual({
        name: petitioner.name,
        idNumber: petitioner.id_number,
        phone: petitioner.phone,
      });
    } else {
      expect(seen.name).toBe([...petitioner.name][0] + "*".repeat([...petitioner.name].length - 1));
      expect(seen.idNumber).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
      expect(seen.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect(JSON.stringify(res)).not.toContain(petitioner.id_number!);
    }
  });

  test("every unmasked read is in the audit log, with who, when, which record and which fields; masked reads are not", async () => {
    const before = new Date(Date.now() - 1000);
    await t
      .as("leader", "leader-7")
      .query(`query($id: ID!) { petitioner(id: $id) { name phone } }`, {
        id: String(petitioner.id),
      });
    await t
      .as("integrator", "integrator-7")
      .query(`query($id: ID!) { petitioner(id: $id) { name phone } }`, {
        id: String(petitioner.id),
      });
    const res = await t
      .as("admin")
      .query(
        `query($from: DateTime!, $to: DateTime!) { personalDataAudit(from: $from, to: $to) { petitioners(first: 200) { at subject role entity recordId fields } } }`,
        { from: before.toISOString(), to: new Date(Date.now() + 1000).toISOString() },
      );
    expect(res.errors).toBeUndefined();
    const reads = res.data!.personalDataAudit.petitioners;
    expect(reads).toContainEqual(
      expect.objectContaining({
        subject: "leader-7",
        role: "leader",
        entity: "Petitioner",
        recordId: petitioner.id,
        fields: ["name", "phone"],
      }),
    );
    expect(reads.filter((r: any) => r.role === "integrator")).toEqual([]);
    expect(new Date(reads[0].at).getTime()).toBeGreaterThanOrEqual(before.getTime());
  });

  test("a page of petitioners read unmasked costs one audit statement, not one per petitioner", async () => {
    const query = `{ petitions(first: 50) { edges { node { petitioners { name idNumber phone } } } } }`;
    const countFor = async (role: CallerRole) => {
      const from = t.statements();
      const res = await t.as(role).query(query);
      expect(res.errors).toBeUndefined();
      return t.statements() - from;
    };
    expect(await countFor("bureau")).toBe((await countFor("integrator")) + 1);
  });

  test("personal data in bad input never reaches the error message or the logs", async () => {
    const lines: string[] = [];
    const spies = (["log", "error", "warn", "info"] as const).map((level) =>
      jest
        .spyOn(console, level)
        .mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" "))),
    );
    try {
      const badId = "110101199003071239"; // wrong check digit
      const res = await t
        .as("bureau")
        .query(
          `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { id } }`,
          {
            input: {
              title: "拖欠工资",
              content: "拖欠工资三个月。",
              channel: "VISIT",
              source: "COUNTY_INTAKE",
              category: "WAGE_ARREARS",
              petitioners: [{ name: "保密人", idNumber: badId, phone: "13800138000" }],
            },
          },
        );
      expect(codeOf(res)).toBe("BAD_USER_INPUT");
      expect(JSON.stringify(res)).not.toContain(badId);
      expect(lines.join("\n")).not.toContain(badId);
      expect(lines.join("\n")).not.toContain("13800138000");
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });
});

describe("online messages and their authors", () => {
  let mine: string;
  beforeAll(async () => {
    const res = await t
      .as("public", "citizen-42")
      .query(
        `mutation { postMessage(title: "路灯不亮", content: "小区路灯坏了一个月没人修。", category: OTHER, authorName: "赵小明") { id } }`,
      );
    expect(res.errors).toBeUndefined();
    mine = res.data!.postMessage.id;
  });

  test("before it is answered, a citizen's message is seen by that citizen and by staff, by no other citizen", async () => {
    const query = `query($id: ID!) { onlineMessage(id: $id) { id authorName } }`;
    expect(
      (await t.as("public", "citizen-42").query(query, { id: mine })).data!.onlineMessage,
    ).toEqual({ id: mine, authorName: "赵小明" });
    expect(
      (await t.as("public", "citizen-43").query(query, { id: mine })).data!.onlineMessage,
    ).toBeNull();
    expect((await t.as("anonymous").query(query, { id: mine })).data!.onlineMessage).toBeNull();
    expect((await t.as("service-center").query(query, { id: mine })).data!.onlineMessage).toEqual({
      id: mine,
      authorName: "赵小明",
    });
    expect((await t.as("integrator").query(query, { id: mine })).data!.onlineMessage).toEqual({
      id: mine,
      authorName: "赵**",
    });
    const listed = await t
      .as("public", "citizen-43")
      .query(`{ onlineMessages(replied: false, first: 200) { id } }`);
    expect(listed.data!.onlineMessages).toEqual([]);
    const own = await t
      .as("public", "citizen-42")
      .query(`{ onlineMessages(replied: false, first: 200) { id } }`);
    expect(own.data!.onlineMessages).toEqual([{ id: mine }]);
  });

  test("once answered it is on the public board, its author masked for everyone but the service center and the author", async () => {
    const replied = await t
      .as("service-center")
      .query(
        `mutation($id: ID!) { replyToMessage(id: $id, text: "已通知物业维修。", unit: "县住建局") { id } }`,
        { id: mine },
      );
    expect(replied.errors).toBeUndefined();
    const query = `query($id: ID!) { onlineMessage(id: $id) { authorName reply { unit } } }`;
    for (const role of EVERY_CALLER) {
      const seen = (
        await t.as(role, role === "public" ? "citizen-43" : undefined).query(query, { id: mine })
      ).data!.onlineMessage;
      expect({ role, seen }).toEqual({
        role,
        seen: {
          authorName: role === "service-center" ? "赵小明" : "赵**",
          reply: { unit: "县住建局" },
        },
      });
    }
    const res = await t
      .as("admin")
      .query(
        `query($from: DateTime!, $to: DateTime!) { personalDataAudit(from: $from, to: $to) { messageAuthors(first: 200) { subject role entity recordId fields } } }`,
        { from: started.toISOString(), to: new Date(Date.now() + 1000).toISOString() },
      );
    expect(res.data!.personalDataAudit.messageAuthors).toContainEqual({
      subject: "citizen-42",
      role: "public",
      entity: "OnlineMessage",
      recordId: Number(mine),
      fields: ["authorName"],
    });
    expect(res.data!.personalDataAudit.messageAuthors).toContainEqual({
      subject: "service-center-1",
      role: "service-center",
      entity: "OnlineMessage",
      recordId: Number(mine),
      fields: ["authorName"],
    });
  });
});

describe("tokens", () => {
  const query = `{ petitions(first: 1) { totalCount } }`;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  test("a valid token works; forged, expired, alg:none, unknown-role and malformed ones fail with UNAUTHENTICATED and 401", async () => {
    expect(
      (
        await post(
          JSON.stringify({ query }),
          bearer(await signToken(TEST_AUTH_SECRET, { role: "leader" })),
        )
      ).json.errors,
    ).toBeUndefined();
    const now = Math.floor(Date.now() / 1000);
    const unsigned = (claims: object) =>
      `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;
    const cases: [string, Record<string, string>, RegExp][] = [
      [
        "forged",
        bearer(await signToken("another-secret-of-enough-length-000000", { role: "admin" })),
        /not valid/,
      ],
      [
        "expired",
        bearer(
          await new SignJWT({ role: "admin" })
            .setProtectedHeader({ alg: "HS256" })
            .setSubject("a")
            .setIssuedAt(now - 7200)
            .setExpirationTime(now - 3600)
            .sign(new TextEncoder().encode(TEST_AUTH_SECRET)),
        ),
        /expired/,
      ],
      ["alg none", bearer(unsigned({ role: "admin", sub: "a", exp: now + 3600 })), /not valid/],
      [
        "no expiry",
        bearer(
          await new SignJWT({ role: "admin" })
            .setProtectedHeader({ alg: "HS256" })
            .setSubject("a")
            .sign(new TextEncoder().encode(TEST_AUTH_SECRET)),
        ),
        /not valid/,
      ],
      [
        "unknown role",
        bearer(
          await new SignJWT({ role: "root" })
            .setProtectedHeader({ alg: "HS256" })
            .setSubject("a")
            .setExpirationTime("1h")
            .sign(new TextEncoder().encode(TEST_AUTH_SECRET)),
        ),
        /no known role/,
      ],
      [
        "citizen without subject",
        bearer(
          await new SignJWT({ role: "public" })
            .setProtectedHeader({ alg: "HS256" })
            .setExpirationTime("1h")
            .sign(new TextEncoder().encode(TEST_AUTH_SECRET)),
        ),
        /subject/,
      ],
      [
        "staff without account",
        bearer(
          await new SignJWT({ role: "bureau" })
            .setProtectedHeader({ alg: "HS256" })
            .setExpirationTime("1h")
            .sign(new TextEncoder().encode(TEST_AUTH_SECRET)),
        ),
        /account/,
      ],
      ["not a bearer token", { authorization: "Basic YWRtaW46YWRtaW4=" }, /Bearer/],
      [
        "a forged forwarded caller",
        { [CALLER_HEADER]: signCaller({ role: "admin", subject: "x" }, "not-the-internal-secret") },
        /forwarded caller/,
      ],
    ];
    for (const [name, headers, message] of cases) {
      const before = await stored();
      const res = await post(
        JSON.stringify({
          query: `mutation { reportRiskItem(townId: "1", category: OTHER, description: "不应保存的记录") { id } }`,
        }),
        headers,
      );
      expect({ name, status: res.status, code: res.json.errors?.[0]?.extensions?.code }).toEqual({
        name,
        status: 401,
        code: "UNAUTHENTICATED",
      });
      expect(res.json.errors[0].message).toMatch(message);
      expect(await stored()).toEqual(before);
    }
  });

  test("npm run token prints a token the gateway accepts, and refuses in production mode", async () => {
    const token = await developmentToken(
      ["--role", "integrator", "--sub", "dash-1"],
      loadConfig({ AUTH_SECRET: TEST_AUTH_SECRET, INTERNAL_SECRET: TEST_INTERNAL_SECRET }),
    );
    expect(
      (await post(JSON.stringify({ query }), bearer(token))).json.data.petitions.totalCount,
    ).toBeGreaterThan(0);
    await expect(
      developmentToken(["--role", "root"], loadConfig({ AUTH_SECRET: TEST_AUTH_SECRET })),
    ).rejects.toThrow(/unknown role/);
    await expect(
      developmentToken(
        ["--role", "admin"],
        loadConfig({ NODE_ENV: "production", AUTH_SECRET: TEST_AUTH_SECRET }),
      ),
    ).rejects.toThrow(/production/);
  });
});

describe("subgraphs answer only the gateway", () => {
  test.each(SUBGRAPHS)(
    "%s refuses requests without a valid signed caller, whatever their headers",
    async (name) => {
      const url = subgraphUrl(t, name);
      const attempts: Record<string, string>[] = [
        {},
        { authorization: `Bearer ${await signToken(TEST_AUTH_SECRET, { role: "admin" })}` },
        { [CALLER_HEADER]: signCaller({ role: "admin", subject: "x" }, "not-the-internal-secret") },
        {
          [CALLER_HEADER]: signCaller(
            { role: "admin", subject: "x" },
            TEST_INTERNAL_SECRET,
            Date.now() - 10 * 60_000,
          ),
        },
        { [CALLER_HEADER]: "v1.e30.AAAA" },
        { "x-calling-service": "bureau", "x-forwarded-for": "127.0.0.1" },
      ];
      const mutation =
        name === "bureau"
          ? `mutation { assignBacklog(petitionId: "1", batch: 9, leadLeaderId: "1") { id } }`
          : name === "masswork"
            ? `mutation { reportRiskItem(townId: "1", category: OTHER, description: "不应保存的记录") { id } }`
            : `mutation { postMessage(title: "不应保存", content: "不应保存的留言内容", category: OTHER) { id } }`;
      for (const headers of attempts) {
        const before = await stored();
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({ query: mutation }),
        });
        const body = (await res.json()) as GraphQLResponse;
        expect({ headers: Object.keys(headers), status: res.status, code: codeOf(body) }).toEqual({
          headers: Object.keys(headers),
          status: 401,
          code: "UNAUTHENTICATED",
        });
        expect(await stored()).toEqual(before);
      }
      const signed = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [CALLER_HEADER]: signCaller({ role: "integrator", subject: "i" }, TEST_INTERNAL_SECRET),
        },
        body: JSON.stringify({ query: "{ __typename }" }),
      });
      expect(signed.status).toBe(200);
    },
  );
});

describe("operation limits at the gateway", () => {
  test("depth, alias and cost bombs are refused with a clear error, and mutations in them store nothing", async () => {
    let deep = "id";
    for (let i = 0; i < 7; i++) deep = `petitions { petitioners { ${deep} } }`;
    const depth = await t
      .as("integrator")
      .query(`{ petition(id: "1") { petitioners { ${deep} } } }`);
    expect(depth.errors![0]).toMatchObject({
      extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit: "depth" },
    });
    expect(depth.errors![0].message).toMatch(/levels deep; at most 12/);

    const aliases = Array.from({ length: 31 }, (_, i) => `t${i}: towns { id }`).join(" ");
    const alias = await t.as("integrator").query(`{ ${aliases} }`);
    expect(alias.errors![0]).toMatchObject({ extensions: { limit: "aliases" } });

    const cost = await t
      .as("integrator")
      .query(
        `{ petitions(first: 200) { edges { node { petitioners { petitions { petitioners { petitions { id } } } } } } } }`,
      );
    expect(cost.errors![0]).toMatchObject({ extensions: { limit: "cost" } });
    expect(cost.errors![0].message).toMatch(/smaller pages/);

    const before = await stored();
    const many = Array.from(
      { length: 31 },
      (_, i) =>
        `r${i}: reportRiskItem(townId: "1", category: OTHER, description: "批量写入的记录") { id }`,
    ).join(" ");
    const bomb = await t.as("masswork").query(`mutation { ${many} }`);
    expect(bomb.errors![0]).toMatchObject({ extensions: { limit: "aliases" } });
    expect(await stored()).toEqual(before);
  });

  test("the combined case view at the largest page stays within the limits", async () => {
    const res = await t.as("integrator").query(`{ petitions(first: 200) { edges { node {
      id serialNo title status town { name } petitioners { name } visits { level headcount } reviews { kind }
      backlog { batch leadLeader { name } } riskItems { status } receptions { leader { name } headcount }
      onlineMessages { title reply { text } } evaluation { rating } } } } }`);
    expect(res.errors).toBeUndefined();
  });

  test("batches hold at most 10 operations; bodies at most 100 kB", async () => {
    const op = { query: "{ towns { id } }" };
    const ok = await post(JSON.stringify([op, op]));
    expect(ok.status).toBe(200);
    expect(ok.json).toHaveLength(2);
    const tooMany = await post(JSON.stringify(Array.from({ length: 11 }, () => op)));
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.errors[0]).toMatchObject({ extensions: { code: "BATCH_TOO_LARGE" } });
    const big = await post(JSON.stringify({ query: `{ towns { id } } # ${"x".repeat(120_000)}` }));
    expect(big.status).toBe(413);
    expect(big.json.errors[0].extensions.code).toBe("PAYLOAD_TOO_LARGE");
  });

  test("CSRF prevention: a simple GET without a preflight header is refused", async () => {
    const url = `${t.gatewayUrl}?query=${encodeURIComponent("{ towns { id } }")}`;
    expect((await fetch(url)).status).toBe(400);
    expect((await fetch(url, { headers: { "apollo-require-preflight": "true" } })).status).toBe(
      200,
    );
  });

  test("introspection is on in development", async () => {
    const res = await t.as("anonymous").query(`{ __schema { queryType { name } } }`);
    expect(res.data).toEqual({ __schema: { queryType: { name: "Query" } } });
  });
});

describe("production mode", () => {
  let prod: TestSystem;
  let jwks: Server;
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

  beforeAll(async () => {
    const pair = await generateKeyPair("RS256");
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
    jwks = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
    prod = await startTestSystem({
      env: {
        NODE_ENV: "production",
        AUTH_JWKS_URL: jwksUrl,
        AUTH_ISSUER: "https://id.example.test",
      },
    });
  });
  afterAll(async () => {
    await prod?.stop();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  async function ask(query: string, token?: string) {
    const res = await fetch(prod.gatewayUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query }),
    });
    return (await res.json()) as GraphQLResponse;
  }

  test("tokens are verified with the identity provider's key set; the development secret is not accepted", async () => {
    const good = await new SignJWT({ role: "leader" })
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setSubject("leader-9")
      .setIssuer("https://id.example.test")
      .setExpirationTime("10m")
      .sign(privateKey);
    expect((await ask(`{ petitions(first: 1) { totalCount } }`, good)).errors).toBeUndefined();
    const hmac = await signToken(TEST_AUTH_SECRET, {
      role: "leader",
      issuer: "https://id.example.test",
    });
    expect(codeOf(await ask(`{ petitions(first: 1) { totalCount } }`, hmac))).toBe(
      "UNAUTHENTICATED",
    );
  });

  test("introspection is off", async () => {
    const res = await ask(`{ __schema { queryType { name } } }`);
    expect(res.data).toBeUndefined();
    expect(res.errors![0].message).toMatch(/introspection/i);
  });
});
