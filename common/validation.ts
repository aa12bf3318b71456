import { QueryFailedError } from "typeorm";
import { badInput } from "./errors";

/** Trimmed text whose length in characters lies in min..max, or a BAD_USER_INPUT naming the field. */
export function boundedText(field: string, value: string, min: number, max: number): string {
  const t = value.trim();
  const length = [...t].length;
  if (length < min) throw badInput(field, min <= 1 ? "must not be blank" : `must be at least ${min} characters`);
  if (length > max) throw badInput(field, `must be at most ${max} characters`);
  return t;
}

/** A unique index refused the row (the same test on SQLite and MySQL). */
export function isUniqueViolation(e: unknown): boolean {
  if (!(e instanceof QueryFailedError)) return false;
  const code = (e.driverError as { code?: string } | undefined)?.code ?? "";
  return code === "ER_DUP_ENTRY" || code.startsWith("SQLITE_CONSTRAINT_UNIQUE") || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/** The calendar day, YYYY-MM-DD, that a moment falls on in Beijing time (UTC+8). */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
