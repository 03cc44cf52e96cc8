import { describe, expect, it } from 'vitest';
import { normalizeId, parseCount, parseEpochs, parseParamsB, parseUsd, quote } from '../../src/engine/index.js';

describe('counts people type', () => {
  it.each([
    ['10k', 10_000],
    ['10K', 10_000],
    ['10,000', 10_000],
    ['10 000', 10_000],
    ['1.5M', 1_500_000],
    ['250k examples', 250_000],
    ['25k rows', 25_000],
    ['10K samples', 10_000],
    ['1e4', 10_000],
    ['.5k', 500],
    ['2 million', 2_000_000],
  ])('%s is %d', (text, value) => {
    expect(parseCount(text, 'examples')).toEqual({ ok: true, value });
  });

  it.each(['-5', '0', 'abc', '1e400', '', '10kk', '5 apples', 'NaN', 'Infinity'])('%s is rejected with a message naming it', (text) => {
    const result = parseCount(text, 'examples');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(/^examples: /);
      expect(result.error).toContain(JSON.stringify(text.trim()));
    }
  });

  it('quotes at most 40 characters of a long paste, on one line', () => {
    const q = quote(`${'x'.repeat(10_000)}\n\u0007`);
    expect(q.length).toBeLessThan(50);
    expect(q).not.toMatch(/\n/);
  });
});

describe('epochs, sizes and money', () => {
  it.each([
    ['3', 3],
    ['3 epochs', 3],
    ['x3', 3],
    ['3x', 3],
    ['1.5', 1.5],
  ])('epochs %s = %d', (text, value) => expect(parseEpochs(text)).toEqual({ ok: true, value }));

  it('rejects zero epochs', () => expect(parseEpochs('0').ok).toBe(false));

  it.each([
    ['70b', 70],
    ['70 B', 70],
    ['1.5b', 1.5],
    ['500M', 0.5],
  ])('size %s = %dB', (text, value) => expect(parseParamsB(text)).toEqual({ ok: true, value }));

  it('a bare number is not a model size', () => expect(parseParamsB('70').ok).toBe(false));

  it.each([
    ['$500', 500],
    ['$2k', 2000],
    ['5000 dollars', 5000],
    ['500 usd', 500],
    ['$1,500', 1500],
  ])('money %s = %d', (text, value) => expect(parseUsd(text)).toEqual({ ok: true, value }));
});

describe('ids forgive case, spaces and common spellings', () => {
  it.each([
    ['Llama 3.1 70B', 'llama-3.1-70b'],
    ['llama3.1-70b', 'llama-3.1-70b'],
    ['meta-llama/Llama-3.1-70B-Instruct', 'llama-3.1-70b-instruct'],
    ['Mixtral 8x7B', 'mixtral-8x7b'],
    ['mixtral 8 x 7b', 'mixtral-8x7b'],
    ['A100 80GB', 'a-100-80gb'],
    ['a100-80gb', 'a-100-80gb'],
    ['RTX 4090', 'rtx-4090'],
    ['rtx4090', 'rtx-4090'],
  ])('%s -> %s', (text, key) => expect(normalizeId(text)).toBe(key));
});
