import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSlackApp, type RunningSlackApp } from '../../src/adapters/slack/app.js';
import { slackManifest, SLACK_SCOPES } from '../../src/adapters/slack/manifest.js';
import { createBot, type Bot } from '../../src/bot/core.js';
import { Cooldown } from '../../src/bot/preconditions.js';
import { createIntentParser } from '../../src/intent/parse.js';
import { createLogger } from '../../src/log.js';
import { createStore, type Store } from '../../src/store/index.js';
import { startFakeSlack, slackSignature, type FakeSlack, slashCommandForm } from '../support/fake-slack.js';

const SECRET = 'test-signing-secret-0123456789';
const TOKEN = 'xoxb-1111-2222-test-token';
let fake: FakeSlack;
let store: Store;
let bot: Bot;
let slack: RunningSlackApp;
const logs: string[] = [];

const until = async (check: () => boolean, what: string, ms = 5000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

async function post(body: string, contentType: string, headers: Record<string, string> = {}, signed = true) {
  const response = await fetch(`http://127.0.0.1:${slack.port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(signed ? slackSignature(body, SECRET) : {}), ...headers },
    body,
  });
  return { status: response.status, text: await response.text() };
}

const slash = (text: string, responseId: string, user = 'U1') =>
  slashCommandForm({ text, responseUrl: fake.responseUrl(responseId), user: user });

const buttonPress = (actionId: string, value: string, responseId: string, channel = 'CPIN', user = 'U1') =>
  new URLSearchParams({
    payload: JSON.stringify({
      type: 'block_actions',
      user: { id: user, username: 'ada', team_id: 'T1' },
      team: { id: 'T1', domain: 'fake' },
      api_app_id: 'A1',
      token: 'x',
      container: { type: 'message', message_ts: '1700000000.000001', channel_id: channel, is_ephemeral: false },
      channel: { id: channel, name: 'ml' },
      message: { ts: '1700000000.000001', type: 'message', text: 'x' },
      response_url: fake.responseUrl(responseId),
      trigger_id: 't',
      actions: [{ action_id: actionId, block_id: 'b', type: 'button', value, action_ts: '1' }],
    }),
  }).toString();

const eventBody = (eventId: string, event: Record<string, unknown>) =>
  JSON.stringify({
    token: 'x',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: eventId,
    event_time: 1700000000,
    event,
    authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
  });

beforeAll(async () => {
  fake = await startFakeSlack();
  store = await createStore('memory://');
  bot = createBot({ store, parser: createIntentParser(), cooldown: new Cooldown(1e6, 1e6) });
  slack = await startSlackApp({
    bot,
    store,
    logger: createLogger({ level: 'debug', write: (l) => logs.push(l), secrets: [TOKEN, SECRET] }),
    botToken: TOKEN,
    signingSecret: SECRET,
    apiUrl: fake.apiUrl,
    port: 0,
    retries: 0,
  });
});
afterAll(async () => {
  await slack.stop();
  await fake.close();
  await store.close();
});
beforeEach(() => {
  fake.handlers = {};
});

describe('Slack over HTTP with the real Bolt app', () => {
  it('a signed slash command is acknowledged before the work is done, then answered once through response_url', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slowBot: Bot = { ...bot, handle: async (r) => (await gate, bot.handle(r)) };
    const slow = await startSlackApp({
      bot: slowBot,
      store,
      logger: createLogger({ level: 'silent' }),
      botToken: TOKEN,
      signingSecret: SECRET,
      apiUrl: fake.apiUrl,
      port: 0,
      retries: 0,
    });
    try {
      const body = slash('qlora 70b 10k 3', 'slow');
      const ack = await fetch(`http://127.0.0.1:${slow.port}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(body, SECRET) },
        body,
      });
      expect(ack.status).toBe(200); // acknowledged while the answer is still being worked out
      expect(fake.responses.filter((r) => r.id === 'slow')).toHaveLength(0);
      release();
      await until(() => fake.responses.some((r) => r.id === 'slow'), 'the answer');
      await new Promise((r) => setTimeout(r, 100));
      const answers = fake.responses.filter((r) => r.id === 'slow');
      expect(answers).toHaveLength(1);
      const message = answers[0]!.body as {
        response_type: string;
        text: string;
        blocks: Array<{ type: string; fields?: Array<{ text: string }> }>;
      };
      expect(message.response_type).toBe('in_channel');
      expect(message.blocks.length).toBeLessThanOrEqual(50);
      expect(JSON.stringify(message.blocks)).toContain('$12–$23'); // the engine's cost per run for the article's QLoRA case
      expect(message.text).toContain('QLoRA · Llama 3.1 70B');
    } finally {
      await slow.stop();
    }
  });

  it('a bad signature and a stale timestamp get 401, and nothing is posted', async () => {
    const before = fake.responses.length + fake.calls.length;
    const body = slash('qlora 70b 10k 3', 'bad');
    const forged = await post(
      body,
      'application/x-www-form-urlencoded',
      { 'x-slack-signature': 'v0=deadbeef', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)) },
      false,
    );
    expect(forged.status).toBe(401);
    const stale = await post(
      body,
      'application/x-www-form-urlencoded',
      slackSignature(body, SECRET, Math.floor(Date.now() / 1000) - 600),
      false,
    );
    expect(stale.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.responses.length + fake.calls.length).toBe(before);
  });

  it('errors go to the asker alone', async () => {
    await post(slash('qlora gpt-5', 'err'), 'application/x-www-form-urlencoded');
    await until(() => fake.responses.some((r) => r.id === 'err'), 'the error');
    expect(fake.responses.find((r) => r.id === 'err')!.body.response_type).toBe('ephemeral');
  });

  it('an app_mention gets a threaded reply; a retried event (same id) gets none', async () => {
    const body = eventBody('EvMention1', {
      type: 'app_mention',
      user: 'U1',
      text: '<@UBOT> qlora 70b 10k 3',
      ts: '1700000100.000100',
      channel: 'C1',
      event_ts: '1700000100.000100',
    });
    const first = await post(body, 'application/json');
    expect(first.status).toBe(200);
    await until(() => fake.callsTo('chat.postMessage').some((c) => c.params.thread_ts === '1700000100.000100'), 'the threaded reply');
    const retried = await post(body, 'application/json', { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    expect(retried.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.callsTo('chat.postMessage').filter((c) => c.params.thread_ts === '1700000100.000100')).toHaveLength(1);
    expect(logs.some((l) => l.includes('duplicate Slack event ignored'))).toBe(true);
  });

  it('a follow-up in the thread uses the thread\u2019s context', async () => {
    await post(
      eventBody('EvFollow1', {
        type: 'app_mention',
        user: 'U2',
        text: '<@UBOT> what about 8b?',
        ts: '1700000100.000200',
        thread_ts: '1700000100.000100',
        channel: 'C1',
      }),
      'application/json',
    );
    await until(
      () =>
        fake
          .callsTo('chat.postMessage')
          .some((c) => c.params.thread_ts === '1700000100.000100' && String(c.params.text).includes('Llama 3.1 8B')),
      'the follow-up',
    );
  });

  it('a direct message without a mention gets an answer; the bot\u2019s own messages do not', async () => {
    await post(
      eventBody('EvDm1', {
        type: 'message',
        channel_type: 'im',
        user: 'U1',
        text: 'should we use LoRA?',
        ts: '1700000200.000100',
        channel: 'D1',
      }),
      'application/json',
    );
    await until(() => fake.callsTo('chat.postMessage').some((c) => c.params.channel === 'D1'), 'the DM answer');
    const count = fake.callsTo('chat.postMessage').length;
    await post(
      eventBody('EvDm2', {
        type: 'message',
        channel_type: 'im',
        user: 'UBOT',
        bot_id: 'BBOT',
        text: 'Recommendation: QLoRA',
        ts: '1700000200.000200',
        channel: 'D1',
      }),
      'application/json',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.callsTo('chat.postMessage').length).toBe(count);
  });

  it('pin: pins.add the first time; a second pin updates the same message (chat.update), no second pins.add', async () => {
    const estimate = await bot.handle({ platform: 'slack', workspace: 'T1', channel: 'CPIN', user: 'U1', text: 'qlora 70b 10k 3' });
    const payload = estimate.actions.find((a) => a.id === 'pin')!.payload;
    await post(buttonPress('ftcost_pin', payload, 'pin1'), 'application/x-www-form-urlencoded');
    await until(() => fake.callsTo('pins.add').length === 1, 'pins.add');
    const pinned = fake.callsTo('pins.add')[0]!.params;
    expect(pinned.channel).toBe('CPIN');
    const posted = fake.callsTo('chat.postMessage').find((c) => c.params.channel === 'CPIN')!;
    expect(JSON.stringify(posted.params.blocks)).toContain('Full vs LoRA vs QLoRA');

    fake.admins.add('UADMIN'); // replacing a channel's pin is for admins
    const other = await bot.handle({ platform: 'slack', workspace: 'T1', channel: 'CPIN', user: 'UADMIN', text: 'compare 8b 50k 2' });
    await post(
      buttonPress('ftcost_pin', other.actions.find((a) => a.id === 'pin')!.payload, 'pin2', 'CPIN', 'UADMIN'),
      'application/x-www-form-urlencoded',
    );
    await until(() => fake.callsTo('chat.update').length === 1, 'chat.update');
    const update = fake.callsTo('chat.update')[0]!.params;
    expect(update.ts).toBe(pinned.timestamp);
    expect(JSON.stringify(update.blocks)).toContain('Llama 3.1 8B');
    expect(fake.callsTo('pins.add')).toHaveLength(1);
  });

  it('a non-admin asking to replace the pin is told so, privately', async () => {
    fake.admins.delete('U7');
    await post(buttonPress('ftcost_pin', 'o=llama-3.1-8b', 'pin3', 'CPIN', 'U7'), 'application/x-www-form-urlencoded');
    await until(() => fake.responses.some((r) => r.id === 'pin3'), 'the refusal');
    const refusal = fake.responses.find((r) => r.id === 'pin3')!.body;
    expect(refusal.response_type).toBe('ephemeral');
    expect(String(refusal.text)).toContain('Admins only');
  });

  it('a missing pins:write scope gets a reply that says how to fix it', async () => {
    fake.handlers['pins.add'] = () => ({ body: { ok: false, error: 'missing_scope', needed: 'pins:write', provided: 'chat:write' } });
    await post(buttonPress('ftcost_pin', 'o=llama-3.1-70b;e=10000;p=3', 'scope', 'CSCOPE'), 'application/x-www-form-urlencoded');
    await until(() => fake.responses.some((r) => r.id === 'scope'), 'the scope reply');
    const reply = fake.responses.find((r) => r.id === 'scope')!.body;
    expect(reply.response_type).toBe('ephemeral');
    expect(JSON.stringify(reply.blocks)).toContain('pins:write');
    expect(JSON.stringify(reply.blocks)).toMatch(/reinstall/);
  });

  it('not being in the channel gets the /invite hint', async () => {
    fake.handlers['chat.postMessage'] = () => ({ body: { ok: false, error: 'not_in_channel' } });
    await post(buttonPress('ftcost_pin', 'o=llama-3.1-70b', 'invite', 'CNEW'), 'application/x-www-form-urlencoded');
    await until(() => fake.responses.some((r) => r.id === 'invite'), 'the invite hint');
    expect(JSON.stringify(fake.responses.find((r) => r.id === 'invite')!.body)).toContain('/invite @ftcost');
  });

  it('the compare and details buttons answer in the channel', async () => {
    await post(buttonPress('ftcost_compare', 'm=qlora;o=llama-3.1-70b;e=10000;p=3', 'cmp', 'C1'), 'application/x-www-form-urlencoded');
    await until(() => fake.responses.some((r) => r.id === 'cmp'), 'the comparison');
    expect(String(fake.responses.find((r) => r.id === 'cmp')!.body.text)).toContain('Full vs LoRA vs QLoRA');
  });

  it('no token or signing secret appears in the logs', () => {
    const all = logs.join('\n');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(SECRET);
  });
});

describe('Slack Socket Mode', () => {
  it('connects to the socket server and answers a slash command delivered there', async () => {
    const socketApp = await startSlackApp({
      bot,
      store,
      logger: createLogger({ level: 'silent' }),
      botToken: TOKEN,
      appToken: 'xapp-1-test',
      apiUrl: fake.apiUrl,
      retries: 0,
    });
    try {
      await until(() => fake.socket.connections > 0, 'the socket connection');
      expect(fake.callsTo('apps.connections.open')[0]!.authorization).toBe('Bearer xapp-1-test');
      const ack = await fake.socket.send({
        envelope_id: 'env-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          token: 'x',
          team_id: 'T1',
          channel_id: 'C1',
          user_id: 'U1',
          command: '/ftcost',
          text: 'compare 70b 10k 3',
          response_url: fake.responseUrl('socket'),
          trigger_id: 't',
          api_app_id: 'A1',
        },
      });
      expect(ack.envelope_id).toBe('env-1');
      await until(() => fake.responses.some((r) => r.id === 'socket'), 'the socket-mode answer');
      expect(String(fake.responses.find((r) => r.id === 'socket')!.body.text)).toContain('Full vs LoRA vs QLoRA');
    } finally {
      await socketApp.stop();
    }
  });
});

describe('Slack OAuth install flow (for teams that distribute the app)', () => {
  it('install → authorize → oauth.v2.access → the installation is kept in the store', async () => {
    const oauthStore = await createStore('memory://');
    const app = await startSlackApp({
      bot,
      store: oauthStore,
      logger: createLogger({ level: 'silent' }),
      signingSecret: SECRET,
      oauth: { clientId: '123.456', clientSecret: 'client-secret', stateSecret: 'state-secret-for-tests' },
      apiUrl: fake.apiUrl,
      port: 0,
      retries: 0,
    });
    try {
      const install = await fetch(`http://127.0.0.1:${app.port}/slack/install`, { redirect: 'manual' });
      expect(install.status).toBe(302);
      const location = new URL(install.headers.get('location')!);
      expect(location.origin + location.pathname).toBe('https://slack.com/oauth/v2/authorize');
      expect(location.searchParams.get('scope')).toBe(SLACK_SCOPES.join(','));
      const state = location.searchParams.get('state')!;
      const cookie = install.headers.get('set-cookie') ?? '';
      const done = await fetch(`http://127.0.0.1:${app.port}/slack/oauth_redirect?code=the-code&state=${encodeURIComponent(state)}`, {
        headers: { cookie: cookie.split(';')[0] ?? '' },
        redirect: 'manual',
      });
      expect(done.status).toBe(200);
      expect(fake.callsTo('oauth.v2.access')).toHaveLength(1);
      const saved = await oauthStore.ns<{ bot?: { token?: string } }>('installations').get('team:T9');
      expect(saved?.bot?.token).toBe('xoxb-installed-token');
    } finally {
      await app.stop();
      await oauthStore.close();
    }
  });
});

describe('the manifest', () => {
  it('manifest.json in the repo is the one generated from commands/ (npm run manifest:slack)', () => {
    for (const [file, mode] of [
      ['manifest.json', 'http'],
      ['manifest.socket-mode.json', 'socket'],
    ] as const) {
      expect(JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'))).toEqual(slackManifest(mode));
    }
    const manifest = slackManifest('http') as {
      oauth_config: { scopes: { bot: string[] } };
      settings: { event_subscriptions: { bot_events: string[] } };
    };
    expect(manifest.oauth_config.scopes.bot).toEqual([
      'commands',
      'chat:write',
      'pins:write',
      'files:write',
      'app_mentions:read',
      'im:history',
      'users:read',
    ]);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_mention', 'message.im']);
  });
});
