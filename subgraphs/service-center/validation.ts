import { QueryFailedError } from "typeorm";
import { badInput } from "../../common";

/** The trimmed text when its length in characters is within bounds; otherwise bad input. */
export function boundedText(field: string, value: string, min: number, max: number): string {
  const text = value.trim();
  const length = [...text].length;
  if (length < min || length > max) throw badInput(field, `must be ${min} to ${max} characters`);
  return text;
}

/** An optional text: null when absent, bounded when given. */
export function optionalText(field: string, value: string | null | undefined, min: number, max: number): string | null {
  return value === null || value === undefined ? null : boundedText(field, value, min, max);
}

const MAINLAND_MOBILE = /^1[3-9][0-9]{9}$/;

/** A mainland mobile number (11 digits, 1[3-9]…), spaces and dashes removed; null when absent. */
export function optionalPhone(field: string, value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const phone = value.replace(/[\s-]/g, "");
  if (!MAINLAND_MOBILE.test(phone)) throw badInput(field, "must be a mainland mobile number of 11 digits");
  return phone;
}

/** A unique index refused the row: both engines' codes. */
export function isUniqueViolation(e: unknown): boolean {
  if (!(e instanceof QueryFailedError)) return false;
  const code = (e.driverError as { code?: string } | undefined)?.code ?? "";
  return code === "ER_DUP_ENTRY" || code.startsWith("SQLITE_CONSTRAINT_UNIQUE") || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}
