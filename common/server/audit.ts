import { Table, TableIndex, type DataSource } from "typeorm";
import type { Caller } from "../auth/caller";
import { column } from "../db/migration";
import { sqlTime } from "../db/sql";

/** The table in which a subgraph that holds personal data records every unmasked read. */
export function personalDataReadTable(): Table {
  return new Table({
    name: "personal_data_read",
    columns: [
      column.id(),
      column.time("read_at"),
      column.string("subject", 100, true),
      column.string("role", 20),
      column.string("entity", 40),
      column.int("record_id"),
      column.string("fields", 200),
    ],
    indices: [new TableIndex({ name: "idx_pd_read_at", columnNames: ["read_at", "id"] })],
  });
}

/**
 * The audit of one request. A resolver awaits `read(...)` before it returns an unmasked value:
 * the reads of one tick (a page of petitioners, each with name, ID number and phone) become one
 * row per record with the fields read, written in one INSERT; if that write fails, the fields
 * fail and nothing unmasked leaves unrecorded.
 */
export class AuditTrail {
  private pending = new Map<string, { entity: string; id: number; fields: Set<string> }>();
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly caller: Caller,
    private readonly now: () => Date,
    /** told of the rows each flush stored (metrics) */
    private readonly written: (rows: number) => void = () => {},
  ) {}

  read(entity: string, id: number, field: string): Promise<void> {
    const key = `${entity}:${id}`;
    let entry = this.pending.get(key);
    if (!entry) {
      entry = { entity, id, fields: new Set() };
      this.pending.set(key, entry);
    }
    entry.fields.add(field);
    this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
      this.flush(),
    );
    return this.flushing;
  }

  private async flush(): Promise<void> {
    const entries = [...this.pending.values()];
    this.pending = new Map();
    this.flushing = null;
    if (!entries.length) return;
    const at = sqlTime(this.now());
    const values = entries.map(() => "(?, ?, ?, ?, ?, ?)").join(", ");
    const params = entries.flatMap((e) => [
      at,
      this.caller.subject,
      this.caller.role,
      e.entity,
      e.id,
      [...e.fields].sort().join(","),
    ]);
    await this.db.query(
      `INSERT INTO personal_data_read (read_at, subject, role, entity, record_id, fields) VALUES ${values}`,
      params,
    );
    this.written(entries.length);
  }
}

/**
 * A personal-data field as the caller may see it: the value, after its read is recorded, when
 * `mayRead`; the mask otherwise. Null stays null and is not a read.
 */
export function personalField(
  ctx: { audit: AuditTrail },
  mayRead: boolean,
  record: { entity: string; id: number; field: string },
  value: string | null,
  mask: (value: string) => string,
): string | null | Promise<string | null> {
  if (value === null) return null;
  if (!mayRead) return mask(value);
  return ctx.audit.read(record.entity, record.id, record.field).then(() => value);
}
