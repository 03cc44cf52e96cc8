import { beforeAll, describe, expect, it } from 'vitest';
import { createBot, type Bot } from '../../src/bot/core.js';
import { Cooldown } from '../../src/bot/preconditions.js';
import { createIntentParser } from '../../src/intent/parse.js';
import { renderReplyText } from '../../src/render/chat-text.js';
import { createStore } from '../../src/store/index.js';

/**
 * Replies a channel can read (issue 13): the answer first, the whole reply within 25 non-empty lines
 * in the terminal rendering, the rest on request ("details").
 */
let bot: Bot;
let channel = 0;
beforeAll(async () => {
  bot = createBot({ store: await createStore('memory://'), parser: createIntentParser(), cooldown: new Cooldown(1e6, 1e6) });
});

const ask = async (text: string, where = `C${(channel += 1)}`) => {
  const reply = await bot.handle({ platform: 'slack', workspace: 'T', channel: where, user: 'U', text });
  return {
    reply,
    lines: renderReplyText(reply, { color: false, width: 100 })
      .split('\n')
      .filter((l) => l.trim() !== ''),
  };
};

describe('replies a channel can read', () => {
  it.each([
    'should we use LoRA?',
    'qlora 70b 10k 3',
    'compare 8b 50k 2',
    'we have $500 and 20k legal documents, what should we do?',
    'is it cheaper to buy a GPU?',
  ])('"%s" is at most 25 non-empty lines in the terminal', async (text) => {
    const { reply, lines } = await ask(text);
    expect(reply.kind).not.toBe('unknown');
    expect(lines.length, lines.join('\n')).toBeLessThanOrEqual(25);
  });

  it.each([
    'compare 70b 10k 3',
    'compare 405b 1m 3',
    'compare mixtral 250k 2',
    'full 70b 10k 3 on 1 h100',
    'lora 8b 1m 1',
    'qlora 405b 10k 3',
  ])('"%s" too', async (text) => {
    const { lines } = await ask(text);
    expect(lines.length, lines.join('\n')).toBeLessThanOrEqual(25);
  });

  it.each([
    'should we use LoRA?',
    'we have $500 and 20k legal documents, what should we do?',
    'should we use qlora for 405b with 10k examples?',
  ])('"%s" leads with the verdict, its figures and one next step within 15 lines', async (text) => {
    const { reply, lines } = await ask(text);
    expect(reply.kind).toBe('recommend');
    expect(lines[0]).toMatch(/^Recommendation: /);
    const next = lines.findIndex((l) => /^Next$/.test(l.trim()));
    expect(next, lines.join('\n')).toBeGreaterThan(0);
    // The step itself (one bullet, wrapped) ends by line 15.
    const stepEnd = lines.findIndex((l, i) => i > next + 1 && !/^\s{4}\S/.test(l));
    expect(stepEnd, lines.join('\n')).toBeLessThanOrEqual(15);
    expect(lines.join('\n')).not.toMatch(/Confidence \d+%/);
  });

  it('the rest comes with "details", after every kind of answer, and says more', async () => {
    for (const text of ['should we use LoRA?', 'qlora 70b 10k 3', 'compare 8b 50k 2', 'is it cheaper to buy a GPU?']) {
      const where = `D${(channel += 1)}`;
      const first = await ask(text, where);
      const more = await ask('details', where);
      expect(more.reply.kind, text).not.toBe('unknown');
      expect(more.lines.length, `${text}: details`).toBeGreaterThan(first.lines.length);
    }
  });
});
