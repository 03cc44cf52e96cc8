import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsoleChat } from '../../src/adapters/console.js';
import { startDiscordBot, type RunningDiscordBot } from '../../src/adapters/discord/client.js';
import { startSlackApp, type RunningSlackApp } from '../../src/adapters/slack/app.js';
import { createBot, type Bot } from '../../src/bot/core.js';
import { Cooldown } from '../../src/bot/preconditions.js';
import { createIntentParser } from '../../src/intent/parse.js';
import { createLogger } from '../../src/log.js';
import { renderReplyText } from '../../src/render/chat-text.js';
import { createStore, type Store } from '../../src/store/index.js';
import { IDS, startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';
import { startFakeSlack, slackSignature, type FakeSlack, slashCommandForm } from '../support/fake-slack.js';
import { checkDiscord, checkSlack } from '../support/limits.js';
import { HOSTILE_INPUTS } from './hostile-inputs.js';

const SECRET = 'bad-input-signing-secret-0123';
const TOKEN = 'xoxb-bad-input-token';
let store: Store;
let bot: Bot;
let slackFake: FakeSlack;
let slack: RunningSlackApp;
let discordFake: FakeDiscord;
let discord: RunningDiscordBot;
const logs: string[] = [];

/** What no reply may ever show: broken numbers, leaked internals. */
const BROKEN = /\bNaN\b|Infinity|undefined|\[object Object\]|\bnull\b/;
/** Link and markup injection that survived escaping. */
const RAW_INJECTION = /<https:\/\/evil|\]\(https:\/\/evil|<script>/;

beforeAll(async () => {
  store = await createStore('memory://');
  bot = createBot({ store, parser: createIntentParser(), cooldown: new Cooldown(1e6, 1e6) });
  const logger = createLogger({ level: 'debug', write: (l) => logs.push(l), secrets: [TOKEN, SECRET] });
  slackFake = await startFakeSlack();
  slack = await startSlackApp({
    bot,
    store,
    logger,
    botToken: TOKEN,
    signingSecret: SECRET,
    apiUrl: slackFake.apiUrl,
    port: 0,
    retries: 0,
  });
  discordFake = await startFakeDiscord();
  discord = await startDiscordBot({
    bot,
    logger,
    token: discordFake.token,
    apiUrl: discordFake.apiUrl,
    replyWithinMs: 2000,
    readyTimeoutMs: 10_000,
  });
});
afterAll(async () => {
  await discord?.stop();
  await discordFake?.close();
  await slack?.stop();
  await slackFake?.close();
  await store?.close();
});

const post = async (body: string, contentType: string, signed = true) => {
  const response = await fetch(`http://127.0.0.1:${slack.port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(signed ? slackSignature(body, SECRET) : {}) },
    body,
  });
  return { status: response.status, text: await response.text() };
};
const slash = (text: string, id: string) => slashCommandForm({ text, responseUrl: slackFake.responseUrl(id) });

async function slackAnswer(text: string, id: string): Promise<Record<string, unknown>> {
  const ack = await post(slash(text, id), 'application/x-www-form-urlencoded');
  expect(ack.status).toBe(200);
  const start = Date.now();
  while (!slackFake.responses.some((r) => r.id === id)) {
    if (Date.now() - start > 5000) throw new Error(`no Slack answer for ${id}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return slackFake.responses.find((r) => r.id === id)!.body;
}

describe(`${HOSTILE_INPUTS.length} hostile or broken inputs`, () => {
  it('the catalog has at least 50 entries', () => {
    expect(HOSTILE_INPUTS.length).toBeGreaterThanOrEqual(50);
  });

  it.each(HOSTILE_INPUTS.map((h) => [h.name, h] as const))('terminal: %s', async (_name, h) => {
    const reply = await bot.handle({ platform: 'console', workspace: 'local', channel: 'cli', user: 'hostile', admin: true, text: h.text });
    const text = renderReplyText(reply, { color: false, width: 100 });
    expect(reply.title.length).toBeGreaterThan(0);
    expect(text).not.toMatch(BROKEN);
    // No control characters reach the terminal (colour is off here): only newlines.
    // eslint-disable-next-line no-control-regex -- the point is to find control characters
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
    if (h.expect === 'error') {
      expect(reply.kind, `${h.name}: ${reply.summary}`).toBe('error');
      expect(reply.figures).toHaveLength(0);
    }
  });

  it('terminal: one chat session takes them all and still answers afterwards', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (d: Buffer) => (out += d.toString()));
    const done = runConsoleChat({ bot, input, output, color: false, width: 100, user: 'session' });
    input.end(`${HOSTILE_INPUTS.map((h) => h.text.replace(/[\r\n]/g, ' ')).join('\n')}\nqlora 70b 10k 3\n`);
    await done;
    expect(out).toMatch(/Cost per run\s+\$12–\$23/);
    expect(out.trimEnd().endsWith('bye')).toBe(true);
  });

  it.each(HOSTILE_INPUTS.map((h, i) => [h.name, h, i] as const))('Slack /ftcost: %s', async (_name, h, i) => {
    const message = await slackAnswer(h.text, `hostile-${i}`);
    checkSlack(message as never);
    const all = JSON.stringify(message);
    expect(all).not.toMatch(BROKEN);
    expect(all).not.toMatch(RAW_INJECTION);
    if (h.expect === 'error') expect(message.response_type).toBe('ephemeral');
  });

  it.each(HOSTILE_INPUTS.map((h) => [h.name, h] as const))('Discord /ftcost ask: %s', async (_name, h) => {
    const token = await discordFake.slash('ask', { text: h.text });
    await discordFake.waitFor(() => discordFake.callsFor(token).some((c) => c.body?.type === 4), 'the answer');
    const data = discordFake.callsFor(token).find((c) => c.body?.type === 4)!.body!.data as Record<string, unknown>;
    expect(data.allowed_mentions).toMatchObject({ parse: [] });
    checkDiscord({ ...(data as object), allowed_mentions: { parse: [] } } as never);
    const all = JSON.stringify(data.embeds);
    expect(all).not.toMatch(BROKEN);
    expect(all).not.toMatch(RAW_INJECTION);
    if (h.expect === 'error' || h.text.length > 2000) expect(Number(data.flags) & 64).toBe(64);
  });

  it('Discord mentions: hostile text in a message gets a safe reply, never a ping', async () => {
    const before = discordFake.calls.length;
    for (const h of HOSTILE_INPUTS.filter((x) => /mention|@|broadcast|injection/i.test(x.name))) {
      await discordFake.message(`<@${IDS.app}> ${h.text}`, { mentionBot: true, channel: IDS.otherChannel });
    }
    const expected = HOSTILE_INPUTS.filter((x) => /mention|@|broadcast|injection/i.test(x.name)).length;
    await discordFake.waitFor(
      () =>
        discordFake.calls.slice(before).filter((c) => c.method === 'POST' && c.path === `/channels/${IDS.otherChannel}/messages`).length ===
        expected,
      'every reply',
    );
    for (const call of discordFake.calls.slice(before).filter((c) => c.method === 'POST')) {
      expect(call.body!.allowed_mentions).toEqual({ parse: [], replied_user: false });
      expect(JSON.stringify(call.body!.embeds)).not.toMatch(/(?<!\u200b)@(everyone|here)\b|<@!?\d|<@&\d/);
    }
  });
});

describe('malformed platform payloads are rejected cleanly and the app keeps answering', () => {
  const form = (payload: string) => `payload=${encodeURIComponent(payload)}`;
  it.each([
    ['payload that is not JSON', () => post(form('{not json'), 'application/x-www-form-urlencoded')],
    [
      'block_actions without actions',
      () =>
        post(
          form(JSON.stringify({ type: 'block_actions', user: { id: 'U1' }, team: { id: 'T1' }, channel: { id: 'C1' } })),
          'application/x-www-form-urlencoded',
        ),
    ],
    [
      'a button that is not ours',
      () =>
        post(
          form(
            JSON.stringify({
              type: 'block_actions',
              user: { id: 'U1' },
              team: { id: 'T1' },
              channel: { id: 'C1' },
              actions: [{ action_id: 'evil', value: 'x' }],
              response_url: slackFake.responseUrl('evil'),
            }),
          ),
          'application/x-www-form-urlencoded',
        ),
    ],
    [
      'our button with a forged value',
      () =>
        post(
          form(
            JSON.stringify({
              type: 'block_actions',
              user: { id: 'U1' },
              team: { id: 'T1' },
              channel: { id: 'C1' },
              message: { ts: '1.1' },
              actions: [{ action_id: 'ftcost_compare', value: 'o=<@U1>;e=-5;'.repeat(30) }],
              response_url: slackFake.responseUrl('forged'),
              api_app_id: 'A1',
              token: 'x',
              trigger_id: 't',
              container: {},
            }),
          ),
          'application/x-www-form-urlencoded',
        ),
    ],
    [
      'an event without its event',
      () => post(JSON.stringify({ type: 'event_callback', team_id: 'T1', event_id: 'EvBroken1' }), 'application/json'),
    ],
    ['JSON that is not JSON', () => post('{"type": "event_callback", ', 'application/json')],
    [
      'a slash command without text',
      () =>
        post(
          new URLSearchParams({
            command: '/ftcost',
            team_id: 'T1',
            channel_id: 'C1',
            user_id: 'U1',
            response_url: slackFake.responseUrl('notext'),
          }).toString(),
          'application/x-www-form-urlencoded',
        ),
    ],
    ['an unknown content type', () => post('hello', 'text/plain')],
    ['1 MB of form data', () => post(slash('x'.repeat(1_000_000), 'huge'), 'application/x-www-form-urlencoded')],
    ['an unsigned request', () => post(slash('qlora 70b 10k 3', 'unsigned'), 'application/x-www-form-urlencoded', false)],
  ] as const)('Slack: %s', async (name, send) => {
    const { status } = await send();
    expect(status).toBeLessThan(500);
    const fine = await slackAnswer('qlora 70b 10k 3', `after-${name.replace(/\W+/g, '-')}`);
    expect(JSON.stringify(fine)).toContain('$12–$23');
    const forged = slackFake.responses.find((r) => r.id === 'forged');
    if (forged) expect(JSON.stringify(forged.body)).toMatch(/button.{0,10}data could not be read/);
  });

  it.each([
    ['an unknown sub-command', () => discordFake.slash('frobnicate', { x: 'y' }), /frobnicate.{0,4} command/],
    ['a required option missing', () => discordFake.slash('estimate', { method: 'qlora' }), /model/],
    ['an option of the wrong type', () => discordFake.slash('estimate', { method: 'qlora', model: '70b', examples: true }), /examples/],
    ['a choice Discord would never send', () => discordFake.slash('estimate', { method: 'sgd', model: '70b' }), /method/],
    ['an over-long option', () => discordFake.slash('estimate', { method: 'qlora', model: 'x'.repeat(5000) }), /model/],
    ['an unknown option', () => discordFake.slash('compare', { model: '70b', frobnicate: 'yes' }), /Full vs LoRA vs QLoRA/],
  ] as const)('Discord: %s', async (_name, send, expected) => {
    const token = await send();
    await discordFake.waitFor(() => discordFake.callsFor(token).some((c) => c.body?.type === 4), 'the answer');
    const data = discordFake.callsFor(token).find((c) => c.body?.type === 4)!.body!.data as Record<string, unknown>;
    expect(JSON.stringify(data.embeds)).toMatch(expected);
  });

  it('Discord: buttons that are not ours, or carry forged data, get a clear private reply', async () => {
    const message = [...discordFake.messages.values()][0] ?? {
      id: '1',
      channel_id: IDS.channel,
      content: '',
      embeds: [],
      components: [],
      attachments: [],
      flags: 0,
      pinned: false,
      edits: 0,
    };
    for (const id of ['ftcost:evil:x', 'ftcost:compare:o=<@1>;e=-5', `ftcost:pin:${'z'.repeat(200)}`]) {
      const token = await discordFake.button(id, message);
      await discordFake.waitFor(() => discordFake.callsFor(token).some((c) => c.body?.type === 4), 'the answer');
      const data = discordFake.callsFor(token).find((c) => c.body?.type === 4)!.body!.data as Record<string, unknown>;
      expect(Number(data.flags) & 64).toBe(64);
    }
  });

  it('Discord: autocomplete with 10 KB of text still answers with at most 25 choices', async () => {
    const token = await discordFake.autocomplete('estimate', 'model', 'z'.repeat(10_240));
    await discordFake.waitFor(() => discordFake.callsFor(token).some((c) => c.body?.type === 8), 'the choices');
    expect(
      (discordFake.callsFor(token).find((c) => c.body?.type === 8)!.body!.data as { choices: unknown[] }).choices.length,
    ).toBeLessThanOrEqual(25);
  });

  it('nothing above was logged as a crash, and the bot token never appears in the logs', () => {
    expect(logs.join('\n')).not.toContain(TOKEN);
    expect(logs.join('\n')).not.toContain(discordFake.token);
    expect(logs.filter((l) => /"level":"(error|fatal)"/.test(l) && /TypeError|ReferenceError|Cannot read/.test(l))).toEqual([]);
  });
});
