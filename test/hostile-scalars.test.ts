import type { CallerRole } from "../common/auth";
import { startTestSystem, type TestSystem } from "./support/system";
import { expectRefused, send, validIdNumber, type Sent } from "./support/hostile";

/**
 * Every time argument, as a literal and as a variable, refuses what is not a time of the
 * contract's format, a real day, or a plausible year, naming the argument; times of things that
 * happened refuse the future; cursors and years refuse impossible values.
 */
let t: TestSystem;
let registered = "";
const thisYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();

const petitionInput = (over: Record<string, unknown> = {}) => ({
  title: "拖欠工资纠纷",
  content: "某建筑工地拖欠农民工工资三个月,请求协调解决。",
  channel: "VISIT",
  source: "COUNTY_INTAKE",
  category: "WAGE_ARREARS",
  townId: "1",
  petitioners: [{ name: "王建国", idNumber: validIdNumber(), phone: "13800138000", townId: "1" }],
  ...over,
});

beforeAll(async () => {
  t = await startTestSystem();
  const res = await send(t, {
    role: "bureau",
    query: `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { id } }`,
    variables: { input: petitionInput() },
  });
  registered = res.body.data.registerPetition.id;
});
afterAll(async () => {
  await t?.stop();
});

/** One time argument: the request with a variable, and with a literal (GraphQL text) in place. */
interface TimeInput {
  name: string;
  field: string;
  scalar: "DateTime" | "Date";
  role: CallerRole;
  variable(value: unknown): Sent;
  literal(text: string): Sent;
}

const REGISTER = (at: string) =>
  `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { id } }`.replace(
    "$input: RegisterPetitionInput!",
    at === "$" ? "$input: RegisterPetitionInput!" : "",
  );
const TIME_INPUTS: TimeInput[] = [
  {
    name: "registerPetition",
    field: "input.receivedAt",
    scalar: "DateTime",
    role: "bureau",
    variable: (v) => ({
      role: "bureau",
      query: REGISTER("$"),
      variables: { input: { ...petitionInput(), receivedAt: v } },
    }),
    literal: (text) => ({
      role: "bureau",
      query: `mutation { registerPetition(input: { title: "拖欠工资纠纷", content: "某建筑工地拖欠农民工工资三个月。", channel: VISIT, source: COUNTY_INTAKE, category: WAGE_ARREARS, receivedAt: ${text}, petitioners: [{ name: "王建国" }] }) { id } }`,
    }),
  },
  {
    name: "recordVisit",
    field: "input.receivedAt",
    scalar: "DateTime",
    role: "bureau",
    variable: (v) => ({
      role: "bureau",
      query: `mutation($input: VisitInput!) { recordVisit(input: $input) { id } }`,
      variables: {
        input: { petitionId: registered, receivedAt: v, level: "COUNTY", headcount: 2 },
      },
    }),
    literal: (text) => ({
      role: "bureau",
      query: `mutation { recordVisit(input: { petitionId: "${registered}", receivedAt: ${text}, level: COUNTY, headcount: 2 }) { id } }`,
    }),
  },
  {
    name: "recordReception",
    field: "receivedAt",
    scalar: "DateTime",
    role: "masswork",
    variable: (v) => ({
      role: "masswork",
      query: `mutation($at: DateTime!) { recordReception(leaderId: "1", receivedAt: $at, headcount: 3, matter: "征地补偿") { id } }`,
      variables: { at: v },
    }),
    literal: (text) => ({
      role: "masswork",
      query: `mutation { recordReception(leaderId: "1", receivedAt: ${text}, headcount: 3, matter: "征地补偿") { id } }`,
    }),
  },
  {
    name: "scheduleDuty",
    field: "date",
    scalar: "Date",
    role: "masswork",
    variable: (v) => ({
      role: "masswork",
      query: `mutation($d: Date!) { scheduleDuty(leaderId: "1", date: $d, location: "县信访接待大厅") { id } }`,
      variables: { d: v },
    }),
    literal: (text) => ({
      role: "masswork",
      query: `mutation { scheduleDuty(leaderId: "1", date: ${text}, location: "县信访接待大厅") { id } }`,
    }),
  },
  {
    name: "petitions",
    field: "filter.receivedFrom",
    scalar: "DateTime",
    role: "bureau",
    variable: (v) => ({
      role: "bureau",
      query: `query($f: PetitionFilter) { petitions(filter: $f) { totalCount } }`,
      variables: { f: { receivedFrom: v } },
    }),
    literal: (text) => ({
      role: "bureau",
      query: `{ petitions(filter: { receivedFrom: ${text} }) { totalCount } }`,
    }),
  },
  {
    name: "receptionDuties",
    field: "to",
    scalar: "Date",
    role: "anonymous",
    variable: (v) => ({
      query: `query($to: Date!) { receptionDuties(from: "2017-01-01", to: $to) { id } }`,
      variables: { to: v },
    }),
    literal: (text) => ({ query: `{ receptionDuties(from: "2017-01-01", to: ${text}) { id } }` }),
  },
  {
    name: "personalDataAudit",
    field: "from",
    scalar: "DateTime",
    role: "admin",
    variable: (v) => ({
      role: "admin",
      query: `query($from: DateTime!) { personalDataAudit(from: $from, to: "2017-12-31T00:00:00Z") { from } }`,
      variables: { from: v },
    }),
    literal: (text) => ({
      role: "admin",
      query: `{ personalDataAudit(from: ${text}, to: "2017-12-31T00:00:00Z") { from } }`,
    }),
  },
];

/** Values no time argument takes: as JSON for a variable, and as GraphQL text for a literal. */
const BAD_TIMES: Record<"DateTime" | "Date", [string, unknown, string][]> = {
  DateTime: [
    ["an impossible day", "2017-02-30T00:00:00Z", `"2017-02-30T00:00:00Z"`],
    ["a thirteenth month", "2017-13-01T00:00:00Z", `"2017-13-01T00:00:00Z"`],
    ["text", "not a date", `"not a date"`],
    ["the number 0", 0, "0"],
    ["a boolean", true, "true"],
    ["no offset", "2017-03-01T09:30:00", `"2017-03-01T09:30:00"`],
    ["a day alone", "2017-03-01", `"2017-03-01"`],
    ["hour 25", "2017-03-01T25:00:00Z", `"2017-03-01T25:00:00Z"`],
    ["a year before 1990", "1989-12-31T00:00:00Z", `"1989-12-31T00:00:00Z"`],
    ["an object", { at: "2017-03-01T00:00:00Z" }, `{ at: "2017-03-01T00:00:00Z" }`],
  ],
  Date: [
    ["an impossible day", "2017-02-30", `"2017-02-30"`],
    ["a thirteenth month", "2017-13-01", `"2017-13-01"`],
    ["text", "not a date", `"not a date"`],
    ["the number 0", 0, "0"],
    ["a boolean", true, "true"],
    ["a time", "2017-03-01T00:00:00Z", `"2017-03-01T00:00:00Z"`],
    ["one-digit month", "2017-3-01", `"2017-3-01"`],
    ["a year before 1990", "1989-12-31", `"1989-12-31"`],
  ],
};

const label = (i: TimeInput) => `${i.name} ${i.field} (${i.scalar})`;

describe("time arguments", () => {
  test.each(
    TIME_INPUTS.flatMap((i) =>
      BAD_TIMES[i.scalar].map(
        ([what, json]) => [`${label(i)} as a variable: ${what}`, i, json] as const,
      ),
    ),
  )("%s is refused with 400, naming it", async (_name, input, value) => {
    await expectRefused(t, input.variable(value), {
      status: 400,
      code: "BAD_USER_INPUT",
      field: input.field,
    });
  });

  test.each(
    TIME_INPUTS.flatMap((i) =>
      BAD_TIMES[i.scalar].map(
        ([what, , text]) => [`${label(i)} as a literal: ${what}`, i, text] as const,
      ),
    ),
  )("%s is refused with 400, naming it", async (_name, input, text) => {
    await expectRefused(t, input.literal(text), {
      status: 400,
      code: "GRAPHQL_VALIDATION_FAILED",
      field: input.field,
    });
  });

  // built when the test runs: the petition they name is registered first
  const FUTURE: [string, () => Sent, string][] = [
    [
      "registerPetition receivedAt",
      () => TIME_INPUTS[0].variable("2099-01-01T00:00:00+08:00"),
      "input.receivedAt",
    ],
    [
      "recordVisit receivedAt",
      () => TIME_INPUTS[1].variable("2099-01-01T00:00:00Z"),
      "input.receivedAt",
    ],
    [
      "recordReception receivedAt",
      () => TIME_INPUTS[2].variable("2099-01-01T00:00:00Z"),
      "receivedAt",
    ],
    ["scheduleDuty date, years ahead", () => TIME_INPUTS[3].variable("2099-01-01"), "date"],
  ];
  test.each(FUTURE)("%s in the future is refused", async (_name, sent, field) => {
    await expectRefused(t, sent(), { status: 200, code: "BAD_USER_INPUT", field });
  });

  test("valid times with either offset are taken", async () => {
    const res = await send(t, TIME_INPUTS[4].variable("2017-03-01T09:30:00.123+08:00"));
    expect(res.body.errors).toBeUndefined();
    const duties = await send(t, {
      query: `{ receptionDuties(from: "2017-01-01", to: "2017-01-31") { date } }`,
    });
    expect(duties.body.errors).toBeUndefined();
  });
});

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");

describe("cursors and years", () => {
  const CURSORS: [string, string][] = [
    ["an impossible day", cursor(["2017-02-30 00:00:00.000", 5])],
    ["a negative id", cursor(["2017-03-01 00:00:00.000", -1])],
    ["a fractional id", cursor(["2017-03-01 00:00:00.000", 1.5])],
    ["a huge id", cursor(["2017-03-01 00:00:00.000", 1e20])],
    ["an id as text", cursor(["2017-03-01 00:00:00.000", "1"])],
    ["a number for the time", cursor([0, 1])],
    ["hour 24", cursor(["2017-03-01 24:00:00.000", 1])],
    ["one value", cursor(["2017-03-01 00:00:00.000"])],
    ["an object", cursor({ receivedAt: "2017-03-01 00:00:00.000", id: 1 })],
    ["no base64", "%%%not-a-cursor%%%"],
    ["10,000 characters", "A".repeat(10_000)],
    ["JSON null", cursor(null)],
  ];
  test.each(CURSORS)("a cursor holding %s is refused, naming after", async (_name, after) => {
    await expectRefused(
      t,
      {
        role: "bureau",
        query: `query($a: String) { petitions(first: 2, after: $a) { totalCount } }`,
        variables: { a: after },
      },
      { status: 200, code: "BAD_USER_INPUT", field: "after" },
    );
  });

  test("a cursor the API handed out works", async () => {
    const first = await send(t, {
      role: "bureau",
      query: `{ petitions(first: 2) { pageInfo { endCursor } } }`,
    });
    const next = await send(t, {
      role: "bureau",
      query: `query($a: String) { petitions(first: 2, after: $a) { edges { node { id } } } }`,
      variables: { a: first.body.data.petitions.pageInfo.endCursor },
    });
    expect(next.body.errors).toBeUndefined();
  });

  test.each([1990, 2000, thisYear])(
    "annualReport(year: %i) works; a change from a year without records is null",
    async (year) => {
      const res = await send(t, {
        role: "integrator",
        query: `{ annualReport(year: ${year}) { year visits { all { count changeFromPreviousYear } } website { messages } } }`,
      });
      expect(res.body.errors).toBeUndefined();
      if (year <= 2000)
        expect(res.body.data.annualReport.visits.all).toEqual({
          count: 0,
          changeFromPreviousYear: null,
        });
    },
  );

  test.each([1989, 1800, -1, 0, thisYear + 1, 2_147_483_647])(
    "annualReport(year: %i) is refused, naming year",
    async (year) => {
      await expectRefused(
        t,
        {
          role: "integrator",
          query: `query($y: Int!) { annualReport(year: $y) { year } }`,
          variables: { y: year },
        },
        { status: 200, code: "BAD_USER_INPUT", field: "year" },
      );
    },
  );

  test("a year past 32 bits is refused before any subgraph, naming year", async () => {
    await expectRefused(
      t,
      { role: "integrator", query: `{ annualReport(year: 99999999999) { year } }` },
      { status: 400, code: "GRAPHQL_VALIDATION_FAILED", field: "year" },
    );
  });
});
