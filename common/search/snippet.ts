import { normalizeText } from "./segmentation";

/** Characters of context on each side of the first match. */
const CONTEXT = 24;
/** The longest snippet, marks and ellipses aside. */
const LONGEST = 80;

/**
 * Runs of digits long enough to be a phone or an ID number (7 or more, spaces and dashes
 * inside allowed, an ID's final X included): cut from every snippet whatever the record.
 */
const NUMBER_LIKE = /\d(?:[\d\s-]{5,}\d)[\dXx]?/g;

/**
 * A snippet of a hit's text: the part around its first matched word, every matched word marked
 * 【like this】. Personal data never appears: long runs of digits (phones, ID numbers) and the
 * given names (the record's people) become ＊ before the snippet is cut, so a mark cannot reveal
 * them either.
 */
export function snippet(
  texts: readonly (string | null | undefined)[],
  words: readonly string[],
  hidden: readonly (string | null | undefined)[] = [],
): string {
  let text = texts
    .filter((t): t is string => !!t)
    .join(" ")
    .replace(/\s+/g, " ");
  for (const h of hidden)
    if (h && h.trim()) text = text.split(h.trim()).join("＊".repeat([...h.trim()].length));
  text = text.replace(NUMBER_LIKE, (m) => "＊".repeat(m.length));
  const chars = [...text];
  // compare on the normalized form, character by character, so positions stay those of the text
  const folded = chars.map((c) => {
    const n = normalizeText(c);
    return [...n].length === 1 ? n : c;
  });
  const marks = new Array<boolean>(chars.length).fill(false);
  let first = -1;
  for (const w of words) {
    const wc = [...w];
    if (!wc.length) continue;
    for (let i = 0; i + wc.length <= chars.length; i++) {
      let ok = true;
      for (let j = 0; j < wc.length && ok; j++) ok = folded[i + j] === wc[j];
      if (!ok) continue;
      for (let j = 0; j < wc.length; j++) marks[i + j] = true;
      if (first < 0 || i < first) first = i;
    }
  }
  const start = Math.max(0, (first < 0 ? 0 : first) - CONTEXT);
  const end = Math.min(chars.length, start + LONGEST);
  let out = start > 0 ? "…" : "";
  for (let i = start; i < end; i++) {
    if (marks[i] && (i === start || !marks[i - 1])) out += "【";
    out += chars[i];
    if (marks[i] && (i + 1 === end || !marks[i + 1])) out += "】";
  }
  return end < chars.length ? out + "…" : out;
}
