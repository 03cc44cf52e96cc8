/**
 * Quantities as people type them: `10k`, `10,000`, `1.5M`, `250k examples`, `3 epochs`, `70B`, `$2k`.
 * Pure functions returning a result, never throwing; shared by the command line and the intent parser.
 */
/**
 * A result or one line naming what is wrong. `inputs` names the job inputs that would fix it (by
 * their key in the job-input table), so each surface can add its own syntax: a flag, an option.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string; inputs?: string[] };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

const MULTIPLIERS: Record<string, number> = {
  '': 1,
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mm: 1e6,
  mil: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
  t: 1e12,
  trillion: 1e12,
};

/** A number with optional thousands separators and an optional k/M/B suffix. */
const NUMBER_WITH_SUFFIX =
  /^([+-]?(?:\d{1,3}(?:[,_ ]\d{3})+|\d+)(?:\.\d+)?(?:e[+-]?\d+)?|[+-]?\.\d+)\s*(k|thousand|mm|mil|million|m|bn|billion|b|trillion|t)?$/i;

/** Clips text quoted back in an error message so that a 10 KB paste yields a one-line error. */
export const quote = (text: string, max = 40): string => {
  const flat = String(text)
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ')
    .trim();
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max)}…` : flat);
};

function parseScaled(raw: string): number | undefined {
  const match = NUMBER_WITH_SUFFIX.exec(raw.trim());
  if (!match) return undefined;
  const digits = (match[1] ?? '').replace(/[,_ ]/g, '');
  const multiplier = MULTIPLIERS[(match[2] ?? '').toLowerCase()];
  if (multiplier === undefined) return undefined;
  return Number(digits) * multiplier;
}

function positiveFinite(value: number | undefined, text: string, what: string, accepted: string): Parsed<number> {
  if (value === undefined || Number.isNaN(value)) return fail(`${what}: ${quote(text)} is not a number; use ${accepted}`);
  if (!Number.isFinite(value)) return fail(`${what}: ${quote(text)} is too large; use ${accepted}`);
  if (value <= 0) return fail(`${what}: ${quote(text)} must be greater than zero`);
  return ok(value);
}

const COUNT_NOUNS = /\s*(examples?|samples?|rows?|records?|docs?|documents?|pairs?|conversations?|items?|instances?|sequences?|tokens?)$/i;

/** A count such as `10k`, `10,000`, `1.5M`, `250k examples`, `25k rows`. */
export function parseCount(text: string, what = 'count'): Parsed<number> {
  const accepted = 'a positive number such as 10000, 10k, 10,000 or 1.5M';
  const stripped = String(text).trim().replace(COUNT_NOUNS, '');
  const parsed = positiveFinite(parseScaled(stripped), text, what, accepted);
  if (!parsed.ok) return parsed;
  return ok(Math.round(parsed.value));
}

/** Epochs: `3`, `3 epochs`, `x3`, `3x`, `1.5`. */
export function parseEpochs(text: string): Parsed<number> {
  const stripped = String(text)
    .trim()
    .replace(/\s*(epochs?|ep|passes?)$/i, '')
    .replace(/^[x×]\s*/i, '')
    .replace(/\s*[x×]$/i, '');
  return positiveFinite(parseScaled(stripped), text, 'epochs', 'a positive number such as 3 or "3 epochs"');
}

/** A model size in billions of parameters: `70b`, `70 B`, `1.5B`, `405b`, `500M`. */
export function parseParamsB(text: string): Parsed<number> {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([bm])(?:illion)?\s*(?:params?|parameters?)?\s*$/i.exec(String(text));
  if (!match) return fail(`model size: ${quote(text)} is not a size; use e.g. 7b, 70b or 1.5b`);
  const value = Number(match[1]) * ((match[2] ?? 'b').toLowerCase() === 'm' ? 1e-3 : 1);
  return positiveFinite(value, text, 'model size', 'e.g. 7b, 70b or 1.5b');
}

/** Money in USD: `$500`, `$2k`, `5000 dollars`, `500 usd`, `$1,500`. */
export function parseUsd(text: string): Parsed<number> {
  const stripped = String(text)
    .trim()
    .replace(/^(us)?\$\s*/i, '')
    .replace(/\s*(usd|dollars?|bucks)$/i, '')
    .replace(/^usd\s*/i, '');
  return positiveFinite(parseScaled(stripped), text, 'amount', 'e.g. 500, $2k or "1500 dollars"');
}

/** A positive integer flag value such as a GPU count, rank or batch size (k/M suffixes allowed). */
export function parsePositiveInt(text: string, what: string): Parsed<number> {
  const parsed = positiveFinite(parseScaled(String(text)), text, what, 'a positive whole number');
  if (!parsed.ok) return parsed;
  if (!Number.isInteger(parsed.value)) return fail(`${what}: ${quote(text)} must be a whole number`);
  return parsed;
}

const normalized = new Map<string, string>();

/** Lowercase tokens for id lookups: `Llama 3.1 70B` and `llama3.1-70b` both give `llama-3.1-70b`. */
export function normalizeId(text: string): string {
  const raw = String(text);
  const cached = normalized.get(raw);
  if (cached !== undefined) return cached;
  const key = normalizeUncached(raw);
  if (raw.length <= 100 && normalized.size < 5000) normalized.set(raw, key);
  return key;
}

function normalizeUncached(text: string): string {
  return text
    .toLowerCase()
    .replace(/^.*\//, '') // an org prefix such as meta-llama/
    .replace(/(\d)\s*x\s*(\d)/g, '$1x$2') // 8 x 7b -> 8x7b
    .replace(/(?<!\d)([a-z])(?=\d)/g, '$1-') // llama3 -> llama-3, but 8x7b stays
    .replace(/(\d)(gb|gib)\b/g, '$1-$2') // 80gb -> 80-gb
    .replace(/[^a-z0-9.x]+/g, '-')
    .replace(/(\d)-(gb|gib)\b/g, '$1$2') // back to 80gb
    .replace(/(^|-)([\d.]+)-b(?=-|$)/g, '$1$2b') // 70 b -> 70b
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}
