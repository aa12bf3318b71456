/**
 * The soak's accounting, kept apart from any I/O so it can be tested on hand-made inputs: what
 * the system acknowledged, what reading it back showed, and what the audit trail holds.
 */

/** Writes the soak checks. Creating writes name a new record; the others change an existing one. */
export type WriteKind = "registration" | "message" | "riskItem" | "reply" | "evaluation" | "step";
export const CREATING: readonly WriteKind[] = ["registration", "message", "riskItem"];

/** One acknowledged answer to a write. */
export interface Acknowledged {
  kind: WriteKind;
  /**
   * the logical write: a retry with the same idempotency key, or the same request sent at once by
   * another client, has the same ref; two different registrations never do
   */
  ref: string;
  /** the record the answer named (for changing writes: the record changed) */
  id: string;
  key?: string | null;
  /**
   * values that belong to one logical write only: a petition's serial number, or the version a
   * step produced (two steps acknowledged from one version mean one of them was lost)
   */
  unique?: Record<string, string>;
  /**
   * what reading the record back must show: a string field must be equal; for a list field
   * (a petition's history) each acknowledged value must be there once per acknowledgement
   */
  expect: Record<string, string>;
}

/** A record as read back: null when it does not exist. */
export type Observed = Record<string, string | string[] | null> | null;

export interface Duplicate {
  kind: WriteKind;
  what: "id" | "key" | "ref" | string;
  value: string;
  /** the refs (for an id or a unique value) or ids (for a key or a ref) it was given to */
  to: string[];
}

export interface WriteFigures {
  /** distinct logical writes acknowledged */
  acknowledged: number;
  /** acknowledgements checked against the read back */
  checked: number;
  readBack: number;
  /** the record is gone */
  missing: number;
  /** the record is there but does not show what was acknowledged */
  changed: number;
  /** the read back failed, so nothing could be said */
  unverified: number;
}

export interface Problem {
  kind: WriteKind;
  id: string;
  ref: string;
  problem: "missing" | "changed" | "unverified";
  detail: string;
}

const add = (map: Map<string, Set<string>>, key: string, value: string) => {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
};

/** Ids, keys, refs and unique values given out more than once. */
export function findDuplicates(acks: Acknowledged[]): Duplicate[] {
  const found: Duplicate[] = [];
  const kinds = [...new Set(acks.map((a) => a.kind))];
  for (const kind of kinds) {
    const mine = acks.filter((a) => a.kind === kind);
    const creating = CREATING.includes(kind);
    const refsById = new Map<string, Set<string>>();
    const idsByKey = new Map<string, Set<string>>();
    const idsByRef = new Map<string, Set<string>>();
    const refsByUnique = new Map<string, Set<string>>();
    for (const a of mine) {
      if (creating) add(refsById, a.id, a.ref);
      if (creating) add(idsByRef, a.ref, a.id);
      if (a.key) add(idsByKey, a.key, a.id);
      for (const [field, value] of Object.entries(a.unique ?? {}))
        add(refsByUnique, `${field}\u0000${value}`, a.ref);
    }
    for (const [id, refs] of refsById)
      if (refs.size > 1) found.push({ kind, what: "id", value: id, to: [...refs] });
    for (const [key, ids] of idsByKey)
      if (ids.size > 1) found.push({ kind, what: "key", value: key, to: [...ids] });
    // a keyed ref is already reported by its key
    for (const [ref, ids] of idsByRef)
      if (ids.size > 1 && !mine.some((a) => a.ref === ref && a.key))
        found.push({ kind, what: "ref", value: ref, to: [...ids] });
    for (const [fieldValue, refs] of refsByUnique)
      if (refs.size > 1) {
        const [field, value] = fieldValue.split("\u0000");
        found.push({ kind, what: field, value, to: [...refs] });
      }
  }
  return found;
}

/**
 * Compares every acknowledged write with its record as read back (`observed` by kind, then id;
 * an id absent from the map was not read back). Acknowledgements of one logical write on one
 * record count once; a list field must hold each acknowledged value as often as it was acknowledged.
 */
export function checkReadBack(
  acks: Acknowledged[],
  observed: Map<WriteKind, Map<string, Observed>>,
): { figures: Record<WriteKind, WriteFigures>; problems: Problem[] } {
  const figures = {} as Record<WriteKind, WriteFigures>;
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const listUse = new Map<string, number>();
  for (const a of acks) {
    const f = (figures[a.kind] ??= {
      acknowledged: 0,
      checked: 0,
      readBack: 0,
      missing: 0,
      changed: 0,
      unverified: 0,
    });
    const once = `${a.kind}\u0000${a.ref}\u0000${a.id}`;
    if (seen.has(once)) continue;
    seen.add(once);
    f.checked++;
    const byId = observed.get(a.kind);
    const problem = (p: Problem["problem"], detail: string) => {
      f[p]++;
      problems.push({ kind: a.kind, id: a.id, ref: a.ref, problem: p, detail });
    };
    if (!byId || !byId.has(a.id)) {
      problem("unverified", "not read back");
      continue;
    }
    const record = byId.get(a.id)!;
    if (record === null) {
      problem("missing", "no such record");
      continue;
    }
    const differences: string[] = [];
    for (const [field, want] of Object.entries(a.expect)) {
      const got = record[field];
      if (Array.isArray(got)) {
        const use = `${a.kind}\u0000${a.id}\u0000${field}\u0000${want}`;
        const used = (listUse.get(use) ?? 0) + 1;
        listUse.set(use, used);
        if (got.filter((g) => g === want).length < used)
          differences.push(`${field} lacks ${JSON.stringify(want)}`);
      } else if (got !== want)
        differences.push(
          `${field} is ${JSON.stringify(got)}, acknowledged ${JSON.stringify(want)}`,
        );
    }
    if (differences.length) problem("changed", differences.join("; "));
    else f.readBack++;
  }
  // distinct logical writes, counted after the loop so retries and twins count once
  for (const kind of Object.keys(figures) as WriteKind[])
    figures[kind].acknowledged = new Set(
      acks.filter((a) => a.kind === kind).map((a) => a.ref),
    ).size;
  return { figures, problems };
}

/** One unmasked read the soak was answered, by account and record. */
export interface AuditedRead {
  subject: string;
  recordId: string;
}

/** One row of the audit table. */
export interface AuditRow {
  subject: string | null;
  recordId: string;
  fields: string[];
}

export interface AuditFigures {
  reads: number;
  /** rows that record a read of the name (every read reads it once) by the soak's readers */
  rows: number;
  missing: number;
  /** rows beyond the reads answered: a read whose answer was lost on the way, not an error */
  extra: number;
}

/**
 * Every unmasked read that was answered must have left its row: the rows of one account about
 * one record that include the name must be at least as many as that account's answered reads
 * of it. Only the accounts in `readers` are counted.
 */
export function checkAudit(
  reads: AuditedRead[],
  rows: AuditRow[],
  readers: Set<string>,
): AuditFigures {
  const want = new Map<string, number>();
  for (const r of reads)
    want.set(
      `${r.subject}\u0000${r.recordId}`,
      (want.get(`${r.subject}\u0000${r.recordId}`) ?? 0) + 1,
    );
  const have = new Map<string, number>();
  let counted = 0;
  for (const row of rows) {
    if (row.subject === null || !readers.has(row.subject) || !row.fields.includes("name")) continue;
    counted++;
    have.set(
      `${row.subject}\u0000${row.recordId}`,
      (have.get(`${row.subject}\u0000${row.recordId}`) ?? 0) + 1,
    );
  }
  let missing = 0;
  let extra = 0;
  for (const key of new Set([...want.keys(), ...have.keys()])) {
    const d = (want.get(key) ?? 0) - (have.get(key) ?? 0);
    if (d > 0) missing += d;
    else extra -= d;
  }
  return { reads: reads.length, rows: counted, missing, extra };
}
