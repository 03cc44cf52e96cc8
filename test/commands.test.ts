import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { COMMANDS, ROOT_COMMAND } from '../commands/index.js';

describe('platform-neutral command definitions', () => {
  it('one per DESIGN.md sub-command, with names and descriptions Discord and Slack accept', () => {
    expect(COMMANDS.map((c) => c.name)).toEqual(['estimate', 'compare', 'recommend', 'pin', 'ask', 'help']);
    expect(ROOT_COMMAND.name).toBe('ftcost');
    for (const c of COMMANDS) {
      expect(c.name).toMatch(/^[-_a-z0-9]{1,32}$/);
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(100);
      for (const [name, schema] of Object.entries(c.options.shape)) {
        expect(name).toMatch(/^[-_a-z0-9]{1,32}$/);
        const description = (schema as z.ZodType).description;
        expect(description, `${c.name}.${name}`).toBeTruthy();
        expect(description!.length).toBeLessThanOrEqual(100);
      }
    }
  });

  it('options typed as people type them become intents; a bad option is one line naming it', () => {
    const estimate = COMMANDS.find((c) => c.name === 'estimate')!;
    const good = estimate.toIntent(estimate.options.parse({ method: 'qlora', model: 'Llama 3.1 70B', examples: '10k', epochs: '3', gpu: 'A100 80GB' }));
    expect(good).toMatchObject({ ok: true, value: { intent: 'estimate', slots: { method: 'qlora', model: 'llama-3.1-70b', examples: 10000, epochs: 3, gpu: 'a100-80gb' } } });
    const bad = estimate.toIntent(estimate.options.parse({ method: 'lora', model: '70b', examples: '-5' }));
    expect(bad).toEqual({ ok: false, error: 'examples: "-5" must be greater than zero' });
    const recommend = COMMANDS.find((c) => c.name === 'recommend')!;
    expect(recommend.toIntent(recommend.options.parse({ budget: '$2k', task: 'code', quality_critical: true }))).toMatchObject({
      ok: true,
      value: { intent: 'recommend', slots: { budgetUsd: 2000, task: 'code', qualityCritical: true } },
    });
    const ask = COMMANDS.find((c) => c.name === 'ask')!;
    expect(ask.toIntent(ask.options.parse({ text: 'qlora 70b 10k 3' }))).toEqual({ ok: true, value: { text: 'qlora 70b 10k 3' } });
    expect(() => estimate.options.parse({ method: 'fft', model: '70b' })).toThrow();
  });
});
