import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { usd, usdShort, usdShortRange } from '../../src/engine/index.js';

/** "$22.8K" → 22800; "$1.12M" → 1120000; "$4,562" → 4562. */
const parseShort = (text: string): number => {
  const m = /^\$([\d,.]+)([KM]?)$/.exec(text);
  if (!m) throw new Error(`not a dollar amount: ${text}`);
  return Number(m[1]!.replace(/,/g, '')) * (m[2] === 'M' ? 1e6 : m[2] === 'K' ? 1e3 : 1);
};

describe('dollars for narrow tables', () => {
  it('are as usd below $10,000 and in K or M above, within 0.5% (or the dollar it rounds to)', () => {
    expect(usdShort(4562)).toBe(usd(4562));
    expect(usdShort(59_991)).toBe('$60K');
    expect(usdShort(22_811)).toBe('$22.8K');
    expect(usdShort(180_317)).toBe('$180K');
    expect(usdShort(1_120_000)).toBe('$1.12M');
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e9, noNaN: true }), (n) => {
        expect(Math.abs(parseShort(usdShort(n)) - n)).toBeLessThanOrEqual(Math.max(0.005 * n, n >= 10 ? 0.5 : 0.005) + 1e-9);
      }),
    );
  });

  it('keep a range in one unit when its low end is small', () => {
    expect(usdShortRange({ low: 8533, high: 18_341 })).toBe('$8.53K–$18.3K');
    expect(usdShortRange({ low: 680_000, high: 1_120_000 })).toBe('$680K–$1.12M');
    expect(usdShortRange({ low: 15, high: 43 })).toBe('$15–$43');
  });
});
