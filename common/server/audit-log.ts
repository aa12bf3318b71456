import { Directive, Field, Int, ObjectType } from "type-graphql";
import type { DataSource } from "typeorm";
import { badInput } from "../errors/user-errors";
import { pageSize } from "../db/pagination";
import { sqlTime } from "../db/sql";

/** One unmasked read of personal data: who, when, which record, which fields. */
@ObjectType({ description: "one unmasked read of personal data" })
@Directive("@shareable")
export class PersonalDataRead {
  @Field(() => Date)
  at: Date;

  @Field(() => String, {
    nullable: true,
    description: "the reader's account (the token's subject)",
  })
  subject: string | null;

  @Field(() => String)
  role: string;

  @Field(() => String, { description: "the kind of record read, e.g. Petitioner" })
  entity: string;

  @Field(() => Int)
  recordId: number;

  @Field(() => [String])
  fields: string[];
}

/** The window an admin asks about; each department that holds personal data adds its reads. */
export interface AuditWindow {
  from: Date;
  to: Date;
}

export function auditWindow(from: unknown, to: unknown): AuditWindow {
  const f = from instanceof Date ? from : new Date(String(from));
  const t = to instanceof Date ? to : new Date(String(to));
  if (Number.isNaN(f.getTime())) throw badInput("from", "is not a time");
  if (Number.isNaN(t.getTime())) throw badInput("to", "is not a time");
  if (t < f) throw badInput("to", "is before from");
  return { from: f, to: t };
}

/** The reads of a window, newest first, at most `first` (50 unless given). */
export async function personalDataReads(
  db: DataSource,
  window: AuditWindow,
  first: number | null | undefined,
): Promise<PersonalDataRead[]> {
  const limit = pageSize(first, 50);
  const rows: {
    read_at: Date | string;
    subject: string | null;
    role: string;
    entity: string;
    record_id: number;
    fields: string;
  }[] = await db.query(
    `SELECT read_at, subject, role, entity, record_id, fields FROM personal_data_read
     WHERE read_at >= ? AND read_at <= ? ORDER BY read_at DESC, id DESC LIMIT ${limit}`,
    [sqlTime(window.from), sqlTime(window.to)],
  );
  return rows.map((r) => ({
    at: r.read_at instanceof Date ? r.read_at : new Date(String(r.read_at).replace(" ", "T") + "Z"),
    subject: r.subject,
    role: r.role,
    entity: r.entity,
    recordId: Number(r.record_id),
    fields: r.fields.split(","),
  }));
}
