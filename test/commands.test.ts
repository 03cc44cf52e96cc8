import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { COMMANDS, ROOT_COMMAND, commandRequest } from '../commands/index.js';
import { discordCommands, discordInviteUrl, DISCORD_PERMISSIONS } from '../src/adapters/discord/commands.js';

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
    const good = estimate.toIntent(
      estimate.options.parse({ method: 'qlora', model: 'Llama 3.1 70B', examples: '10k', epochs: '3', gpu: 'A100 80GB' }),
    );
    expect(good).toMatchObject({
      ok: true,
      value: { intent: 'estimate', slots: { method: 'qlora', model: 'llama-3.1-70b', examples: 10000, epochs: 3, gpu: 'a100-80gb' } },
    });
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

describe('the Discord registration built from the definitions', () => {
  const [root] = discordCommands();

  it('is one /ftcost command with a sub-command per definition and nothing beside them', () => {
    expect(root!.name).toBe('ftcost');
    expect(root!.options.map((o) => [o.name, o.type])).toEqual(COMMANDS.map((c) => [c.name, 1]));
    expect(root!.contexts).toEqual([0, 1]);
  });

  it('types every option as Discord expects: counts as strings, enums as choices, required ones first', () => {
    for (const sub of root!.options) {
      expect(sub.options!.length).toBeLessThanOrEqual(25);
      const required = sub.options!.map((o) => Boolean(o.required));
      expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
      for (const o of sub.options!) {
        expect(o.name).toMatch(/^[-_a-z0-9]{1,32}$/);
        expect(o.description.length).toBeLessThanOrEqual(100);
        expect([3, 5]).toContain(o.type);
        if (o.choices) expect(o.choices.length).toBeLessThanOrEqual(25);
      }
    }
    const estimate = root!.options.find((o) => o.name === 'estimate')!;
    const byName = Object.fromEntries(estimate.options!.map((o) => [o.name, o]));
    expect(byName.method).toMatchObject({ type: 3, required: true, choices: [{ value: 'full' }, { value: 'lora' }, { value: 'qlora' }] });
    expect(byName.model).toMatchObject({ type: 3, required: true, autocomplete: true, max_length: 80 });
    expect(byName.examples).toMatchObject({ type: 3, required: false });
    const recommend = root!.options.find((o) => o.name === 'recommend')!;
    expect(recommend.options!.find((o) => o.name === 'quality_critical')).toMatchObject({ type: 5, required: false });
    expect(root!.options.find((o) => o.name === 'ask')!.options).toEqual([
      expect.objectContaining({ name: 'text', type: 3, required: true, max_length: 2000, min_length: 1 }),
    ]);
  });

  it('typed options become the same intents on every platform; bad ones name the option', () => {
    expect(commandRequest('estimate', { method: 'qlora', model: '70b', examples: '10k', epochs: '3' })).toMatchObject({
      ok: true,
      value: { intent: { intent: 'estimate', slots: { method: 'qlora', model: 'llama-3.1-70b', examples: 10_000, epochs: 3 } } },
    });
    expect(commandRequest('ask', { text: 'qlora 70b 10k 3' })).toEqual({ ok: true, value: { text: 'qlora 70b 10k 3' } });
    expect(commandRequest('estimate', { method: 'qlora', model: '70b', examples: '-5' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/examples/),
    });
    expect(commandRequest('estimate', { method: 'sgd', model: '70b' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^method/),
    });
    expect(commandRequest('nope', {})).toMatchObject({ ok: false });
  });

  it('the invite link asks for exactly the permissions the bot uses, Pin Messages included', () => {
    const url = new URL(discordInviteUrl('1100000000000000001'));
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    const permissions = BigInt(url.searchParams.get('permissions')!);
    expect(permissions).toBe(DISCORD_PERMISSIONS);
    expect(permissions & (1n << 51n)).toBe(1n << 51n); // PIN_MESSAGES
    expect(permissions & (1n << 3n)).toBe(0n); // never Administrator
    expect(permissions & (1n << 17n)).toBe(0n); // never Mention Everyone
  });
});
