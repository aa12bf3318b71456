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
