import type { Range } from './range.js';

/** Thousands separators without Intl (an order of magnitude faster, and locale-independent). */
export function groupThousands(n: number): string {
  const negative = n < 0;
  const [whole = '0', fraction] = Math.abs(n).toString().split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '-' : '') + grouped + (fraction ? `.${fraction}` : '');
}

/** A figure with sensible precision: 3 significant digits below 100, whole numbers above. */
export function num(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 100) return groupThousands(Math.round(n));
  if (abs >= 10) return groupThousands(Math.round(n * 10) / 10);
  if (abs >= 1) return String(Math.round(n * 100) / 100);
  if (abs === 0) return '0';
  return String(Number(n.toPrecision(2)));
}

export const gb = (bytesOrGB: number): string => `${num(bytesOrGB)} GB`;

/** Whole dollars from $10 up (cents would be false precision), cents below. */
export function usd(n: number): string {
  if (Math.abs(n) >= 10) return `$${groupThousands(Math.round(n))}`;
  return `$${(Math.round(n * 100) / 100).toFixed(2)}`;
}

/** Hours with one decimal: 9.0–18.0 h. */
export const hoursRange = (r: Range): string =>
  r.low === r.high ? r.low.toFixed(1) : `${r.low.toFixed(1)}–${r.high.toFixed(1)}`;

export const usdRange = (r: Range): string => (r.low === r.high ? usd(r.low) : `${usd(r.low)}–${usd(r.high)}`);

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
