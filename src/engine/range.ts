/** A low–high interval. Every time and money figure in ftcost is one. */
export interface Range {
  low: number;
  high: number;
}

export const range = (low: number, high: number = low): Range => (low <= high ? { low, high } : { low: high, high: low });

export const mid = (r: Range): number => (r.low + r.high) / 2;

export const scale = (r: Range, factor: number): Range => range(r.low * factor, r.high * factor);

export const add = (a: Range, b: Range): Range => range(a.low + b.low, a.high + b.high);

/** Pairs low with low and high with high: the interval of a product of two positive ranges. */
export const multiply = (a: Range, b: Range): Range => range(a.low * b.low, a.high * b.high);

export const overlaps = (a: Range, b: Range): boolean => a.low <= b.high && b.low <= a.high;

export const roundRange = (r: Range, digits = 2): Range => {
  const f = 10 ** digits;
  return { low: Math.round(r.low * f) / f, high: Math.round(r.high * f) / f };
};
