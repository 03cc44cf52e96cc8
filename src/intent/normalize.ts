import { startsWithGpu } from './vocabulary.js';

/**
 * Chat text to plain lowercase words: invisible characters, terminal escapes and stray combining
 * marks removed, mention markup, the /ftcost prefix, links, emoji and decoration removed, and
 * numbers as people say them ("5 grand", "half a million", "10.000 rows", "10^12", "ten thousand
 * examples") written as plain digits. Linear in the length of the text, which is capped first.
 */

/** What the bot reads of a message: longer texts are pastes, and what follows this is not parsed. */
export const MAX_RAW = 40_000;
/** What the parser reads after cleaning: a request is a few sentences (the labelled messages are at most 160 characters). */
export const MAX_PARSED = 1_000;

const SLACK_LINK = /<(https?:[^|>\s]{1,2000})\|([^>]{0,500})>/g; // <https://x|label> → label
const MARKUP = /<[@#!][^>\s]{0,200}>/g; // <@U024BE7LH>, <@123>, <@!123>, <@&role>, <#C1|name>, <!here>
const EMOJI_CODE = /:[a-z0-9_+-]{1,40}:/g;
const PICTOGRAPHS = /\p{Extended_Pictographic}|\u{FE0F}|\u{20E3}/gu;
const ANSI =
  // eslint-disable-next-line no-control-regex -- terminal escape sequences are what is removed
  /\u001b\[[0-?]{0,32}[ -/]{0,8}[@-~]|\u001b\][^\u0007\u001b]{0,400}(?:\u0007|\u001b\\)?|\u001b[@-_]?|\u009b[0-?]{0,32}[ -/]{0,8}[@-~]/g;
/** Zero-width and formatting characters, bidirectional controls, soft hyphens, variation selectors. */
const INVISIBLE =
  // eslint-disable-next-line no-misleading-character-class -- the combining joiners and selectors are what is removed
  /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0e\ufeff\uffa0]/g;
// eslint-disable-next-line no-control-regex -- control characters are what is removed
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  a: 1,
  an: 1,
  single: 1,
  couple: 2,
  dozen: 12,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9 };
const NUMBER_WORD = new RegExp(
  `\\b(?:${[...Object.keys(UNITS), ...Object.keys(SCALES)].join('|')})(?:[\\s-]+(?:${[...Object.keys(UNITS), ...Object.keys(SCALES), 'and', 'of'].join('|')})){0,8}\\b`,
  'g',
);
/** What a number word must be followed by (or contain) to count: "ten thousand", "three epochs", "fifty k". */
const COUNTED =
  /^[\s-]*(?:(?:more\s+|extra\s+|additional\s+)?(?:examples?|samples?|rows?|records?|docs?|documents?|conversations?|convos?|epochs?|passes|pass|gpus?|cards?|h100s?|a100s?|tokens?|runs?|pairs?|tickets?|chats?|emails?)\b|(?:k|m|mil|bn)\b)/;

function wordsToNumber(allWords: string[]): number | undefined {
  // "a thousand", "a single", "a couple of": the article only says "one" when nothing else does.
  const words = allWords.length > 1 ? allWords.filter((w) => w !== 'a' && w !== 'an' && w !== 'of') : allWords;
  if (words.includes('single') && words.length > 1) return undefined;
  let total = 0;
  let current = 0;
  let seen = false;
  for (const w of words) {
    if (w === 'and') continue;
    if (w in UNITS) {
      // "two dozen" multiplies; "twenty two" adds.
      current = w === 'dozen' && current > 0 ? current * 12 : current + (UNITS[w] as number);
      seen = true;
    } else if (w in SCALES) {
      const scale = SCALES[w] as number;
      current = (current || 1) * scale;
      if (scale >= 1000) {
        total += current;
        current = 0;
      }
      seen = true;
    } else return undefined;
  }
  return seen ? total + current : undefined;
}

function replaceNumberWords(text: string): string {
  return text.replace(NUMBER_WORD, (match, offset: number) => {
    // "of" only joins "a couple of" and "a dozen of"; a trailing one belongs to the sentence.
    const trimmed = match.replace(/[\s-]+(?:of|and)$/, '');
    const tail = match.slice(trimmed.length);
    const words = trimmed.split(/[\s-]+/);
    const hasScale = words.some((w) => w in SCALES);
    // "10 thousand": digits already count; leave the scale word for the quantity parser. "A few thousand" is no figure.
    if (words.every((w) => w in SCALES) && /\d\s*$/.test(text.slice(0, offset))) return match;
    if (
      words[0]! in SCALES &&
      /\b(few|several|some|many|of|tens|hundreds|dozens|couple)\s*$/.test(text.slice(Math.max(0, offset - 12), offset))
    )
      return match;
    const rest = text.slice(offset + match.length, offset + match.length + 60);
    const gpuNext = startsWithGpu(rest) || /^\s*(single\s+)?rtx\b/.test(rest);
    const counted = COUNTED.test(tail ? `${tail}${rest}` : rest);
    const named = /\b(?:epochs?|passes|examples|rows|gpus|runs)\s*[:=]\s*$/.test(text.slice(Math.max(0, offset - 12), offset));
    if (!hasScale && !counted && !gpuNext && !named && !(words.includes('dozen') && words.length <= 3)) return match;
    if (words.length === 1 && (words[0] === 'a' || words[0] === 'an') && !gpuNext) return match;
    const value = wordsToNumber(words);
    return value === undefined ? match : `${value}${tail}`;
  });
}

const FRACTIONS: Record<string, number> = { half: 0.5, quarter: 0.25 };

/**
 * Numbers as people say and type them, to plain digits: "5 grand" ($5k), "half a million",
 * "a quarter million", "10.000" and "12 500 rows" (thousands separators), "10^12", "1e5". A figure
 * too long to be one (more than 15 digits, 1e400) becomes the word "hugenumber" and is reported.
 */
function readNumbers(text: string, found: { huge?: string }): string {
  const huge = (raw: string): string => {
    found.huge ??= raw.length > 24 ? `${raw.slice(0, 20)}…` : raw;
    return ' hugenumber ';
  };
  return (
    text
      // A run of digits and separators longer than any figure: one word, so no pattern scans it twice.
      .replace(/\d[\d.,_]{24,}/g, (m) => huge(m))
      // 10^12, 10**12, 1e5, 1.5e6 (powers of ten written out).
      .replace(/(?<![\w.])(\d+(?:\.\d+)?)\s*(?:e\+?|[x*]\s*10\s*\^|[x*]\s*10\s*\*\*)(\d{1,4})(?![\w.])/g, (m, base: string, exp: string) =>
        expand(Number(base) * 10 ** Number(exp), m, huge),
      )
      .replace(/(?<![\w.])10\s*(?:\^|\*\*)\s*(\d{1,4})(?![\w.])/g, (m, exp: string) => expand(10 ** Number(exp), m, huge))
      // "5 grand", "5k grand" → $5,000.
      .replace(/(?<![\w.])(\d+(?:\.\d+)?)\s*(k\s*)?grand\b/g, (_m, n: string) => ` $${n}k `)
      .replace(/\b(?:a\s+)?(?:couple|few)\s+grand\b/g, ' some money ')
      // "half a million", "a quarter of a million", "half a mil", "half a billion".
      .replace(
        /\b(?:a\s+|one\s+)?(half|quarter)\s+(?:of\s+)?(?:a\s+|one\s+)?(million|mil|billion|thousand)\b/g,
        (_m, part: string, scale: string) => ` ${FRACTIONS[part]! * (scale === 'thousand' ? 1e3 : scale === 'billion' ? 1e9 : 1e6)} `,
      )
      // "1/2 epoch", "3/4": a proper fraction (a date such as 5/12 is no slot either way).
      .replace(/(?<![\w./⁄])(\d{1,2})\s*[/⁄]\s*(\d{1,2})(?![\w/⁄]|\.\d)/g, (m: string, a: string, b: string) =>
        Number(a) < Number(b) ? ` ${String(Math.round((Number(a) / Number(b)) * 1000) / 1000)} ` : m,
      )
      // "2 and a half", "two and a half epochs", "half an epoch".
      .replace(/\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten) and a half\b/g, (_m, n: string) => `${SMALL[n] ?? Number(n)}.5`)
      .replace(/\bhalf (?:an? )?(epoch|pass)\b/g, '0.5 $1')
      // "10mn", "10 mio", "10 mill": millions.
      .replace(/(\d)\s?(?:mn|mio|mill)\b/g, '$1m')
      // "10kish", "10k-ish": about that figure.
      .replace(/(?<![\w.])(\d+(?:\.\d+)?\s?[km]?)-?ish\b/g, '$1')
      // Thousands with spaces whose group starts with 0 ("10 000", "2 000 000"): one figure.
      .replace(/(?<![\w.,])([1-9]\d{0,2}(?: 0\d{2})+)(?![\d.,]|\s\d{3})/g, (m: string) => m.replace(/ /g, ''))
      // A decimal comma before a suffix ("1,5M", "2,5k"): 1.5M.
      .replace(/(?<![\w.,])(\d+),(\d{1,2})(?=\s?(?:k|m|mil|million|thousand|bn|billion)\b)/g, '$1.$2')
      // Thousands with dots ("10.000", "1.500.000"): a count is never written with three decimals.
      .replace(/(?<![\w.,])([1-9]\d{0,2}(?:\.\d{3})+)(?![\d.]*\d)(?!\.\d)/g, (m: string) => m.replace(/\./g, ''))
      // Thousands with commas ("10,000", "$1,000"), and with spaces or underscores when a noun or currency says it is one figure.
      .replace(/(?<![\w.,])([1-9]\d{0,2}(?:,\d{3})+)(?![\d])/g, (m: string) => m.replace(/,/g, ''))
      .replace(
        /(?<![\w.,])([1-9]\d{0,2}(?:[ _]\d{3})+)(?=\s*(?:examples?|samples?|rows?|records?|docs?|documents?|pairs?|conversations?|tokens?|dollars|usd|eur|euros?|gbp)\b)/g,
        (m: string) => m.replace(/[ _]/g, ''),
      )
      .replace(/([$€£]\s?)([1-9]\d{0,2}(?:[ _]\d{3})+)(?![\d])/g, (_m, c: string, n: string) => `${c}${n.replace(/[ _]/g, '')}`)
  );
}

function expand(value: number, written: string, huge: (raw: string) => string): string {
  if (!Number.isFinite(value) || value >= 1e15) return huge(written);
  return ` ${Number.isInteger(value) ? value.toFixed(0) : String(value)} `;
}

const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const FRACTION_CHARS: Record<string, number> = { '½': 0.5, '¼': 0.25, '¾': 0.75, '⅓': 1 / 3, '⅔': 2 / 3, '⅛': 0.125 };
const SMALL: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

/** Characters nobody sees and escapes nobody typed, removed; compatibility forms (fullwidth digits) folded. */
export function clean(raw: string): string {
  return (
    String(raw ?? '')
      .slice(0, MAX_RAW)
      .replace(ANSI, ' ')
      .replace(INVISIBLE, '')
      .replace(CONTROL, ' ')
      // Only the start of a long paste is read: cut before the costlier steps.
      .slice(0, 2 * MAX_PARSED)
      // Before compatibility folding turns "10³" into "103" and "½" into "1⁄2": powers and fractions.
      .replace(/(\d)([⁰¹²³⁴⁵⁶⁷⁸⁹]+)/g, (_m, d: string, sup: string) => `${d}^${[...sup].map((c) => SUPERSCRIPTS.indexOf(c)).join('')}`)
      .replace(
        /(?<!\d)(\d{0,6})\s?([½¼¾⅓⅔⅛])/g,
        (_m, whole: string, f: string) => ` ${(Number(whole || 0) + (FRACTION_CHARS[f] ?? 0)).toString()} `,
      )
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
  );
}

export interface Normalized {
  /** Lowercase, markup-free text with plain digits for the numbers it states. */
  text: string;
  /** Mentioned @everyone / @here / <!channel>. */
  broadcast: boolean;
  /** A figure too large to be one, as written (the reply names it). */
  huge?: string;
}

export function normalize(raw: string): Normalized {
  let text = clean(raw);
  const broadcast = /<!(channel|here|everyone)[^>]{0,40}>|@(everyone|here)\b/i.test(text);
  text = text
    .replace(SLACK_LINK, '$2')
    .replace(MARKUP, ' ')
    .replace(/@(everyone|here)\b/gi, ' ')
    .replace(/^\s*\/?ftcost\b/i, ' ')
    .replace(/@ftcost\b/gi, ' ')
    .replace(/\u{1F4CC}|:pushpin:|:round_pushpin:/gu, ' pin ')
    .replace(EMOJI_CODE, ' ')
    .replace(PICTOGRAPHS, ' ')
    .replace(/[\u2018\u2019\u02bc\u00b4]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[\u2012-\u2015\u2212]/g, ' - ')
    .replace(/\u00D7/g, 'x')
    .replace(/\u2192|->|=>/g, ' to ')
    .replace(/[`*_~>|]/g, ' ')
    // Line breaks, semicolons and exclamation marks end a clause, as a full stop does.
    .replace(/[\r\n;!]+/g, ' . ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_PARSED)
    .toLowerCase();
  const found: { huge?: string } = {};
  text = readNumbers(text, found);
  text = replaceNumberWords(text)
    .replace(/\?+/g, ' ? ')
    .replace(/\s+/g, ' ')
    .replace(/(?:\s?\.(?!\d)){2,}/g, ' . ')
    .replace(/^\s?\.\s?|\s?\.\s?$/g, '')
    .trim();
  return { text, broadcast, ...(found.huge ? { huge: found.huge } : {}) };
}
