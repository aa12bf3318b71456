/**
 * Petitioners' personal data (name, ID number, phone, address) and the masks shown to callers
 * who may not read it: 张*, 110***********123X, 138****8000.
 */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? "*" : chars[0] + "*".repeat(chars.length - 1);
}

export function maskIdNumber(id: string): string {
  return id.length <= 7
    ? "*".repeat(id.length)
    : id.slice(0, 3) + "*".repeat(id.length - 7) + id.slice(-4);
}

export function maskPhone(phone: string): string {
  return phone.length <= 7
    ? "*".repeat(phone.length)
    : phone.slice(0, 3) + "*".repeat(phone.length - 7) + phone.slice(-4);
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

/** The check character of a mainland resident ID number (GB 11643), from its first 17 digits. */
export function idNumberCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}
