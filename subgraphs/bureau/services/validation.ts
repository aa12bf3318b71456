import { idNumberCheckDigit } from "../../../common/domain";
import { badInput } from "../../../common/errors";

export function wholeNumber(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw badInput(field, `must be a whole number from ${min} to ${max}`);
  return value;
}

export function notInFuture(field: string, at: Date, now: Date): Date {
  if (Number.isNaN(at.getTime())) throw badInput(field, "is not a valid time");
  if (at.getTime() > now.getTime() + 60_000) throw badInput(field, "must not be in the future");
  return at;
}

/** A mainland resident ID number: 18 characters, a real birth date, the GB 11643 check digit. */
export function idNumber(field: string, value: string, now: Date): string {
  const id = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id))
    throw badInput(field, "must be 18 characters: 17 digits and a digit or X");
  const [y, m, d] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (
    y < 1880 ||
    birth.getUTCMonth() !== m - 1 ||
    birth.getUTCDate() !== d ||
    birth.getTime() > now.getTime()
  )
    throw badInput(field, "holds no real birth date");
  if (idNumberCheckDigit(id.slice(0, 17)) !== id[17])
    throw badInput(field, "has a wrong check digit");
  return id;
}

/** A mainland mobile number (11 digits) or a landline with its area code. */
export function phone(field: string, value: string): string {
  const p = value.trim().replace(/[\s-]/g, "");
  if (!/^1[3-9]\d{9}$/.test(p) && !/^0\d{2,3}\d{7,8}$/.test(p))
    throw badInput(field, "is not a mainland mobile or landline number");
  return p;
}
