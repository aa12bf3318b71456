import { badInput } from "../errors/user-errors";

/** C0 and C1 controls but tab and line feed (a carriage return is taken only before a line feed), and DEL. */
// eslint-disable-next-line no-control-regex -- the control characters are what this finds
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;
/** bidirectional embeddings, overrides and isolates: they make text read otherwise than it is stored */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
/** half of a surrogate pair alone (not a character at all), and the two noncharacters U+FFFE and U+FFFF */
const NOT_A_CHARACTER = /[\uD800-\uDFFF\uFFFE\uFFFF]/u;
/**
 * What shows nothing: white space (NBSP, U+3000 …), default-ignorable characters (zero-width
 * spaces and joiners, U+FEFF, U+2060, soft hyphens, Hangul fillers, variation selectors, tags …),
 * the braille blank, and combining marks, which show only on a character before them.
 */
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\u2800\p{M}]/gu;
const EDGE =
  /^[\p{White_Space}\u200B-\u200D\u2060\u2800\u3164\uFEFF\uFFA0\u115F\u1160\u180E]+|[\p{White_Space}\u200B-\u200D\u2060\u2800\u3164\uFEFF\uFFA0\u115F\u1160\u180E]+$/gu;

/**
 * Text as every text input takes it: CRLF becomes LF; control characters, bidirectional
 * controls and broken characters are refused; blank and invisible characters are cut from both
 * ends. Returns the text and how many visible characters it holds.
 */
export function plainText(field: string, value: string): { text: string; visible: number } {
  if (typeof value !== "string") throw badInput(field, "must be text");
  const text = value.replace(/\r\n/g, "\n");
  if (CONTROL.test(text))
    throw badInput(field, "must not hold control characters (only tab and line breaks)");
  if (BIDI_CONTROL.test(text))
    throw badInput(field, "must not hold bidirectional override or isolate characters");
  if (NOT_A_CHARACTER.test(text))
    throw badInput(
      field,
      "holds something that is not a character (a broken surrogate or a noncharacter)",
    );
  const trimmed = text.replace(EDGE, "");
  return { text: trimmed, visible: [...trimmed.replace(INVISIBLE, "")].length };
}

/**
 * Trimmed text of min..max characters, or a BAD_USER_INPUT naming the field. The minimum counts
 * visible characters, so text of zero-width spaces, fillers or ideographic spaces alone is blank;
 * the maximum counts every character stored.
 */
export function boundedText(field: string, value: string, min: number, max: number): string {
  const { text, visible } = plainText(field, value);
  if (visible < min)
    throw badInput(
      field,
      min <= 1 ? "must not be blank" : `must be at least ${min} visible characters`,
    );
  if ([...text].length > max) throw badInput(field, `must be at most ${max} characters`);
  return text;
}

/** A client's idempotency key: 8 to 100 printable ASCII characters (a UUID, a ULID …), or none. */
export function idempotencyKey(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (!/^[\x21-\x7E]{8,100}$/.test(value))
    throw badInput("idempotencyKey", "must be 8 to 100 printable ASCII characters without spaces");
  return value;
}

/** The calendar day, YYYY-MM-DD, that a moment falls on in Beijing time (UTC+8). */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
