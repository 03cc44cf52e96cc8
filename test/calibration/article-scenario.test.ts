import { describe, expect, it } from 'vitest';
import { articleSetup, cmp, est, midpoint, within } from '../support/engine.js';
import { assumptionLines, warningsOf } from '../../src/reply/words.js';
import { getGpu } from '../../src/engine/index.js';

/**
 * The article (../shared/reference/fine-tuning-cost-article.txt; calibration.md §1): Llama 70B,
 * 10K examples, 3 epochs. Our ranges must overlap the article's and their middles lie inside them.
 */
const article = {
  full: { memory: [1000, 1300], perRun: [240, 360], project: [1200, 3600], buy: [240_000, 400_000] },
  lora: { memory: [140, 220], perRun: [38, 58], project: [190, 580], buy: [60_000, 80_000] },
  qlora: { memory: [40, 48], perRun: [10, 24], project: [100, 480], buy: [6_500, 15_000] },
} as const;

describe("the article's scenario: ftcost compare 70b 10k 3", () => {
  const rows = cmp({ model: '70b', examples: 10_000, epochs: 3 }).rows;
  const byMethod = Object.fromEntries(rows.map((r) => [r.method, r]));
  // The article's ~46 GB QLoRA implies a stack without PEFT's fp32 casts: on the default stack (HF + PEFT,
  // 50.4 GB) its 48 GB card cannot hold the job and is not costed, so its setup's figures are checked on
  // Unsloth's, which reproduces the article's memory (44.5 GB on 1× RTX 6000 Ada).
  const unslothQlora = cmp({ model: '70b', examples: 10_000, epochs: 3, stack: 'unsloth' }).rows.find((r) => r.method === 'qlora')!;
  const articleOf = (method: string) => articleSetup(method === 'qlora' ? unslothQlora : byMethod[method]!);

  it('uses Llama 3.1 70B for "70b" and says so', () => {
    for (const r of rows) {
      expect(r.model.id).toBe('llama-3.1-70b');
      expect(assumptionLines(r).join(' ')).toMatch(/70b → llama-3\.1-70b/);
    }
  });

  it.each(['full', 'lora'] as const)('%s: total memory in the expected band', (method) => {
    const [low, high] = article[method].memory;
    expect(within(byMethod[method]!.memory.totalGB, low, high)).toBe(true);
    expect(byMethod[method]!.basis.articleMemory).toBeNull();
  });

  // Measured physics moves QLoRA out of the article's ~46 GB on the default stack (HF + PEFT): PEFT's
  // prepare_model_for_kbit_training keeps the embeddings, norms and LM head in fp32 and the Hugging Face
  // loss holds ~16 bytes per logit (Unsloth's README: HF + FA2 fits Llama 3.3 70B QLoRA on 80 GB only up to
  // 6,916 tokens). The reply keeps the calibrated figure and shows the article's beside it, with the reason.
  it("qlora: the calibrated total, with the article's ~46 GB beside it and the reason", () => {
    const q = byMethod.qlora!;
    expect(within(q.memory.totalGB, 48, 54)).toBe(true);
    expect(q.basis.articleMemory).toEqual({ gb: { low: 46, high: 46 }, quote: '~46 GB' });
    const said = assumptionLines(q).join(' ');
    expect(said).toMatch(/The article gives ~46 GB for QLoRA on Llama 70B; ftcost's 50\.\d GB/);
    expect(said).toMatch(/PEFT's fp32 casts \(\+4\.2 GB\) and the Hugging Face loss's 16 bytes per logit/);
    // Without the casts (Unsloth, torchtune), the article's figure is reproduced.
    for (const stack of ['unsloth', 'torchtune'] as const) {
      const e = cmp({ model: '70b', examples: 10_000, epochs: 3, stack }).rows.find((r) => r.method === 'qlora')!;
      const [low, high] = article.qlora.memory;
      expect(within(e.memory.totalGB, low, high), stack).toBe(true);
      expect(e.basis.articleMemory).toBeNull();
    }
  });

  it.each(['full', 'lora', 'qlora'] as const)(
    "%s: per-run, project and buy-in ranges overlap the article's and centre inside them",
    (method) => {
      // The article's own setup, named as such beside the headline, reproduces the article's figures.
      const e = articleOf(method);
      const ref = article[method];
      for (const [ours, theirs] of [
        [e.perRunUsd, ref.perRun],
        [e.projectUsd, ref.project],
        [e.hardwareBuyUsd, ref.buy],
      ] as const) {
        expect(ours.low <= theirs[1] && theirs[0] <= ours.high, `${method} ${JSON.stringify(ours)} vs ${theirs}`).toBe(true);
        expect(within(midpoint(ours), theirs[0], theirs[1]), `${method} middle of ${JSON.stringify(ours)} vs ${theirs}`).toBe(true);
      }
    },
  );

  it("QLoRA: the minimum is one GPU, with warnings that the article's 48 GB card and an A100 40GB are too small on HF + PEFT", () => {
    const q = byMethod.qlora!;
    expect(q.hardware.minimum.count).toBe(1);
    const gpu = q.hardware.options.find((o) => o.gpu === q.hardware.minimum.gpu)!;
    expect(gpu.count).toBe(1);
    expect(getGpu(q.hardware.minimum.gpu)!.memoryBytes).toBeGreaterThan(48 * 2 ** 30);
    const warned = warningsOf(q, 'cli').join(' ');
    expect(warned).toMatch(/The article's typical QLoRA setup \(1× RTX 6000 Ada 48GB\) cannot hold this job/);
    // A setup that cannot hold the job is never costed.
    expect(q.alternatives.some((a) => a.kind === 'article-setup')).toBe(false);
    // On a stack without PEFT's fp32 casts, the article's one 48 GB card holds it, and an A100 40GB is too small for a one-GPU plan.
    expect(['rtx-6000-ada', 'l40s', 'l40', 'rtx-a6000']).toContain(unslothQlora.hardware.minimum.gpu);
    expect(articleSetup(unslothQlora).hardware).toEqual({ gpu: 'rtx-6000-ada', count: 1, strategy: 'single' });
    const onOne = est({ method: 'qlora', model: '70b', examples: 10_000, epochs: 3, gpu: 'rtx-6000-ada', stack: 'unsloth' });
    expect(warningsOf(onOne, 'cli').join(' ')).toMatch(/A100 40GB .*too small/);
  });

  it('full fine-tuning names the sharding and CPU offload that 8×80 GB needs, and the faster second node', () => {
    const f = byMethod.full!;
    expect(articleSetup(f).hardware).toEqual({ gpu: 'h100-sxm', count: 8, strategy: 'zero3-offload' });
    // On the article's 8× H100 the job needs ZeRO-3 with CPU offload; a second node removes the offload and is faster and cheaper.
    const onH100 = est({ method: 'full', model: '70b', examples: 10_000, epochs: 3, gpu: 'h100-sxm', gpus: 8 });
    expect(onH100.memory.cpuRamGB).toBeGreaterThan(800);
    expect(warningsOf(onH100, 'cli').join(' ')).toMatch(/ZeRO-3 sharding plus the optimizer offloaded to CPU/);
    const twoNodes = est({ method: 'full', model: '70b', examples: 10_000, epochs: 3, gpu: 'h100-sxm', gpus: 16 });
    expect(twoNodes.hardware.used.strategy).toBe('fsdp');
    expect(twoNodes.cost.perRunUsd.high).toBeLessThan(onH100.cost.perRunUsd.low);
    // The headline leads with a setup at least 3× cheaper than the article's, and names the article's beside it.
    expect(articleSetup(f).perRunUsd.low / f.cost.perRunUsd.high).toBeGreaterThan(1);
  });

  it("LoRA's typical setup is the article's tooling (layer split on 4× A100 80GB), with FSDP named as faster", () => {
    const l = byMethod.lora!;
    expect(articleSetup(l).hardware).toEqual({ gpu: 'a100-80gb', count: 4, strategy: 'layer-split' });
    const fsdp = est({ method: 'lora', model: '70b', examples: 10_000, epochs: 3, gpu: 'a100-80gb', gpus: 4 });
    expect(fsdp.hardware.used.strategy).toBe('fsdp');
    expect(fsdp.time.hours.high).toBeLessThan(articleSetup(l).hours.low);
  });

  it("hours per run overlap the article's (full 10–15, LoRA 8–12, QLoRA 10–20)", () => {
    const ref: Record<string, readonly [number, number]> = { full: [10, 15], lora: [8, 12], qlora: [10, 20] };
    for (const r of rows) {
      const [low, high] = ref[r.method]!;
      const hours = articleOf(r.method).hours;
      expect(hours.low <= high && low <= hours.high, `${r.method} ${JSON.stringify(hours)}`).toBe(true);
    }
  });

  it('engineering at the article day counts × $150/h, apart from the project cost', () => {
    expect(byMethod.full!.cost.engineeringUsd).toEqual({ low: 6000, high: 12000 });
    expect(byMethod.lora!.cost.engineeringUsd).toEqual({ low: 2400, high: 6000 });
    expect(byMethod.qlora!.cost.engineeringUsd).toEqual({ low: 1200, high: 2400 });
    for (const r of rows) expect(r.cost.projectUsd.low).toBeCloseTo(r.cost.perRunUsd.low * r.cost.runs.low, 0);
  });

  it("quality relative to full fine-tuning is the article's, with research sources", () => {
    expect(byMethod.lora!.quality.vsFullPct).toEqual({ low: 95, high: 99 });
    expect(byMethod.qlora!.quality.vsFullPct).toEqual({ low: 90, high: 97 });
    expect(byMethod.lora!.quality.sources.join(' ')).toMatch(/2405\.09673/);
    expect(byMethod.qlora!.quality.sources.join(' ')).toMatch(/2305\.14314/);
  });

  it('the 4× A100 buy-in amortizes to about $2,000 a month over 3 years, as the article says', () => {
    expect(within(midpoint(articleSetup(byMethod.lora!).hardwareBuyUsd) / 36, 1500, 2500)).toBe(true);
  });

  it('a managed service is offered as an alternative where a price is known', () => {
    const names = byMethod.qlora!.cost.managed.map((m) => m.name).join(' ');
    expect(names).toMatch(/MonsterAPI/);
    expect(names).toMatch(/Together/);
  });
});
