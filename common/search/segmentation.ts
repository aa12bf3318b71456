import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict";

/**
 * 分词: how text becomes search terms, the same for the records and for the search box.
 *
 * Chinese runs are cut into words by jieba. A word is cut differently depending on what stands
 * next to it (in "东营村西环教委", jieba coins "村西环", so the word "西环" is not there), so a
 * record also gets every character and every pair of adjacent characters of its Chinese runs:
 * a searched word of three or more characters then also matches by its character pairs, which
 * are present wherever the word is, however the record was cut. (Measured on the demo texts:
 * matching words alone missed 2.5% of the records that hold a searched phrase of one to three
 * words; with the pairs, none.) Other runs give their letter and digit runs, and connected
 * forms such as serial numbers (XF2017-000042) and dates (5·18).
 */

let jieba: Jieba | null = null;

/** The dictionary takes a fifth of a second to load: once per process, when first needed. */
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const HAN_RUN = /\p{Script=Han}+/gu;
/** a run of letters or digits, possibly joined to the next by one connector: XF2017-000042, 5·18, a_b */
const CONNECTED = /[\p{L}\p{N}]+(?:[-_.·/:@#&+'][\p{L}\p{N}]+)*/gu;
const ALNUM = /[\p{L}\p{N}]+/gu;
const LETTERS_OR_DIGITS = /\p{L}+|\p{N}+/gu;

/** Full-width forms become half-width, letters lower case, the middle dots one dot. */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[・•‧∙⋅]/g, "·");
}

/** The text split into Chinese runs and the rest, in order. */
function runs(text: string): { han: boolean; text: string }[] {
  const parts: { han: boolean; text: string }[] = [];
  let at = 0;
  for (const m of text.matchAll(HAN_RUN)) {
    if (m.index! > at) parts.push({ han: false, text: text.slice(at, m.index) });
    parts.push({ han: true, text: m[0] });
    at = m.index! + m[0].length;
  }
  if (at < text.length) parts.push({ han: false, text: text.slice(at) });
  return parts;
}

function pairs(chars: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

/** Pairs that cover a word end to end, overlapping only at an odd end: 拖欠工资 → 拖欠, 工资. */
function coveringPairs(chars: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i += 2) out.push(chars[i] + chars[i + 1]);
  if (chars.length % 2) out.push(chars[chars.length - 2] + chars[chars.length - 1]);
  return out;
}

/**
 * The terms a record is found by, each once: every character and every pair of adjacent
 * characters of its Chinese runs, and the letter and digit runs and connected forms of the rest.
 * No jieba words: a searched word of one or two characters is one of these terms, a longer one
 * is asked for by its covering pairs (and the record's text is checked for the word itself), so
 * the words would only be indexed to be never asked for; leaving them out halves the time a
 * rebuild spends.
 */
export function documentTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const run of runs(normalizeText(text))) {
    if (run.han) {
      const chars = [...run.text];
      for (const t of [...chars, ...pairs(chars)]) terms.add(t);
      continue;
    }
    for (const [connected] of run.text.matchAll(CONNECTED)) {
      for (const [alnum] of connected.matchAll(ALNUM)) {
        terms.add(alnum);
        const parts = alnum.match(LETTERS_OR_DIGITS)!;
        if (parts.length > 1) for (const p of parts) terms.add(p);
      }
      if (connected.match(ALNUM)!.length > 1) terms.add(connected);
    }
  }
  return [...terms];
}

/**
 * One condition of a search: the record must hold `term`, or else every one of `orAll`: pairs
 * of the long word's characters, present wherever the word is written. Covering pairs rather
 * than every pair: the engine reads each one's postings, and the frequent ones are long.
 */
export interface SearchClause {
  term: string;
  orAll: string[];
}

/** What the searched text asks for: every clause must hold. Empty when the text has no words. */
export function searchClauses(text: string): SearchClause[] {
  const clauses = new Map<string, SearchClause>();
  const add = (term: string, orAll: string[] = []) => clauses.set(term, { term, orAll });
  for (const run of runs(normalizeText(text))) {
    if (run.han) {
      for (const word of segmenter().cut(run.text, true)) {
        const chars = [...word];
        add(word, chars.length > 2 ? coveringPairs(chars) : []);
      }
      continue;
    }
    for (const [connected] of run.text.matchAll(CONNECTED)) add(connected);
  }
  return [...clauses.values()];
}

/** Blocks holding characters that NFKC turns into Chinese ones: radicals, enclosed and squared forms, compatibility ideographs. */
const HAN_FORMS =
  /[\u2e80-\u2fdf\u3200-\u33ff\uf900-\ufaff\u{1f200}-\u{1f2ff}\u{2f800}-\u{2fa1f}]/u;
const HAN = /\p{Script=Han}/u;

/**
 * Whether the text holds a character that normalizing makes Chinese (the Kangxi radical ⼯ for 工,
 * ㍻ for 平成, ㈱ for 株): its terms then hold words its own text does not, as the database's
 * INSTR reads it, so a count from the terms alone would count it where a page would not list it.
 */
export function hasHanForms(text: string): boolean {
  if (!HAN_FORMS.test(text)) return false;
  for (const char of text)
    if (HAN_FORMS.test(char)) {
      const normal = char.normalize("NFKC");
      if (normal !== char && HAN.test(normal)) return true;
    }
  return false;
}
