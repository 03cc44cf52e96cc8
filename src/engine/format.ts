import type { Range } from './range.js';

/** Thousands separators without Intl (an order of magnitude faster, and locale-independent). */
export function groupThousands(n: number): string {
  if (Number.isInteger(n) && n > -1000 && n < 1000) return String(n);
  const text = Math.abs(n).toString();
  const dot = text.indexOf('.');
  const whole = dot === -1 ? text : text.slice(0, dot);
  if (whole.length <= 3 || text.includes('e')) return n < 0 ? `-${text}` : text;
  let grouped = whole.slice(0, whole.length % 3 || 3);
  for (let i = grouped.length; i < whole.length; i += 3) grouped += `,${whole.slice(i, i + 3)}`;
  return (n < 0 ? '-' : '') + grouped + (dot === -1 ? '' : text.slice(dot));
}

/**
 * `n` with at most `digits` decimals, trailing zeros dropped, using integer arithmetic (double-to-
 * string conversion dominates otherwise: the engine formats dozens of figures per estimate).
 */
function decimals(n: number, digits: number): string {
  const scale = digits === 1 ? 10 : digits === 2 ? 100 : 10 ** digits;
  const scaled = Math.round(Math.abs(n) * scale);
  const whole = Math.floor(scaled / scale);
  let fraction = scaled - whole * scale;
  let text = groupThousands(whole);
  if (fraction !== 0) {
    let width = digits;
    while (fraction % 10 === 0) {
      fraction /= 10;
      width -= 1;
    }
    const f = String(fraction);
    text += `.${f.length < width ? '0'.repeat(width - f.length) + f : f}`;
  }
  return n < 0 && scaled !== 0 ? `-${text}` : text;
}

/** A figure with sensible precision: 3 significant digits below 100, whole numbers above. */
export function num(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 100) return groupThousands(Math.round(n));
  if (abs >= 10) return decimals(n, 1);
  if (abs >= 1) return decimals(n, 2);
  if (abs === 0) return '0';
  if (abs >= 0.1) return decimals(n, 2);
  if (abs >= 0.01) return decimals(n, 3);
  if (abs >= 0.001) return decimals(n, 4);
  return String(Number(n.toPrecision(2)));
}

export const gb = (bytesOrGB: number): string => `${num(bytesOrGB)} GB`;

/** Whole dollars from $10 up (cents would be false precision), cents below. */
export function usd(n: number): string {
  if (Math.abs(n) >= 10) return `$${groupThousands(Math.round(n))}`;
  const cents = Math.round(Math.abs(n) * 100);
  const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
  return n < 0 && cents !== 0 ? `-$${text}` : `$${text}`;
}

/** Hours with one decimal: 9.0–18.0 h. */
export const hoursRange = (r: Range): string => (r.low === r.high ? r.low.toFixed(1) : `${r.low.toFixed(1)}–${r.high.toFixed(1)}`);

export const usdRange = (r: Range): string => (r.low === r.high ? usd(r.low) : `${usd(r.low)}–${usd(r.high)}`);

/** Dollars in thousands (or millions) from $10,000 up, for narrow tables: $60K, $22.8K, $1.12M; smaller amounts as `usd`. */
export function usdShort(n: number, scaleOf = n): string {
  const scale = Math.abs(scaleOf);
  if (scale < 10_000) return usd(n);
  const [unit, div] = scale >= 1e6 ? ['M', 1e6] : ['K', 1e3];
  const v = n / div;
  return `$${Math.abs(v) >= 100 ? Math.round(v) : Number(v.toPrecision(3))}${unit}`;
}

/** A range whose low end takes the high end's unit when under $10,000: $8.53K–$18.3K, $680K–$1.12M. */
export const usdShortRange = (r: Range): string =>
  r.low === r.high ? usdShort(r.low) : `${usdShort(r.low, Math.abs(r.low) >= 10_000 ? r.low : r.high)}–${usdShort(r.high)}`;

export function numRange(r: Range, unit = ''): string {
  const suffix = unit ? ` ${unit}` : '';
  return r.low === r.high ? `${num(r.low)}${suffix}` : `${num(r.low)}–${num(r.high)}${suffix}`;
}

/** Millions/billions for token and parameter counts: 15.4M, 70.6B. */
export function compact(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e12) return `${num(n / 1e12)}T`;
  if (abs >= 1e9) return `${num(n / 1e9)}B`;
  if (abs >= 1e6) return `${num(n / 1e6)}M`;
  if (abs >= 1e4) return `${num(n / 1e3)}K`;
  return groupThousands(Math.round(n));
}
