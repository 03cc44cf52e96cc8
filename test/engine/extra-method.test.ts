import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot/core.js';
import { Cooldown } from '../../src/bot/preconditions.js';
import { compare, estimate, METHOD_IDS, recommend, registerMethod } from '../../src/engine/index.js';
import { createIntentParser } from '../../src/intent/parse.js';
import { renderReplyText } from '../../src/render/chat-text.js';
import { renderDiscord } from '../../src/render/discord.js';
import { comparisonPng, comparisonSvg, methodColour } from '../../src/render/image.js';
import { renderSlack } from '../../src/render/slack.js';
import { createStore } from '../../src/store/index.js';
import { checkDiscord, checkSlack } from '../support/limits.js';
import { countColour, decodePng } from '../support/png.js';

/**
 * The design issue's test of "methods as data": a fourth method registered through the method table,
 * and nothing else, is estimated, compared, recommended or refused with reasons, rendered on Slack,
 * Discord and the terminal, and drawn in the chart.
 */
const EIGHT_BIT_FULL = {
  id: 'full-8bit',
  name: 'Full fine-tuning, 8-bit Adam',
  shortName: 'Full 8-bit',
  aliases: ['full 8bit', 'fft 8bit'],
  trains: 'all' as const,
  baseWeights: 'bf16' as const,
  defaults: { gradCkpt: true, optimizer: 'adamw-8bit' as const },
  utilization: { low: 0.3, high: 0.45 },
  slowdown: { low: 1, high: 1.05 },
  runsPerProject: { low: 5, high: 10 },
  engineeringDays: { low: 5, high: 10 },
  engineeringWork: 'distributed training with bitsandbytes optimizers',
  quality: {
    vsFullPct: { low: 99, high: 100 },
    sources: ['Dettmers et al. 2022, 8-bit optimizers (arXiv 2110.02861): matches 32-bit Adam'],
  },
  colour: '#CC79A7',
  source: 'test: full fine-tuning with 8-bit AdamW as a named method',
};

let unregister: () => void;
beforeAll(() => {
  unregister = registerMethod(EIGHT_BIT_FULL);
});
afterAll(() => unregister());

describe('a method added through the method table', () => {
  it('is estimated with its own defaults: 8-bit Adam states take less memory than AdamW', () => {
    const full = estimate({ method: 'full', model: '8b', examples: 10_000 });
    const eight = estimate({ method: 'full-8bit', model: '8b', examples: 10_000 });
    expect(full.ok && eight.ok).toBe(true);
    if (!full.ok || !eight.ok) return;
    expect(eight.value.inputs.optimizer).toBe('adamw-8bit');
    expect(eight.value.memory.totalGB).toBeLessThan(full.value.memory.totalGB);
    expect(eight.value.quality.vsFullPct).toEqual({ low: 99, high: 100 });
  });

  it('is compared beside the others and drawn in the chart in its own colour', () => {
    expect(METHOD_IDS).toContain('full-8bit');
    const c = compare({ model: '8b', examples: 10_000 });
    if (!c.ok) throw new Error(c.error);
    expect(c.value.rows.map((r) => r.method)).toEqual(['full', 'lora', 'qlora', 'full-8bit']);
    const image = (async () => {
      const bot = createBot({ store: await createStore('memory://'), parser: createIntentParser(), cooldown: new Cooldown(1e6, 1e6) });
      return bot.handle({ platform: 'slack', workspace: 'T', channel: 'C', user: 'U', text: 'compare 8b 10k 3' });
    })();
    return image.then((reply) => {
      expect(reply.table?.columns).toEqual(['Full fine-tuning', 'LoRA', 'QLoRA', 'Full fine-tuning, 8-bit Adam']);
      expect(reply.image?.methods.map((m) => m.method)).toContain('full-8bit');
      const svg = comparisonSvg(reply.image!);
      expect(svg).toContain('Full fine-tuning, 8-bit Adam');
      expect(countColour(decodePng(comparisonPng(reply.image!)), methodColour('full-8bit'))).toBeGreaterThan(200);
      checkSlack(renderSlack(reply));
      checkDiscord(renderDiscord(reply));
      expect(renderReplyText(reply)).toContain('Full fine-tuning, 8-bit Adam');
    });
  });

  it('is recommended or set aside with reasons from its figures', () => {
    const r = recommend({ model: '8b', examples: 100_000, qualityCritical: true });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.estimates.map((e) => e.method)).toContain('full-8bit');
    expect(r.value.reasons.length).toBeGreaterThan(0);
  });

  it('is understood in chat by its names, estimated and rendered on every platform', async () => {
    const bot = createBot({ store: await createStore('memory://'), parser: createIntentParser(), cooldown: new Cooldown(1e6, 1e6) });
    const reply = await bot.handle({ platform: 'discord', workspace: 'G', channel: 'C', user: 'U', text: 'fft 8bit 8b 10k 3' });
    expect(reply.kind).toBe('estimate');
    expect(reply.title).toBe('Full fine-tuning, 8-bit Adam · Llama 3.1 8B');
    checkSlack(renderSlack(reply));
    checkDiscord(renderDiscord(reply));
    expect(renderReplyText(reply)).toMatch(/Full fine-tuning, 8-bit Adam/);
  });

  it('a method the table does not have is refused with its closest relative, never silently replaced', () => {
    const dora = estimate({ method: 'dora', model: '8b' });
    expect(dora).toEqual({ ok: false, error: 'method: DoRA is not in ftcost yet; LoRA is its closest relative (lora)' });
  });
});
