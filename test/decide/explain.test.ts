import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICES, estimate, explain, num, resolveTopic, TOPICS, usdRange, type PriceTable } from '../../src/engine/index.js';

const text = (topic: string, input = {}, prices?: PriceTable) => {
  const r = explain(topic, input, prices ? { prices } : {});
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('explanations', () => {
  it.each(TOPICS)('%s: short enough for a chat message, with sources', (topic) => {
    const x = text(topic);
    expect(x.text.split(/\s+/).length).toBeLessThanOrEqual(140);
    expect(x.sources.length).toBeGreaterThan(0);
    expect(x.title.length).toBeGreaterThan(3);
  });

  it.each([
    ['what is lora', 'lora'],
    ['QLoRA', 'qlora'],
    ['fft', 'full'],
    ['VRAM', 'memory'],
    ['grad ckpt', 'gradient-checkpointing'],
    ['activation checkpointing', 'gradient-checkpointing'],
    ['MFU', 'mfu'],
    ['utilization', 'mfu'],
    ['4-bit', 'quantization'],
    ['NF4', 'quantization'],
    ['hidden costs', 'hidden-costs'],
    ['buy or rent', 'buy-vs-rent'],
  ])('"%s" is about %s', (typed, topic) => expect(resolveTopic(typed)).toEqual({ ok: true, value: topic }));

  it('an unknown topic lists the ones there are', () => {
    expect(explain('astrology')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^topic: "astrology" is not a topic ftcost explains; use full, lora/),
    });
  });

  it('figures come from the engine for the case: the memory explanation follows the model', () => {
    const big = text('memory');
    const small = text('memory', { model: '8b' });
    const e = estimate({ method: 'full', model: '8b' });
    if (!e.ok) throw new Error(e.error);
    expect(small.text).toContain(`${num(e.value.memory.totalGB)} GB in all`);
    expect(big.text).toContain('1,132 GB in all');
  });

  it('figures follow the price table: buy vs rent quotes the engine’s cost per run', () => {
    const dear: PriceTable = {
      ...DEFAULT_PRICES,
      defaults: Object.fromEntries(
        Object.entries(DEFAULT_PRICES.defaults).map(([id, p]) => [id, { ...p, low: p.low * 2, high: p.high * 2 }]),
      ),
      providers: DEFAULT_PRICES.providers.map((p) => ({
        ...p,
        perGpuHour: Object.fromEntries(Object.entries(p.perGpuHour).map(([id, v]) => [id, v * 2])),
      })),
    };
    const base = text('buy-vs-rent');
    const expensive = text('buy-vs-rent', {}, dear);
    const run = estimate({ method: 'full', model: '70b' }, { prices: dear });
    if (!run.ok) throw new Error(run.error);
    expect(expensive.text).toContain(usdRange(run.value.cost.perRunUsd));
    expect(expensive.text).not.toBe(base.text);
  });

  it('the checkpointing explanation gives both activation figures', () => {
    expect(text('gradient-checkpointing').text).toMatch(/activations take [\d.,]+ GB without it and [\d.,]+ GB with it/);
  });
});
