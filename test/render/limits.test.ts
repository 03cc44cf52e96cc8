import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBot, type Bot } from '../../src/bot/core.js';
import { Cooldown } from '../../src/bot/preconditions.js';
import type { Reply } from '../../src/reply/reply.js';
import { createIntentParser } from '../../src/intent/parse.js';
import { renderReplyText } from '../../src/render/chat-text.js';
import { renderDiscord } from '../../src/render/discord.js';
import { renderSlack } from '../../src/render/slack.js';
import { checkDiscord, checkSlack } from '../support/limits.js';
import { createStore } from '../../src/store/index.js';

let bot: Bot;
beforeAll(async () => {
  bot = createBot({ store: await createStore('memory://'), parser: createIntentParser(), cooldown: new Cooldown(1e6, 1e6) });
});
const ask = (text: string, admin = false) => bot.handle({ platform: 'slack', workspace: 'T', channel: 'C', user: 'U', admin, text });

const REPLIES: Array<[string, string, boolean?]> = [
  ['estimate', 'qlora 70b 10k 3'],
  ['estimate, every warning', 'full 405b 2M 3 on 8 rtx 4090 on aws'],
  ['compare', 'compare 70b 10k 3'],
  ['compare, largest', 'compare 405b 1.5M 3 with 2048 tokens per example'],
  ['recommend', 'we have 8k legal docs and $500, which method?'],
  [
    'recommend, all facts',
    'first fine-tuning project, production where 2-5% quality matters, 200k math examples, $30k, no multi-gpu, which method for 70b?',
  ],
  ['explain', 'why does full fine-tuning need so much memory?'],
  ['prices', 'gpu prices'],
  ['settings', 'show settings'],
  ['help', 'help'],
  ['error', 'qlora gpt-5'],
  ['unknown', 'what is the weather'],
  ['pin', 'pin the comparison for 70b 10k 3'],
];

describe('every reply type within each platform\u2019s limits', () => {
  it.each(REPLIES)('%s', async (_name, text) => {
    const reply = await ask(text);
    checkSlack(renderSlack(reply));
    checkDiscord(renderDiscord(reply));
    expect(renderReplyText(reply).length).toBeGreaterThan(0);
  });

  it('details of the largest comparison (every assumption of every method) still fit', async () => {
    const compare = await ask('compare 405b 1.5M 3 with 2048 tokens per example');
    expect(compare.kind, compare.summary).toBe('compare');
    const details = await bot.handle({
      platform: 'discord',
      workspace: 'G',
      channel: 'C',
      user: 'U',
      action: { id: 'details', payload: compare.actions[0]!.payload },
    });
    expect(details.sections.length).toBeGreaterThanOrEqual(3);
    checkSlack(renderSlack(details));
    checkDiscord(renderDiscord(details));
  });
});

describe('property: any reply, however long or hostile its strings, renders within limits and without mentions', () => {
  const hostile = fc.oneof(
    fc.string({ maxLength: 400 }),
    fc.constantFrom(
      '@everyone',
      '@here',
      '<!channel>',
      '<!here|here>',
      '<@U024BE7LH>',
      '<@123456789012345678>',
      '<@&42>',
      '*bold* _it_ ~s~ `c` > q',
      '[x](https://evil)',
      '\u001b[31mred',
      'x'.repeat(5000),
    ),
  );
  const lines = fc.array(hostile, { maxLength: 30 });
  const reply: fc.Arbitrary<Reply> = fc.record({
    kind: fc.constantFrom('estimate', 'compare', 'recommend', 'error', 'pin'),
    title: hostile,
    summary: hostile,
    figures: fc.array(fc.record({ label: hostile, value: hostile }), { maxLength: 30 }),
    reasons: lines,
    sections: fc.array(fc.record({ title: hostile, lines }), { maxLength: 40 }),
    warnings: lines,
    questions: lines,
    actions: fc.array(
      fc.record({ id: fc.constantFrom('compare', 'pin', 'details'), label: hostile, payload: fc.string({ maxLength: 200 }) }),
      { maxLength: 3 },
    ),
    footer: hostile,
    ephemeral: fc.boolean(),
  }) as fc.Arbitrary<Reply>;

  it('Slack', () => {
    fc.assert(
      fc.property(reply, (r) => checkSlack(renderSlack(r))),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) },
    );
  });
  it('Discord', () => {
    fc.assert(
      fc.property(reply, (r) => checkDiscord(renderDiscord(r))),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) },
    );
  });
  it('terminal: no escape sequences from the content', () => {
    fc.assert(
      fc.property(reply, (r) => !renderReplyText(r, { color: false, width: 100 }).includes('\u001b')),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) },
    );
  });
});
