import { boundedText } from "../../../common/text";
import { badInput } from "../../../common/errors";

/** An optional text: null when absent, bounded when given. */
export function optionalText(
  field: string,
  value: string | null | undefined,
  min: number,
  max: number,
): string | null {
  return value === null || value === undefined ? null : boundedText(field, value, min, max);
}

const MAINLAND_MOBILE = /^1[3-9][0-9]{9}$/;

/** A mainland mobile number (11 digits, 1[3-9]…), spaces and dashes removed; null when absent. */
export function optionalPhone(field: string, value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const phone = value.replace(/[\s-]/g, "");
  if (!MAINLAND_MOBILE.test(phone))
    throw badInput(field, "must be a mainland mobile number of 11 digits");
  return phone;
}

/** A mainland mobile number (11 digits) or a landline with its area code, spaces and dashes removed. */
export function phoneNumber(field: string, value: string): string {
  const phone = value.trim().replace(/[\s-]/g, "");
  if (!MAINLAND_MOBILE.test(phone) && !/^0\d{2,3}\d{7,8}$/.test(phone))
    throw badInput(field, "must be a mainland mobile number or a landline with its area code");
  return phone;
}

/** A time something happened: not later than now (a minute's leeway for clocks). */
export function notInFuture(field: string, at: Date, now: Date): Date {
  if (!(at instanceof Date) || Number.isNaN(at.getTime()))
    throw badInput(field, "is not a valid time");
  if (at.getTime() > now.getTime() + 60_000) throw badInput(field, "must not be in the future");
  return at;
}

/** A record's version as a client sends it back: versions start at 1. */
export function version(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 2_147_483_647)
    throw badInput(field, "must be a whole number from 1, as last read");
  return value;
}
