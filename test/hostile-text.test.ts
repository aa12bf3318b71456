import type { CallerRole } from "../common/auth";
import { startTestSystem, type TestSystem } from "./support/system";
import { expectRefused, HOSTILE_TEXT, send, validIdNumber, type Sent } from "./support/hostile";

/**
 * Every text input of every mutation refuses control characters, bidirectional controls,
 * broken characters and text that shows nothing, naming the field, storing nothing.
 */
let t: TestSystem;
const ids = {
  registered: "",
  accepted: "",
  underReview: "",
  message: "",
  corrected: "",
  petitioner: "",
};
const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
const tomorrow = () => new Date(Date.now() + 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

const petitionInput = (
  over: Record<string, unknown> = {},
  person: Record<string, unknown> = {},
) => ({
  title: "拖欠工资纠纷",
  content: "某建筑工地拖欠农民工工资三个月,请求协调解决。",
  channel: "VISIT",
  source: "COUNTY_INTAKE",
  category: "WAGE_ARREARS",
  townId: "1",
  petitioners: [
    { name: "王建国", idNumber: validIdNumber(), phone: "13800138000", townId: "1", ...person },
  ],
  ...over,
});

async function data(
  role: CallerRole,
  query: string,
  variables?: Record<string, unknown>,
): Promise<any> {
  const answer = await send(t, { role, query, variables });
  if (answer.body.errors) throw new Error(JSON.stringify(answer.body.errors));
  return answer.body.data;
}

const register = async () =>
  (
    await data(
      "bureau",
      `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { id version } }`,
      { input: petitionInput() },
    )
  ).registerPetition;
const step = async (mutation: string, p: { id: string; version: number }, extra = "") =>
  (
    await data(
      "bureau",
      `mutation($id: ID!, $v: Int!) { ${mutation}(id: $id, version: $v${extra}) { id version } }`,
      { id: p.id, v: p.version },
    )
  )[mutation];

beforeAll(async () => {
  t = await startTestSystem();
  ids.registered = (await register()).id;
  let p = await step("acceptPetition", await register(), `, responsibleUnit: "县人社局"`);
  ids.accepted = p.id;
  p = await step("acceptPetition", await register(), `, responsibleUnit: "县人社局"`);
  p = await step("replyToPetition", p, `, reply: "已协调支付全部工资。"`);
  p = await step("requestReview", p, `, kind: REVIEW`);
  ids.underReview = p.id;
  const posted = await data(
    "public",
    `mutation { postMessage(title: "路灯不亮", content: "村口路灯已经坏了一个月。", category: OTHER) { id } }`,
  );
  ids.message = posted.postMessage.id;
  // corrections get a petition and a petitioner of their own: a valid one changes their version
  const corrected = await data(
    "bureau",
    `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { id petitioners { id } } }`,
    { input: petitionInput({}, { idNumber: null }) },
  );
  ids.corrected = corrected.registerPetition.id;
  ids.petitioner = corrected.registerPetition.petitioners[0].id;
});
afterAll(async () => {
  await t?.stop();
});

/** One text input of one mutation: who may call it, and the request with the text in place. */
interface TextInput {
  field: string;
  role: CallerRole;
  request(text: string): Sent;
}

const bureau =
  (query: string, variables: (text: string) => Record<string, unknown>) =>
  (text: string): Sent => ({ role: "bureau", query, variables: variables(text) });
const REGISTER = `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { id } }`;

const INPUTS: TextInput[] = [
  {
    field: "input.title",
    role: "bureau",
    request: bureau(REGISTER, (s) => ({ input: petitionInput({ title: s }) })),
  },
  {
    field: "input.content",
    role: "bureau",
    request: bureau(REGISTER, (s) => ({ input: petitionInput({ content: s }) })),
  },
  {
    field: "input.petitioners[0].name",
    role: "bureau",
    request: bureau(REGISTER, (s) => ({ input: petitionInput({}, { name: s }) })),
  },
  {
    field: "responsibleUnit",
    role: "bureau",
    request: bureau(
      `mutation($id: ID!, $s: String!) { acceptPetition(id: $id, version: 1, responsibleUnit: $s) { id } }`,
      (s) => ({ id: ids.registered, s }),
    ),
  },
  {
    field: "reason",
    role: "bureau",
    request: bureau(
      `mutation($id: ID!, $s: String!) { declinePetition(id: $id, version: 1, reason: $s) { id } }`,
      (s) => ({ id: ids.registered, s }),
    ),
  },
  {
    field: "reason",
    role: "bureau",
    request: bureau(
      `mutation($id: ID!, $s: String!) { extendDeadline(id: $id, version: 2, reason: $s, days: 10) { id } }`,
      (s) => ({ id: ids.accepted, s }),
    ),
  },
  {
    field: "reply",
    role: "bureau",
    request: bureau(
      `mutation($id: ID!, $s: String!) { replyToPetition(id: $id, version: 2, reply: $s) { id } }`,
      (s) => ({ id: ids.accepted, s }),
    ),
  },
  {
    field: "outcome",
    role: "bureau",
    request: bureau(
      `mutation($id: ID!, $s: String!) { decideReview(id: $id, version: 4, outcome: $s) { id } }`,
      (s) => ({ id: ids.underReview, s }),
    ),
  },
  {
    field: "note",
    role: "bureau",
    request: bureau(
      `mutation($s: String!) { resolveBacklogCase(id: "1", version: 1, note: $s) { id } }`,
      (s) => ({ s }),
    ),
  },
  {
    field: "reason",
    role: "bureau",
    request: bureau(
      `mutation($s: String!) { reassignBacklogCase(id: "2", version: 1, leadLeaderId: "1", reason: $s) { id } }`,
      (s) => ({ s }),
    ),
  },
  ...(["reason", "title", "content"] as const).map((field): TextInput => ({
    field: `input.${field}`,
    role: "bureau",
    request: bureau(
      `mutation($id: ID!, $input: CorrectPetitionInput!) { correctPetition(id: $id, version: 1, input: $input) { id } }`,
      (s) => ({
        id: ids.corrected,
        input: { reason: "更正原因", title: "更正后的标题", [field]: s },
      }),
    ),
  })),
  ...(["reason", "name"] as const).map((field): TextInput => ({
    field: `input.${field}`,
    role: "bureau",
    request: bureau(
      `mutation($id: ID!, $input: CorrectPetitionerInput!) { correctPetitioner(id: $id, version: 1, input: $input) { id } }`,
      (s) => ({ id: ids.petitioner, input: { reason: "更正原因", name: "更正人", [field]: s } }),
    ),
  })),
  // forwarding and supervision: a stale version (99), so even the valid case stores nothing
  ...(["unit", "note"] as const).map((field): TextInput => ({
    field,
    role: "bureau",
    request: bureau(
      `mutation($id: ID!, $unit: String!, $note: String) { forwardPetition(id: $id, version: 99, kind: FORWARD, unit: $unit, note: $note) { id } }`,
      (s) => ({ id: ids.registered, unit: "县住建局", note: "请核实办理", [field]: s }),
    ),
  })),
  {
    field: "answer",
    role: "bureau",
    request: bureau(
      `mutation($s: String!) { answerForwarding(id: "999999", version: 1, answer: $s) { id } }`,
      (s) => ({ s }),
    ),
  },
  {
    field: "note",
    role: "bureau",
    request: bureau(
      `mutation($id: ID!, $s: String!) { superviseCase(petitionId: $id, version: 99, note: $s) { id } }`,
      (s) => ({ id: ids.accepted, s }),
    ),
  },
  {
    field: "input.summary",
    role: "service-center",
    request: (s) => ({
      role: "service-center",
      query: `mutation($input: RecordCallInput!) { recordCall(input: $input) { id } }`,
      variables: {
        input: {
          receivedAt: hourAgo(),
          summary: s,
          category: "OTHER",
          townId: "1",
          callerPhone: "13800138000",
        },
      },
    }),
  },
  {
    field: "answer",
    role: "service-center",
    request: (s) => ({
      role: "service-center",
      query: `mutation($s: String!) { answerCall(id: "1", version: 1, answer: $s) { id } }`,
      variables: { s },
    }),
  },
  {
    field: "whatHappened",
    role: "masswork",
    request: (s) => ({
      role: "masswork",
      query: `mutation($s: String!) { escalateRiskItem(id: "1", version: 1, whatHappened: $s) { id } }`,
      variables: { s },
    }),
  },
  {
    field: "reason",
    role: "masswork",
    request: (s) => ({
      role: "masswork",
      query: `mutation($s: String!) { reopenRiskItem(id: "2", version: 1, reason: $s) { id } }`,
      variables: { s },
    }),
  },
  ...(["title", "summary"] as const).map((field): TextInput => ({
    field: `input.${field}`,
    role: "masswork",
    request: (s) => ({
      role: "masswork",
      query: `mutation($input: WriteDigestInput!) { writeDigest(input: $input) { id } }`,
      variables: {
        input: {
          title: "社情民意:征地补偿",
          summary: "群众反映征地补偿标准问题较为集中。",
          townId: "1",
          category: "LAND_ACQUISITION",
          periodFrom: "2017-06-01",
          periodTo: "2017-06-30",
          sources: [{ kind: "RECEPTION", id: "1" }],
          [field]: s,
        },
      },
    }),
  })),
  {
    field: "description",
    role: "masswork",
    request: (s) => ({
      role: "masswork",
      query: `mutation($s: String!) { reportRiskItem(townId: "1", category: DEMOLITION, description: $s) { id } }`,
      variables: { s },
    }),
  },
  {
    field: "matter",
    role: "masswork",
    request: (s) => ({
      role: "masswork",
      query: `mutation($s: String!, $at: DateTime!) { recordReception(leaderId: "1", receivedAt: $at, headcount: 3, matter: $s) { id } }`,
      variables: { s, at: hourAgo() },
    }),
  },
  {
    field: "location",
    role: "masswork",
    request: (s) => ({
      role: "masswork",
      query: `mutation($s: String!, $d: Date!) { scheduleDuty(leaderId: "1", date: $d, location: $s) { id } }`,
      variables: { s, d: tomorrow() },
    }),
  },
  ...(["title", "content", "authorName"] as const).map((field): TextInput => ({
    field,
    role: "public",
    request: (s) => ({
      role: "public",
      query: `mutation($title: String!, $content: String!, $name: String) { postMessage(title: $title, content: $content, category: OTHER, authorName: $name) { id } }`,
      variables: {
        title: "路灯不亮",
        content: "村口路灯已经坏了一个月。",
        name: "李四",
        [field === "authorName" ? "name" : field]: s,
      },
    }),
  })),
  ...(["text", "unit"] as const).map((field): TextInput => ({
    field,
    role: "service-center",
    request: (s) => ({
      role: "service-center",
      query: `mutation($id: ID!, $text: String!, $unit: String!) { replyToMessage(id: $id, text: $text, unit: $unit) { id } }`,
      variables: { id: ids.message, text: "已通知村委会维修。", unit: "县供电公司", [field]: s },
    }),
  })),
];

const CASES = INPUTS.flatMap((input) =>
  HOSTILE_TEXT.map(
    ([what, text, says]) =>
      [
        `${input.request("x").query!.match(/\{ (\w+)/)![1]} ${input.field}: ${what}`,
        input,
        text,
        says,
      ] as const,
  ),
);

describe("every text input of every mutation", () => {
  test.each(CASES)(
    "%s is refused, naming the field, storing nothing",
    async (_name, input, text, says) => {
      await expectRefused(t, input.request(text), {
        status: 200,
        code: "BAD_USER_INPUT",
        field: input.field,
        says,
      });
    },
  );

  test.each(
    INPUTS.map(
      (input) =>
        [`${input.request("x").query!.match(/\{ (\w+)/)![1]} ${input.field}`, input] as const,
    ),
  )(
    "%s: CRLF is taken as LF, tabs and line breaks are kept (the valid case passes)",
    async (_name, input) => {
      // the request's other inputs are valid: only the field under test decides, so the sound text must pass
      const answer = await send(t, input.request("第一行\r\n\t第二行内容"));
      expect(answer.body.errors?.[0]?.extensions?.field).not.toBe(input.field);
    },
  );
});

describe("idempotency keys", () => {
  const KEYS: [string, string][] = [
    ["too short", "short"],
    ["a NUL", "key-\u0000-00000001"],
    ["spaces", "key with spaces 01"],
    ["non-ASCII", "幂等键幂等键幂等键"],
    ["a zero-width space", "key-\u200B-0000001"],
    ["101 characters", "k".repeat(101)],
  ];
  const MUTATIONS: [string, (key: string) => Sent][] = [
    [
      "registerPetition",
      (key) => ({
        role: "bureau",
        query: `mutation($input: RegisterPetitionInput!, $key: String) { registerPetition(input: $input, idempotencyKey: $key) { id } }`,
        variables: { input: petitionInput(), key },
      }),
    ],
    [
      "recordVisit",
      (key) => ({
        role: "bureau",
        query: `mutation($input: VisitInput!, $key: String) { recordVisit(input: $input, idempotencyKey: $key) { id } }`,
        variables: {
          input: {
            petitionId: ids.registered,
            receivedAt: new Date().toISOString(),
            level: "COUNTY",
            headcount: 1,
          },
          key,
        },
      }),
    ],
    [
      "postMessage",
      (key) => ({
        role: "public",
        query: `mutation($key: String) { postMessage(title: "路灯不亮", content: "村口路灯已经坏了一个月。", category: OTHER, idempotencyKey: $key) { id } }`,
        variables: { key },
      }),
    ],
  ];
  test.each(
    MUTATIONS.flatMap(([m, request]) =>
      KEYS.map(([what, key]) => [`${m}: a key with ${what}`, request, key] as const),
    ),
  )("%s is refused", async (_name, request, key) => {
    await expectRefused(t, request(key), {
      status: 200,
      code: "BAD_USER_INPUT",
      field: "idempotencyKey",
    });
  });
});
