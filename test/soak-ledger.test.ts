import {
  checkAudit,
  checkReadBack,
  findDuplicates,
  type Acknowledged,
  type Observed,
  type WriteKind,
} from "../scripts/soak/ledger";
import { parseOptions, type SoakOptions } from "../scripts/soak/options";
import { buildResult } from "../scripts/soak/report";
import { Stats, type Outcome } from "../scripts/soak/stats";

/** The soak's own accounting, on hand-made inputs: it must not pass what it is there to catch. */

const registration = (
  ref: string,
  id: string,
  serialNo: string,
  key: string | null = null,
): Acknowledged => ({
  kind: "registration",
  ref,
  id,
  key,
  unique: { serialNo },
  expect: { title: ref, content: `content of ${ref}`, serialNo },
});

const observedOf = (entries: [WriteKind, string, Observed][]) => {
  const map = new Map<WriteKind, Map<string, Observed>>();
  for (const [kind, id, record] of entries) {
    if (!map.has(kind)) map.set(kind, new Map());
    map.get(kind)!.set(id, record);
  }
  return map;
};

const stored = (ref: string, serialNo: string): Observed => ({
  title: ref,
  content: `content of ${ref}`,
  serialNo,
});

describe("soak accounting: duplicates", () => {
  it("finds nothing when every registration has its own id and serial number, and a key its one id", () => {
    const acks = [
      registration("a", "1", "XF2026-000001"),
      registration("b", "2", "XF2026-000002", "key-b"),
      registration("b", "2", "XF2026-000002", "key-b"),
    ];
    expect(findDuplicates(acks)).toEqual([]);
  });

  it("finds an id and a serial number handed to two registrations", () => {
    const found = findDuplicates([
      registration("a", "7", "XF2026-000007"),
      registration("b", "7", "XF2026-000007"),
    ]);
    expect(found).toEqual(
      expect.arrayContaining([
        { kind: "registration", what: "id", value: "7", to: ["a", "b"] },
        { kind: "registration", what: "serialNo", value: "XF2026-000007", to: ["a", "b"] },
      ]),
    );
    expect(found).toHaveLength(2);
  });

  it("finds a serial number handed out twice under two ids", () => {
    const found = findDuplicates([
      registration("a", "7", "XF2026-000007"),
      registration("b", "8", "XF2026-000007"),
    ]);
    expect(found).toEqual([
      { kind: "registration", what: "serialNo", value: "XF2026-000007", to: ["a", "b"] },
    ]);
  });

  it("finds one idempotency key answered with two ids (a retry and a concurrent twin)", () => {
    const found = findDuplicates([
      registration("a", "3", "XF2026-000003", "key-a"),
      registration("a", "4", "XF2026-000004", "key-a"),
    ]);
    expect(found).toEqual([{ kind: "registration", what: "key", value: "key-a", to: ["3", "4"] }]);
  });

  it("finds two steps acknowledged from one version of a petition (a lost update)", () => {
    const step = (ref: string): Acknowledged => ({
      kind: "step",
      ref,
      id: "5",
      unique: { version: "5@3" },
      expect: { history: `ACCEPTED|${ref}` },
    });
    expect(findDuplicates([step("clerk-1"), step("clerk-2")])).toEqual([
      { kind: "step", what: "version", value: "5@3", to: ["clerk-1", "clerk-2"] },
    ]);
  });

  it("lets changing writes name the same record many times", () => {
    const reply = (ref: string): Acknowledged => ({
      kind: "reply",
      ref,
      id: "9",
      expect: { reply: ref },
    });
    expect(findDuplicates([reply("r1"), reply("r2")])).toEqual([]);
  });
});

describe("soak accounting: reading back", () => {
  it("counts a write read back exactly, once however often it was acknowledged", () => {
    const acks = [
      registration("a", "1", "XF2026-000001", "k"),
      registration("a", "1", "XF2026-000001", "k"),
    ];
    const { figures, problems } = checkReadBack(
      acks,
      observedOf([["registration", "1", stored("a", "XF2026-000001")]]),
    );
    expect(problems).toEqual([]);
    expect(figures.registration).toEqual({
      acknowledged: 1,
      checked: 1,
      readBack: 1,
      missing: 0,
      changed: 0,
      unverified: 0,
    });
  });

  it("reports a missing record, a changed one and one that could not be read", () => {
    const acks = [
      registration("a", "1", "XF2026-000001"),
      registration("b", "2", "XF2026-000002"),
      registration("c", "3", "XF2026-000003"),
    ];
    const { figures, problems } = checkReadBack(
      acks,
      observedOf([
        ["registration", "1", null],
        ["registration", "2", stored("someone else's", "XF2026-000002")],
      ]),
    );
    expect(figures.registration).toMatchObject({
      acknowledged: 3,
      readBack: 0,
      missing: 1,
      changed: 1,
      unverified: 1,
    });
    expect(problems.map((p) => [p.id, p.problem])).toEqual([
      ["1", "missing"],
      ["2", "changed"],
      ["3", "unverified"],
    ]);
    expect(problems[1].detail).toContain("title");
  });

  it("wants each acknowledged step in the history as often as it was acknowledged", () => {
    const step = (ref: string, to: string): Acknowledged => ({
      kind: "step",
      ref,
      id: "5",
      expect: { history: `${to}|clerk` },
    });
    const acks = [step("s1", "ACCEPTED"), step("s2", "REPLIED"), step("s3", "REPLIED")];
    const history = { history: ["REGISTERED|clerk", "ACCEPTED|clerk", "REPLIED|clerk"] };
    const { figures, problems } = checkReadBack(acks, observedOf([["step", "5", history]]));
    expect(figures.step).toMatchObject({ acknowledged: 3, readBack: 2, changed: 1 });
    expect(problems[0]).toMatchObject({ ref: "s3", problem: "changed" });
  });
});

describe("soak accounting: audit rows", () => {
  const readers = new Set(["leader-1", "bureau-1"]);

  it("matches every answered unmasked read with a row that records the name", () => {
    const reads = [
      { subject: "leader-1", recordId: "4" },
      { subject: "leader-1", recordId: "4" },
      { subject: "bureau-1", recordId: "9" },
    ];
    const rows = [
      { subject: "leader-1", recordId: "4", fields: ["idNumber", "name", "phone"] },
      { subject: "leader-1", recordId: "4", fields: ["name"] },
      { subject: "bureau-1", recordId: "9", fields: ["name", "phone"] },
      // another account's rows, and a row without the name, do not stand in for the soak's
      { subject: "someone", recordId: "4", fields: ["name"] },
      { subject: "leader-1", recordId: "4", fields: ["phone"] },
    ];
    expect(checkAudit(reads, rows, readers)).toEqual({ reads: 3, rows: 3, missing: 0, extra: 0 });
  });

  it("reports reads without a row, even when another record has a spare one", () => {
    const reads = [
      { subject: "leader-1", recordId: "4" },
      { subject: "leader-1", recordId: "5" },
    ];
    const rows = [
      { subject: "leader-1", recordId: "4", fields: ["name"] },
      { subject: "leader-1", recordId: "4", fields: ["name"] },
    ];
    expect(checkAudit(reads, rows, readers)).toEqual({ reads: 2, rows: 2, missing: 1, extra: 1 });
  });
});

describe("soak accounting: errors", () => {
  const answer = (codes: string[], messages = codes.map(() => "")): Outcome => ({
    ok: !codes.length,
    data: null,
    status: 200,
    codes,
    messages,
    ms: 5,
  });

  it("counts the procedure's refusals as expected and INTERNAL_SERVER_ERROR as a failure, with its message", () => {
    const stats = new Stats();
    const now = Date.now();
    expect(stats.record("close", answer(["PROCEDURE_VIOLATION"]), now)).toBe(false);
    expect(stats.record("accept", answer(["CONFLICT"]), now)).toBe(false);
    expect(
      stats.record(
        "register",
        answer(["INTERNAL_SERVER_ERROR"], ["Duplicate entry 'XF2026-000008'"]),
        now,
      ),
    ).toBe(true);
    expect(
      stats.record(
        "register",
        answer(["INTERNAL_SERVER_ERROR"], ["Duplicate entry 'XF2026-000009'"]),
        now,
      ),
    ).toBe(true);
    expect(stats.failureCount()).toBe(2);
    expect([...stats.failures.values()]).toEqual([
      { example: "register INTERNAL_SERVER_ERROR: Duplicate entry 'XF2026-000008'", count: 2 },
    ]);
    expect(Object.fromEntries(stats.codes)).toEqual({
      PROCEDURE_VIOLATION: 1,
      CONFLICT: 1,
      INTERNAL_SERVER_ERROR: 2,
    });
  });

  it("expects unavailability only during an outage and a little after it", () => {
    const stats = new Stats();
    expect(stats.record("view", answer(["SERVICE_UNAVAILABLE"]), Date.now())).toBe(true);
    const outage = stats.outageStarted("bureau killed");
    expect(stats.record("view", answer(["SUBGRAPH_UNAVAILABLE"]), Date.now())).toBe(false);
    stats.outageEnded(outage);
    expect(stats.record("view", answer(["SERVICE_UNAVAILABLE"]), Date.now())).toBe(false);
    expect(stats.record("view", answer(["SERVICE_UNAVAILABLE"]), Date.now() + 60_000)).toBe(true);
    expect(stats.record("view", answer(["INTERNAL_SERVER_ERROR"]), Date.now())).toBe(true);
  });
});

describe("soak accounting: the verdict", () => {
  const options = parseOptions(["--seconds", "1"]) as SoakOptions;
  const verdict = (over: Partial<Parameters<typeof buildResult>[0]>) =>
    buildResult({
      options,
      startedAt: new Date(),
      clientsStarted: 0,
      clientsEnded: 1000,
      loadAtStart: 0,
      loadAtEnd: 0,
      clients: { bureau: 1 },
      stats: new Stats(),
      writes: {
        registration: {
          acknowledged: 2,
          checked: 2,
          readBack: 2,
          missing: 0,
          changed: 0,
          unverified: 0,
        },
      },
      duplicates: [],
      problems: [],
      audit: { reads: 3, rows: 3, missing: 0, extra: 1 },
      ...over,
    }).verdict;

  it("passes a clean run only", () => {
    expect(verdict({})).toEqual({ passed: true, reasons: [] });
    expect(
      verdict({
        writes: {
          registration: {
            acknowledged: 2,
            checked: 2,
            readBack: 1,
            missing: 1,
            changed: 0,
            unverified: 0,
          },
        },
      }).passed,
    ).toBe(false);
    expect(
      verdict({
        writes: {
          step: { acknowledged: 2, checked: 2, readBack: 1, missing: 0, changed: 0, unverified: 1 },
        },
      }).passed,
    ).toBe(false);
    expect(
      verdict({ duplicates: [{ kind: "registration", what: "id", value: "1", to: ["a", "b"] }] })
        .passed,
    ).toBe(false);
    expect(verdict({ audit: { reads: 3, rows: 2, missing: 1, extra: 0 } }).passed).toBe(false);
    expect(verdict({ audit: null }).passed).toBe(false);
    const stats = new Stats();
    stats.record(
      "register",
      {
        ok: false,
        data: null,
        status: 200,
        codes: ["INTERNAL_SERVER_ERROR"],
        messages: ["boom"],
        ms: 1,
      },
      Date.now(),
    );
    expect(verdict({ stats })).toEqual({
      passed: false,
      reasons: ["1 requests failed unexpectedly"],
    });
  });

  it("refuses to lose the database with no server to lose", () => {
    expect(() => parseOptions(["--restart-database"])).toThrow("--restart-database needs --mysql");
    expect(() => parseOptions(["--restart-subgraph", "nowhere"])).toThrow("none of");
  });
});
