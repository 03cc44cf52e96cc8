import { describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot/core.js';
import { Cooldown } from '../../src/bot/preconditions.js';
import { runCli } from '../../src/cli.js';
import { createIntentParser } from '../../src/intent/parse.js';
import { createStore } from '../../src/store/index.js';

/** Names every plain object inherits: a lookup by user text must not find them. */
const PROTOTYPE_KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];

const cli = async (args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, width: 100 });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

describe.each(PROTOTYPE_KEYS)('the word %s where a name is looked up', (word) => {
  it.each([
    ['explain', ['explain', word]],
    ['estimate: method', ['estimate', word, '70b', '10k', '3']],
    ['estimate: model', ['estimate', 'qlora', word, '10k', '3']],
    ['a bare method', [word, '70b']],
    ['--gpu', ['qlora', '70b', '10k', '3', '--gpu', word]],
    ['--provider', ['qlora', '70b', '10k', '3', '--provider', word]],
    ['--task', ['recommend', '--examples', '10k', '--task', word]],
    ['--optimizer', ['full', '8b', '--optimizer', word]],
    ['--targets', ['lora', '8b', '--targets', word]],
    ['a flag of that name', ['qlora', '70b', `--${word}`, '1']],
    ['explain --model', ['explain', 'lora', '--model', word]],
    ['compare: model', ['compare', word]],
  ])('CLI %s: a one-line usage error (exit 2), no internal error', async (_what, args) => {
    const r = await cli(args);
    expect(r.err).not.toMatch(/internal error|\bat .+:\d+:\d+|\bundefined\b/);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('chat: explanations, estimates and settings answer with a clear message, and change nothing', async () => {
    const store = await createStore('memory://');
    const bot = createBot({ store, parser: createIntentParser(), cooldown: new Cooldown(1e6, 1e6) });
    const where = { platform: 'slack' as const, workspace: 'T1', channel: 'C1', user: 'UADMIN', admin: true };
    for (const text of [
      `explain ${word}`,
      `what is ${word}?`,
      `qlora ${word} 10k 3`,
      `${word} 70b 10k 3`,
      `compare ${word} 10k 3`,
      `qlora 70b 10k 3 on ${word}`,
      `qlora 70b 10k 3 --provider ${word}`,
      `prices for ${word}`,
      `recommend for ${word}, 10k examples`,
      `set default provider to ${word}`,
      `set ${word} price to $2`,
      `set engineering rate to ${word}`,
      word,
    ]) {
      const reply = await bot.handle({ ...where, text });
      expect(JSON.stringify(reply), text).not.toMatch(/Something went wrong|internal error/);
    }
    expect(await store.ns('settings').get('slack:T1:C1')).toBeUndefined();
    await store.close();
  });
});
