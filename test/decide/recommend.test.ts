import { describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot/core.js';
import { Cooldown } from '../../src/bot/preconditions.js';
import { recommend, type Estimate, type Range, type Recommendation, type RecommendInput } from '../../src/engine/index.js';
import { createIntentParser } from '../../src/intent/parse.js';
import { renderReplyText } from '../../src/render/chat-text.js';
import { recommendReply } from '../../src/reply/build.js';
import { changeIfText, reasonText } from '../../src/reply/words.js';
import { createStore } from '../../src/store/index.js';
import { est } from '../support/engine.js';

/**
 * The advice issue (13): every numbered defect with the input that showed it, and the decision
 * framework on cases where the figures make the answer clear.
 */
const rec = (input: RecommendInput): Recommendation => {
  const r = recommend(input);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const mid = (r: Range) => (r.low + r.high) / 2;
const of = (r: Recommendation, method: string) => r.estimates.find((e) => e.method === method) as Estimate;
const texts = (r: Recommendation) => r.reasons.map(reasonText).join('\n');
const nonEmpty = (text: string) => text.split('\n').filter((l) => l.trim() !== '').length;

describe('1. the verdict follows the figures, not the number of examples', () => {
  it('405B, 10K examples: QLoRA is not called "a fraction of the cost" when LoRA is cheaper', () => {
    const r = rec({ model: 'llama-3.1-405b', examples: 10_000 });
    const cheapest = [...r.estimates].sort((a, b) => mid(a.cost.projectUsd) - mid(b.cost.projectUsd))[0]!;
    expect(r.verdict).toBe(cheapest.method);
    expect(texts(r)).not.toMatch(/fraction of the cost/);
  });

  it('in every model/size case QLoRA is never chosen where LoRA is cheaper per run and per project and better', () => {
    for (const model of ['llama-3.2-3b', '8b', 'qwen2.5-14b', 'gemma-2-27b', 'qwen2.5-32b', '70b', 'mixtral-8x22b', '405b']) {
      for (const examples of [1_000, 10_000, 100_000, 1_000_000]) {
        const r = rec({ model, examples });
        const q = of(r, 'qlora');
        const l = of(r, 'lora');
        if (mid(l.cost.perRunUsd) < mid(q.cost.perRunUsd) && mid(l.cost.projectUsd) < mid(q.cost.projectUsd)) {
          expect(r.verdict, `${model} ${examples}`).not.toBe('qlora');
        }
      }
    }
  });

  it('"should we use LoRA? we have 8k legal docs and $500" with Llama 2 13B in context: the figures decide', async () => {
    const bot = createBot({ store: await createStore('memory://'), parser: createIntentParser(), cooldown: new Cooldown(1e6, 1e6) });
    const base = { platform: 'slack' as const, workspace: 'T', channel: 'C', user: 'U' };
    await bot.handle({ ...base, text: 'qlora llama-2-13b 10k 3' });
    const reply = await bot.handle({ ...base, text: 'should we use LoRA? we have 8k legal docs and $500' });
    const expected = rec({ model: 'llama-2-13b', examples: 8000, budgetUsd: 500, task: 'domain-adaptation' });
    expect(reply.kind).toBe('recommend');
    expect(reply.title).toBe(
      `Recommendation: ${expected.verdict === 'qlora' ? 'QLoRA' : expected.verdict === 'lora' ? 'LoRA' : 'Full fine-tuning'}`,
    );
    expect(reply.summary).toContain('Llama 2 13B');
    const l = of(expected, 'lora');
    const q = of(expected, 'qlora');
    if (mid(l.cost.projectUsd) < mid(q.cost.projectUsd)) expect(expected.verdict).not.toBe('qlora');
  });
});

describe('2. budget sentences are true', () => {
  it.each([
    { model: 'llama-3.1-8b', examples: 100_000, budgetUsd: 100 },
    { budgetUsd: 500, examples: 8000, task: 'domain-adaptation' as const },
    { budgetUsd: 58, examples: 10_000 },
  ])('%o', (input) => {
    const r = rec(input);
    for (const reason of r.reasons) {
      if (reason.rule !== 'budget' && reason.rule !== 'budget-rules-out' && reason.rule !== 'budget-below-all') continue;
      const e = of(r, reason.method);
      const p = e.cost.projectUsd;
      const B = input.budgetUsd;
      if (reason.rule === 'budget') {
        const fit = reason.figures.fit;
        expect(fit === 'covers' ? B >= p.high : fit === 'covers-low-end' ? B >= p.low && B < p.high : B < p.low, reasonText(reason)).toBe(
          true,
        );
      } else if (reason.rule === 'budget-rules-out') expect(B).toBeLessThan(p.low);
      else expect(r.estimates.every((x) => B < x.cost.projectUsd.low)).toBe(true);
    }
    // "With a budget of $X, the answer would be Y": true when asked.
    for (const c of r.changeIf.filter((x) => x.fact === 'budgetUsd')) {
      expect(rec({ ...input, budgetUsd: c.value as number }).verdict, changeIfText(c)).toBe(c.verdict);
    }
  });

  it('a budget below every project says so and names the cheapest, with its figures', () => {
    const r = rec({ model: '70b', examples: 100_000, budgetUsd: 20 });
    const below = r.reasons.find((x) => x.rule === 'budget-below-all');
    expect(below).toBeDefined();
    expect(reasonText(below!)).toMatch(/\$20 is below even the cheapest project/);
  });
});

describe('3. hardware is sized per model and method', () => {
  it('LoRA on 8B is planned on one GPU; full fine-tuning of 3B or 8B on one or two; buy vs rent prices the right-sized machine', () => {
    expect(est({ method: 'lora', model: '8b', examples: 10_000 }).hardware.typical.count).toBe(1);
    for (const model of ['3b', '8b'])
      expect(est({ method: 'full', model, examples: 10_000 }).hardware.typical.count).toBeLessThanOrEqual(2);
    const r = rec({ model: '8b', examples: 10_000 });
    expect(r.buyVsRent.hardware.count).toBeLessThanOrEqual(8);
    expect(r.buyVsRent.buyUsd.high).toBeLessThan(200_000);
    expect(r.buyVsRent.breakEvenMonths.low).toBeLessThan(4243);
  });
});

describe('4–5. a setup that does not fit is never costed; single-GPU offload and 8-bit optimizers', () => {
  it('full 70B on one H100: named as not fitting, costed on the nearest setup that fits', () => {
    const e = est({ method: 'full', model: '70b', examples: 10_000, epochs: 3, gpu: 'h100-sxm', gpus: 1 });
    expect(e.hardware.requested).toMatchObject({ gpu: 'h100-sxm', count: 1, fits: false });
    expect(e.hardware.used.fits).toBe(true);
    expect(e.hardware.used.count).toBeGreaterThan(1);
  });

  it('full 8B fits one H100 with the optimizer offloaded to the CPU, and 8-bit AdamW is named when it needs fewer GPUs', () => {
    const e = est({ method: 'full', model: '8b', examples: 10_000, gpu: 'h100-sxm', gpus: 1 });
    expect(e.hardware.requested).toBeNull();
    expect(e.hardware.used).toMatchObject({ gpu: 'h100-sxm', count: 1, strategy: 'offload' });
    expect(e.memory.cpuRamGB).toBeGreaterThan(0);
    const two = est({ method: 'full', model: '8b', examples: 10_000, gpu: 'a100-80gb', gpus: 2 });
    if (two.notes.some((n) => n.code === 'cheaper-optimizer-fits'))
      expect(two.notes.find((n) => n.code === 'cheaper-optimizer-fits')).toMatchObject({ optimizer: 'adamw-8bit' });
  });
});

describe('6–7. cheaper and faster setups are what they say, and a 3× better one leads', () => {
  it('405B full fine-tuning: a setup labelled cheaper is cheaper per run', () => {
    const e = est({ method: 'full', model: '405b', examples: 10_000 });
    for (const a of e.alternatives.filter((x) => x.kind === 'cheaper')) expect(mid(a.perRunUsd)).toBeLessThan(mid(e.cost.perRunUsd));
    for (const a of e.alternatives.filter((x) => x.kind === 'faster')) expect(mid(a.hours)).toBeLessThan(mid(e.time.hours));
  });

  it('70B full: no setup within one node is 3× cheaper (and not 1.5× slower) or 3× faster (and not 10% dearer) than the headline', () => {
    for (const method of ['full', 'lora', 'qlora']) {
      const e = est({ method, model: '70b', examples: 10_000, epochs: 3 });
      // Leads stay within the typical setup's bound: two GPUs for a job one 80 GB card holds, one node otherwise.
      const bound = e.memory.perGpuGB * e.hardware.used.count <= 76 ? 2 : 8;
      for (const a of e.alternatives.filter((x) => x.hardware.count <= bound && x.kind !== 'article-setup')) {
        expect(a.cheaperBy >= 3 && a.fasterBy >= 1 / 1.5, `${method}: ${a.hardware.gpu}`).toBe(false);
        expect(a.fasterBy >= 3 && a.cheaperBy >= 1 / 1.1, `${method}: ${a.hardware.gpu}`).toBe(false);
      }
    }
  });

  it('a run of over a week is flagged with a faster option', () => {
    const e = est({ method: 'qlora', model: '70b', examples: 1_000_000, epochs: 3, gpu: 'l40s', gpus: 1 });
    const long = e.notes.find((n) => n.code === 'long-run');
    expect(long).toBeDefined();
  });
});

describe('8. owned hardware is priced by its power, not as a rental', () => {
  it('"we have a 4090": hours on it and electricity, no rent', () => {
    const e = est({ method: 'qlora', model: '8b', examples: 10_000, gpu: 'rtx-4090', owned: true });
    expect(e.hardware.owned).toBe(true);
    expect(e.hardware.used).toMatchObject({ gpu: 'rtx-4090', count: 1 });
    expect(e.cost.pricePerGpuHour.source).toMatch(/board power 450 W at \$0\.13\/kWh/);
    const rented = est({ method: 'qlora', model: '8b', examples: 10_000, gpu: 'rtx-4090' });
    expect(e.cost.perRunUsd.high).toBeLessThan(rented.cost.perRunUsd.low);
  });
});

describe('9. managed services priced the way they charge', () => {
  it("MonsterAPI's flat figure only for the article's case; Together per token", () => {
    const article = est({ method: 'qlora', model: '70b', examples: 10_000, epochs: 3 });
    const big = est({ method: 'qlora', model: '70b', examples: 250_000, epochs: 3 });
    expect(article.cost.managed.map((m) => m.name)).toContain('MonsterAPI');
    expect(big.cost.managed.map((m) => m.name)).not.toContain('MonsterAPI');
    const together = (e: Estimate) => e.cost.managed.find((m) => m.name.startsWith('Together'))!.usd.low;
    expect(together(big)).toBeCloseTo(together(article) * 25, 0);
  });
});

describe('12–13. replies a channel can read', () => {
  it('the answer first: at most 25 non-empty lines in the terminal, confidence in words, no repeated block', () => {
    for (const input of [{}, { budgetUsd: 500, examples: 20_000, task: 'domain-adaptation' as const }, { model: '8b', examples: 50_000 }]) {
      const text = renderReplyText(recommendReply(rec(input)), { color: false, width: 100 });
      expect(nonEmpty(text), text).toBeLessThanOrEqual(25);
      expect(text).not.toMatch(/confidence \d+%/i);
      const lines = text.split('\n').filter((l) => l.trim().length > 30);
      expect(new Set(lines).size).toBe(lines.length);
    }
  });

  it('where the figures overrule the article, the reply says so', () => {
    const r = rec({ model: '8b', examples: 10_000 });
    if (r.verdict !== 'qlora') expect(r.reasons.find((x) => x.rule === 'article-overruled')).toBeDefined();
  });
});

describe('the decision on cases the figures make clear', () => {
  it('precise reasoning with 100K+ examples where quality is critical: full fine-tuning', () => {
    expect(rec({ model: '70b', examples: 200_000, task: 'code', qualityCritical: true, budgetUsd: 100_000 }).verdict).toBe('full');
  });

  it('quality critical: never a method below 95% of full fine-tuning quality', () => {
    const r = rec({ model: '70b', examples: 20_000, qualityCritical: true });
    expect(of(r, r.verdict).quality.vsFullPct.low).toBeGreaterThanOrEqual(95);
  });

  it('no multi-GPU engineering: the recommended setup is one GPU', () => {
    const r = rec({ model: '8b', examples: 50_000, multiGpu: false });
    expect(of(r, r.verdict).hardware.used.count).toBe(1);
  });

  it('missing facts: it answers, says what it assumed, and asks at most two questions that would change it', () => {
    const r = rec({});
    expect(r.questions.length).toBeLessThanOrEqual(2);
    expect(r.assumed.length).toBeGreaterThan(0);
    for (const q of r.questions) expect(r.changeIf.some((c) => c.fact === q)).toBe(true);
  });

  it('bad facts are one clear line', () => {
    expect(recommend({ task: 'poetry' as never })).toEqual({ ok: false, error: expect.stringMatching(/^task: "poetry" is not a task/) });
    expect(recommend({ budgetUsd: -1 })).toMatchObject({ ok: false });
  });
});
