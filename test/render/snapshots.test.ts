import { beforeAll, describe, expect, it } from 'vitest';
import { createBot, type Bot } from '../../src/bot/core.js';
import { Cooldown } from '../../src/bot/preconditions.js';
import { createIntentParser } from '../../src/intent/parse.js';
import { renderReplyText } from '../../src/render/chat-text.js';
import { renderDiscord } from '../../src/render/discord.js';
import { renderSlack } from '../../src/render/slack.js';
import { createStore } from '../../src/store/index.js';

/**
 * The three renderings of the main answers, kept as files a person can read: a change that makes
 * them worse shows up in review. Regenerate with `npx vitest run test/render/snapshots.test.ts -u`.
 */
let bot: Bot;
beforeAll(async () => {
  bot = createBot({ store: await createStore('memory://'), parser: createIntentParser(), cooldown: new Cooldown(1e6, 1e6) });
});

const CASES: Array<[string, string]> = [
  ['estimate', 'qlora 70b 10k 3'],
  ['compare', 'compare 70b 10k 3'],
  ['recommend', 'we have 8k legal docs and $500, which method?'],
];

describe.each(CASES)('%s', (name, text) => {
  it('renders readably in the terminal, Slack and Discord', async () => {
    const reply = await bot.handle({ platform: 'slack', workspace: 'T', channel: name, user: 'U', text });
    await expect(renderReplyText(reply, { color: false, width: 100 })).toMatchFileSnapshot(`__snapshots__/${name}.txt`);
    await expect(JSON.stringify(renderSlack(reply), null, 1)).toMatchFileSnapshot(`__snapshots__/${name}.slack.json`);
    await expect(JSON.stringify(renderDiscord(reply), null, 1)).toMatchFileSnapshot(`__snapshots__/${name}.discord.json`);
  });
});
