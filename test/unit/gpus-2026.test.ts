import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICES, estimate, GPUS, priceFor, resolveGpu, type PriceTable } from '../../src/engine/index.js';
import { est } from '../support/engine.js';
import { assumptionLines, warningsOf } from '../../src/reply/words.js';

const NEW_GPU_IDS = ['t4', 'rtx-3090', 'rtx-5090', 'a10g', 'l40', 'h100-nvl', 'rtx-pro-6000', 'b300', 'mi325x', 'mi355x'];
const BIG_CLOUDS = new Set(['aws', 'gcp', 'azure']);
const gpu = (id: string) => GPUS.find((g) => g.id === id)!;

/** Providers (companies) that list a GPU: RunPod's Community and Secure clouds are one company. */
function companiesListing(table: PriceTable, gpuId: string): Set<string> {
  return new Set(table.providers.filter((p) => p.perGpuHour[gpuId] !== undefined).map((p) => p.id.split('-')[0] as string));
}

describe('GPUs of 2026', () => {
  it('lists every new GPU with memory, dense BF16 throughput, bandwidth, interconnect, power, prices and sources', () => {
    for (const id of NEW_GPU_IDS) {
      const g = gpu(id);
      expect(g, id).toBeDefined();
      expect(g.memoryBytes % 2 ** 30, id).toBe(0);
      expect(g.bf16Tflops, id).toBeGreaterThan(0);
      expect(g.bandwidthGBs, id).toBeGreaterThan(0);
      expect(g.boardPowerW, id).toBeGreaterThan(0);
      expect(g.boardPowerSource.length, id).toBeGreaterThan(10);
      expect(g.purchaseSource.length, id).toBeGreaterThan(10);
      expect(g.source.length, id).toBeGreaterThan(20);
      expect(g.asOf, id).toMatch(/^\d{4}-\d{2}/);
    }
  });

  it('keeps the dense figure, never the sparse one, and says the T4 figure is FP16', () => {
    expect(gpu('h100-nvl').bf16Tflops).toBeCloseTo(1671 / 2, 1);
    expect(gpu('b300').bf16Tflops).toBe(2250);
    expect(gpu('rtx-5090').bf16Tflops).toBeCloseTo(209.5, 1);
    expect(gpu('l40').bf16Tflops).toBeCloseTo(362.1 / 2, 1);
    expect(gpu('t4').source).toMatch(/no BF16/);
    expect(gpu('t4').source).toMatch(/FP16/);
    expect(gpu('t4').memoryBytes).toBe(16 * 2 ** 30);
    expect(gpu('rtx-pro-6000').memoryBytes).toBe(96 * 2 ** 30);
    expect(gpu('mi355x').memoryBytes).toBe(288 * 2 ** 30);
  });

  it('every GPU, old and new, has a board power with its source and a commonlyRented flag that follows the stated rule', () => {
    for (const g of GPUS) {
      expect(g.boardPowerW, g.id).toBeGreaterThan(0);
      expect(g.boardPowerSource, g.id).toMatch(/W/);
      const companies = companiesListing(DEFAULT_PRICES, g.id);
      const rule = companies.size >= 2 || [...companies].some((c) => BIG_CLOUDS.has(c));
      expect(g.commonlyRented, `${g.id}: listed by ${[...companies].join(', ') || 'nobody'}`).toBe(rule);
    }
    expect(gpu('h100-sxm').commonlyRented).toBe(true);
    expect(gpu('t4').commonlyRented).toBe(true);
    expect(gpu('b300').commonlyRented).toBe(false);
  });

  it.each([
    ['rtx 5090', 'rtx-5090'],
    ['5090', 'rtx-5090'],
    ['RTX 3090', 'rtx-3090'],
    ['3090', 'rtx-3090'],
    ['T4', 't4'],
    ['tesla t4', 't4'],
    ['A10G', 'a10g'],
    ['L40', 'l40'],
    ['L40S', 'l40s'],
    ['H100 NVL', 'h100-nvl'],
    ['pro 6000', 'rtx-pro-6000'],
    ['RTX PRO 6000', 'rtx-pro-6000'],
    ['rtx 6000 pro', 'rtx-pro-6000'],
    ['RTX PRO 6000 Blackwell', 'rtx-pro-6000'],
    ['rtx 6000', 'rtx-6000-ada'],
    ['B300', 'b300'],
    ['MI325X', 'mi325x'],
    ['amd mi355x', 'mi355x'],
  ])('%s resolves to %s', (text, id) => {
    const r = resolveGpu(text);
    expect(r.ok && r.value.id).toBe(id);
  });

  it('"will it fit on a T4 / 3090 / 5090?" gets a straight answer', () => {
    const t4 = est({ method: 'qlora', model: 'llama-3.1-8b', gpu: 't4', gpus: 1 });
    expect(t4.hardware.used).toMatchObject({ gpu: 't4', count: 1, fits: true });
    const onOne3090 = est({ method: 'qlora', model: 'llama-3.1-70b', gpu: 'rtx-3090', gpus: 1 });
    expect(onOne3090.hardware.requested).toMatchObject({ gpu: 'rtx-3090', count: 1, fits: false });
    expect(onOne3090.hardware.used).toMatchObject({ gpu: 'rtx-3090', fits: true });
    expect(warningsOf(onOne3090, 'cli').join(' ')).toMatch(/Does not fit: 1× RTX 3090 24GB.*nearest setup that fits, \d× RTX 3090/);
    const on5090 = est({ method: 'qlora', model: 'llama-3.1-70b', gpu: 'rtx-5090' });
    expect(on5090.hardware.used).toMatchObject({ gpu: 'rtx-5090', count: 2, fits: true });
  });
});

describe('a GPU with no public rental price', () => {
  const unpriced = GPUS.filter((g) => g.noPublicPrice).map((g) => g.id);

  it('is listed, says why, and has no price in the built-in table', () => {
    expect(unpriced).toEqual(expect.arrayContaining(['b300', 'mi355x']));
    for (const id of unpriced) expect(priceFor(DEFAULT_PRICES, id)).toBeUndefined();
  });

  it('appears among the options with fit and time, but never as the minimum, an alternative or a cost, and the assumptions say so', () => {
    for (const method of ['full', 'lora', 'qlora'] as const) {
      const e = est({ method, model: 'llama-3.1-70b' });
      const listed = e.hardware.options.filter((o) => unpriced.includes(o.gpu));
      expect(listed.length, method).toBeGreaterThan(0);
      for (const o of listed) {
        expect(o.hours, o.gpu).toBeDefined();
        expect(o.perGpuGB, o.gpu).toBeGreaterThan(0);
        expect(o.pricePerGpuHour, o.gpu).toBeUndefined();
        expect(o.perRunUsd, o.gpu).toBeUndefined();
      }
      expect(unpriced).not.toContain(e.hardware.minimum.gpu);
      for (const a of e.alternatives) expect(unpriced).not.toContain(a.hardware.gpu);
      expect(assumptionLines(e).join('\n')).toMatch(/No public rental price for .*B300 288GB.*left out of cost comparisons/);
    }
  });

  it('chosen with --gpu, answers fit and time on one line and says why there is no cost', () => {
    const r = estimate({ method: 'qlora', model: 'llama-3.1-70b', gpu: 'b300' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.split('\n')).toHaveLength(1);
    expect(r.error).toMatch(/^cost: B300 288GB has no public rental price: .*reserved contracts/);
    expect(r.error).toMatch(/1× B300 288GB holds this job \([\d.]+ GB per GPU, single GPU\) and runs [\d.]+–[\d.]+ h/);
    expect(r.error).toMatch(/add its price to the price table or choose a priced GPU/);
  });

  it("when the price table lacks the article's QLoRA card, the plan uses priced GPUs only and the article's setup is not costed", () => {
    const prices: PriceTable = {
      ...DEFAULT_PRICES,
      defaults: Object.fromEntries(Object.entries(DEFAULT_PRICES.defaults).filter(([id]) => id !== 'rtx-6000-ada')),
      providers: DEFAULT_PRICES.providers.map((p) => ({
        ...p,
        perGpuHour: Object.fromEntries(Object.entries(p.perGpuHour).filter(([id]) => id !== 'rtx-6000-ada')),
      })),
    };
    // On a stack without PEFT's fp32 casts the article's 48 GB card would hold 70B QLoRA, were it priced.
    const e = est({ method: 'qlora', model: 'llama-3.1-70b', stack: 'torchtune' }, { prices });
    expect(e.hardware.used.gpu).not.toBe('rtx-6000-ada');
    expect(priceFor(prices, e.hardware.used.gpu)).toBeDefined();
    expect(e.alternatives.find((a) => a.kind === 'article-setup')).toBeUndefined();
  });
});
