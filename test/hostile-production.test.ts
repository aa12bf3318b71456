import { monitorEventLoopDelay } from "node:perf_hooks";
import { startTestSystem, type TestSystem } from "./support/system";
import { send } from "./support/hostile";

/**
 * The gateway in production mode: no schema suggestions, no landing page, no introspection, no
 * stack traces; and no hostile request holds its event loop for 50 ms. Anonymous requests only:
 * the identity provider's key set is never asked for.
 */
let t: TestSystem;
beforeAll(async () => {
  t = await startTestSystem({
    demoData: false,
    env: { NODE_ENV: "production", AUTH_JWKS_URL: "http://127.0.0.1:9/jwks.json" },
  });
});
afterAll(async () => {
  await t?.stop();
});

const rep = (f: (i: number) => string, n: number, sep = " ") =>
  Array.from({ length: n }, (_, i) => f(i)).join(sep);
const doubling = (n: number) =>
  `query{towns{...F0}} ${rep((i) => `fragment F${i} on Town{...F${i + 1} ...F${i + 1}}`, n)} fragment F${n} on Town{id}`;

describe("production mode", () => {
  const NO_SUGGESTIONS: [string, string, unknown][] = [
    ["a misspelt field", `{ towns { nmae } }`, undefined],
    ["a misspelt type in a fragment", `{ towns { ...on Tonw { id } } }`, undefined],
    [
      "a misspelt argument",
      `{ receptionDuties(form: "2017-01-01", to: "2017-01-02") { id } }`,
      undefined,
    ],
    ["a misspelt enum literal", `{ leaders(level: COUNTRY) { id } }`, undefined],
    [
      "a misspelt enum variable",
      `query($l: AdminLevel) { leaders(level: $l) { id } }`,
      { l: "COUNTRY" },
    ],
  ];
  test.each(NO_SUGGESTIONS)(
    '%s: refused without "Did you mean" or a stack trace',
    async (_name, query, variables) => {
      const res = await send(t, { query, variables });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).not.toMatch(/Did you mean|stacktrace| {4}at /);
    },
  );

  test.each([
    ["GET with a browser's Accept", { accept: "text/html,application/xhtml+xml" }],
    ["GET with no Accept", {}],
  ])("%s shows no landing page", async (_name, headers) => {
    const res = await fetch(t.gatewayUrl, { headers });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toMatch(/<html|<!DOCTYPE|landing/i);
  });

  test("introspection is refused", async () => {
    const res = await send(t, { query: `{ __schema { types { name } } }` });
    expect(res.status).toBe(400);
    expect(res.message).toMatch(/introspection/i);
  });

  test("the time scalars are as strict, naming the argument", async () => {
    const res = await send(t, {
      query: `query($to: Date!) { receptionDuties(from: "2017-01-01", to: $to) { id } }`,
      variables: { to: "2017-02-30" },
    });
    expect({ status: res.status, code: res.code, field: res.field }).toEqual({
      status: 400,
      code: "BAD_USER_INPUT",
      field: "to",
    });
  });
});

describe("the event loop", () => {
  /** The worst requests: the bomb, and bodies near 100 kB of depth, aliases, tokens and repeats. */
  const WORST: [string, string][] = [
    ["the 918-byte fragment bomb", doubling(22)],
    ["the bomb at 60 levels", doubling(60)],
    ["99 kB of tokens", `{ ${"towns { id } ".repeat(7500)} }`],
    ["99 kB of nested selections", `{ ${"towns { ".repeat(8000)} id ${"} ".repeat(8000)} }`],
    ["99 kB of aliases", `{ ${rep((i) => `a${i}: towns { id }`, 4800)} }`],
    ["99 kB of directives", `{ towns { ${"id @include(if: true) ".repeat(4400)} } }`],
    [
      "99 kB of one string",
      `{ receptionDuties(from: "2017-01-01", to: "${"9".repeat(99_000)}") { id } }`,
    ],
    ["1,000 tokens of one repeated field", `{ ${rep(() => "towns { id }", 240)} }`],
    [
      "1,000 tokens of nested repeats",
      `{ ${rep(() => `towns { workStations { ${rep(() => "name", 5)} } }`, 30)} }`,
    ],
    [
      "1,000 tokens of unused variables",
      `query(${rep((i) => `$v${i}: Int`, 190)}) { towns { id } }`,
    ],
    [
      "1,000 tokens of conflicting arguments",
      `{ ${rep((i) => `leaders(level: ${["COUNTY", "TOWN", "VILLAGE"][i % 3]}) { id }`, 20)} }`,
    ],
    [
      "1,000 tokens of aliases within the limits",
      `{ ${rep((i) => `a${i}: towns { id name workStations { name } }`, 30)} }`,
    ],
    ["a batch of 10 bombs", ""],
  ];

  test("no hostile request holds it for 50 ms", async () => {
    const ROUNDS = 5;
    const figures: Record<string, { median: number; max: number }> = {};
    const bodies = WORST.map(
      ([name, query]) =>
        [
          name,
          query
            ? JSON.stringify({ query })
            : JSON.stringify(Array.from({ length: 10 }, () => ({ query: doubling(22) }))),
        ] as const,
    );
    // once through every case first: compiling the code each one reaches happens once per process
    for (const [, raw] of bodies) await send(t, { raw });
    for (const [name, raw] of bodies) {
      expect(raw.length).toBeLessThanOrEqual(100_000);
      // The longest delay each request caused. On a shared machine the OS may also leave this
      // process without a core for a while, which shows as delay too; the process's own CPU time
      // over the request bounds what the request itself can have held the loop for, and is not
      // inflated by other processes. So each round counts the smaller of the two, and the median
      // of the rounds is asserted; the worst is shown.
      const rounds: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const histogram = monitorEventLoopDelay({ resolution: 1 });
        const cpu = process.cpuUsage();
        histogram.enable();
        const res = await send(t, { raw });
        histogram.disable();
        const used = process.cpuUsage(cpu);
        expect(res.status).toBeLessThan(500);
        const delayMs = histogram.max / 1e6;
        const cpuMs = (used.user + used.system) / 1000;
        rounds.push(Math.round(Math.min(delayMs, cpuMs) * 10) / 10);
      }
      rounds.sort((a, b) => a - b);
      figures[name] = { median: rounds[Math.floor(ROUNDS / 2)], max: rounds[ROUNDS - 1] };
    }
    console.log(
      `event-loop delay (bounded by CPU time) per worst case, ms (median and worst of ${ROUNDS}): ${JSON.stringify(figures)}`,
    );
    for (const [name, { median }] of Object.entries(figures))
      expect({ name, under50ms: median < 50 }).toEqual({ name, under50ms: true });
  });
});
