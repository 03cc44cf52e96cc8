import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordBot, type RunningDiscordBot } from '../../src/adapters/discord/client.js';
import { startSlackApp, type RunningSlackApp } from '../../src/adapters/slack/app.js';
import { createBot } from '../../src/bot/core.js';
import { Cooldown } from '../../src/bot/preconditions.js';
import { createIntentParser } from '../../src/intent/parse.js';
import { createLogger } from '../../src/log.js';
import { createStore, type Store } from '../../src/store/index.js';
import { IDS, startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';
import { startFakeSlack, slackSignature, type FakeSlack, slashCommandForm } from '../support/fake-slack.js';
import { until } from '../support/processes.js';

const SECRET = 'pin-refresh-signing-secret-01';
let store: Store;
let slackFake: FakeSlack;
let slack: RunningSlackApp;
let discordFake: FakeDiscord;
let discord: RunningDiscordBot;

beforeAll(async () => {
  store = await createStore('memory://');
  const bot = createBot({ store, parser: createIntentParser(), cooldown: new Cooldown(1e6, 1e6) });
  const logger = createLogger({ level: 'silent' });
  slackFake = await startFakeSlack();
  slackFake.admins.add('UADMIN');
  slack = await startSlackApp({
    bot,
    store,
    logger,
    botToken: 'xoxb-refresh',
    signingSecret: SECRET,
    apiUrl: slackFake.apiUrl,
    port: 0,
    retries: 0,
  });
  discordFake = await startFakeDiscord();
  discord = await startDiscordBot({ bot, logger, token: discordFake.token, apiUrl: discordFake.apiUrl, readyTimeoutMs: 10_000 });
});
afterAll(async () => {
  await discord?.stop();
  await discordFake?.close();
  await slack?.stop();
  await slackFake?.close();
  await store?.close();
});

const slash = async (text: string, id: string, user: string) => {
  const body = slashCommandForm({ text, responseUrl: slackFake.responseUrl(id), channel: 'CREFRESH', user });
  const response = await fetch(`http://127.0.0.1:${slack.port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(body, SECRET) },
    body,
  });
  expect(response.status).toBe(200);
};

describe('the living pin follows the channel\u2019s settings', () => {
  it('Slack: changing a price updates the pinned comparison in place (chat.update), without a second pin', async () => {
    await slash('pin compare 70b 10k 3', 'pin', 'U1');
    await until(() => slackFake.callsTo('pins.add').length === 1, 'the pin');
    const pinnedTs = String(slackFake.callsTo('pins.add')[0]!.params.timestamp);
    const posted = JSON.stringify(slackFake.callsTo('chat.postMessage').find((c) => c.params.channel === 'CREFRESH')!.params.blocks);
    await slash('set h100 price to $6', 'price', 'UADMIN');
    await until(() => slackFake.responses.some((r) => r.id === 'price'), 'the settings answer');
    await until(() => slackFake.callsTo('chat.update').some((c) => c.params.ts === pinnedTs), 'the update in place');
    const updated = JSON.stringify(slackFake.callsTo('chat.update').find((c) => c.params.ts === pinnedTs)!.params.blocks);
    expect(updated).not.toBe(posted);
    expect(updated).toContain('$6');
    expect(slackFake.callsTo('pins.add')).toHaveLength(1);
  });

  it('Discord: changing a price edits the pinned message (PATCH), without pinning another', async () => {
    const pin = await discordFake.slash('pin', { model: '70b', examples: '10k', epochs: '3' }, { channel: IDS.otherChannel });
    await discordFake.waitFor(
      () => discordFake.callsFor(pin).some((c) => c.body?.type === 4 || c.method === 'PATCH'),
      'the pin confirmation',
    );
    const pinCalls = () =>
      discordFake.calls.filter((c) => c.method === 'PUT' && c.path.startsWith(`/channels/${IDS.otherChannel}/messages/pins/`));
    expect(pinCalls()).toHaveLength(1);
    const pinnedId = pinCalls()[0]!.path.split('/').at(-1)!;
    const before = JSON.stringify(discordFake.messages.get(pinnedId)!.embeds);
    const change = await discordFake.slash(
      'ask',
      { text: 'set mi300x price to $2.22' },
      { channel: IDS.otherChannel, user: IDS.admin, admin: true },
    );
    await discordFake.waitFor(
      () => discordFake.callsFor(change).some((c) => c.body?.type === 4 || c.method === 'PATCH'),
      'the settings answer',
    );
    await discordFake.waitFor(() => discordFake.messages.get(pinnedId)!.edits === 1, 'the pinned message edited');
    const after = JSON.stringify(discordFake.messages.get(pinnedId)!.embeds);
    expect(after).not.toBe(before);
    expect(after).toContain('$2.22');
    expect(pinCalls()).toHaveLength(1);
  });
});
