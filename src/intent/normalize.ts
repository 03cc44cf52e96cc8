import { startsWithGpu } from './vocabulary.js';

/**
 * Chat text to plain lowercase words: mention markup, the /ftcost prefix, links, emoji and
 * decoration removed, number words turned into digits where they count something.
 */

const SLACK_LINK = /<(https?:[^|>]+)\|([^>]+)>/g; // <https://x|label> → label
const MARKUP = /<[@#!][^>]*>/g; // <@U024BE7LH>, <@123>, <@!123>, <@&role>, <#C1|name>, <!here>
const EMOJI_CODE = /:[a-z0-9_+-]+:/g;
const PICTOGRAPHS = /\p{Extended_Pictographic}|\u{FE0F}|\u{200D}|\u{20E3}/gu;

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
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9 };
const NUMBER_WORD = new RegExp(
  `\\b(?:${[...Object.keys(UNITS), ...Object.keys(SCALES)].join('|')})(?:[\\s-]+(?:${[...Object.keys(UNITS), ...Object.keys(SCALES), 'and'].join('|')}))*\\b`,
  'g',
);
/** What a number word must be followed by (or contain) to count: "ten thousand", "three epochs". */
const COUNTED = /^\s*(examples?|samples?|rows?|records?|docs?|documents?|conversations?|epochs?|passes|gpus?|h100s?|a100s?|tokens?)\b/;

function wordsToNumber(allWords: string[]): number | undefined {
  // "a thousand", "a single", "a couple": the article only says "one" when nothing else does.
  const words = allWords.length > 1 ? allWords.filter((w) => w !== 'a' && w !== 'an') : allWords;
  if (words.includes('single') && words.length > 1) return undefined;
  let total = 0;
  let current = 0;
  let seen = false;
  for (const w of words) {
    if (w === 'and') continue;
    if (w in UNITS) {
      current += UNITS[w] as number;
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
    const words = match.split(/[\s-]+/);
    const hasScale = words.some((w) => w in SCALES);
    // "10 thousand": digits already count; leave the scale word for the quantity parser.
    if (words.every((w) => w in SCALES) && /\d\s*$/.test(text.slice(0, offset))) return match;
    const rest = text.slice(offset + match.length);
    const gpuNext = startsWithGpu(rest) || /^\s*(single\s+)?rtx\b/.test(rest);
    if (!hasScale && !COUNTED.test(rest) && !gpuNext) return match;
    if (words.length === 1 && (words[0] === 'a' || words[0] === 'an') && !gpuNext) return match;
    const value = wordsToNumber(words);
    return value === undefined ? match : String(value);
  });
}

export interface Normalized {
  /** Lowercase, markup-free text with digits for counted number words. */
  text: string;
  /** Mentioned @everyone / @here / <!channel>. */
  broadcast: boolean;
}

export function normalize(raw: string): Normalized {
  let text = String(raw ?? '').slice(0, 4000);
  const broadcast = /<!(channel|here|everyone)[^>]*>|@(everyone|here)\b/i.test(text);
  text = text
    .replace(SLACK_LINK, '$2')
    .replace(MARKUP, ' ')
    .replace(/@(everyone|here)\b/gi, ' ')
    .replace(/^\s*\/?ftcost\b/i, ' ')
    .replace(/@ftcost\b/gi, ' ')
    .replace(/\u{1F4CC}|:pushpin:|:round_pushpin:/gu, ' pin ')
    .replace(EMOJI_CODE, ' ')
    .replace(PICTOGRAPHS, ' ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[\u2012-\u2015]/g, ' - ')
    .replace(/\u00D7/g, 'x')
    .replace(/[`*_~>|]/g, ' ')
    .toLowerCase();
  text = replaceNumberWords(text).replace(/[!;]+/g, ' ').replace(/\?+/g, ' ? ').replace(/\s+/g, ' ').trim();
  return { text, broadcast };
}
