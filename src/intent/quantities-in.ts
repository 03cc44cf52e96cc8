import { normalize } from './normalize.js';

const MULTIPLIER: Record<string, number> = { k: 1e3, thousand: 1e3, m: 1e6, mm: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9 };

/** A set of numbers that compares by value, with a little slack for floating point. */
export class Quantities {
  private readonly values: number[] = [];

  add(n: number): void {
    if (Number.isFinite(n)) this.values.push(n);
  }

  has(n: number): boolean {
    return this.values.some((v) => Math.abs(v - n) <= Math.max(1e-9, Math.abs(n) * 1e-9));
  }

  get size(): number {
    return this.values.length;
  }
}

/**
 * Every quantity the text states: digits with separators, k/M/B suffixes and number words ("ten
 * thousand"), each as written and as scaled. What an LLM returns must be among these.
 */
export function quantitiesIn(raw: string): Quantities {
  const { text } = normalize(raw);
  const found = new Quantities();
  const pattern = /(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?:\s?(k|mm|m|thousand|million|bn|b|billion)(?![a-z]))?/g;
  for (const match of text.matchAll(pattern)) {
    const value = Number((match[1] as string).replace(/,/g, ''));
    found.add(value);
    const suffix = match[2];
    if (suffix) found.add(value * (MULTIPLIER[suffix] ?? 1));
  }
  return found;
}
