import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptySlots } from '../../src/intent/schema.js';
import { startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { startFakeSlack, slackSignature, type FakeSlack, slashCommandForm } from '../support/fake-slack.js';
import { freePort, listening, runNode, sleep, until, type RunningProcess } from '../support/processes.js';

const SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-SECRET-slack-bot-token-4242',
  SLACK_SIGNING_SECRET: 'SECRET-signing-secret-8f3a9c',
  DISCORD_TOKEN: 'SECRET.discord.bot-token.77aa',
  OPENAI_API_KEY: 'sk-SECRET-openai-key-5150',
};

let slack: FakeSlack;
let discord: FakeDiscord;
let openai: FakeOpenAI;
let app: RunningProcess;
let port: number;

beforeAll(async () => {
  slack = await startFakeSlack();
  discord = await startFakeDiscord({ token: SECRETS.DISCORD_TOKEN });
  openai = await startFakeOpenAI();
  openai.fallback = {
    kind: 'json',
    content: { intent: 'estimate', slots: { ...emptySlots(), method: 'qlora', model: '70b', examples: 10_000, epochs: 3 } },
  };
  port = await freePort();
  app = runNode('dist/src/main.js', {
    ...SECRETS,
    SLACK_API_URL: slack.apiUrl,
    DISCORD_API_URL: discord.apiUrl,
    OPENAI_BASE_URL: openai.baseUrl,
    OPENAI_MODEL: 'fake-model',
    PORT: String(port),
    STORE_URL: 'memory://',
    LOG_LEVEL: 'debug',
    NODE_ENV: 'production',
  });
  await until(() => listening(port), 'the Slack receiver', 20_000);
  await until(() => discord.identifies.length === 1 && discord.openSockets() === 1, 'the Discord login', 20_000);
});
afterAll(async () => {
  await app?.stop();
  await slack?.close();
  await discord?.close();
  await openai?.close();
});

const post = (body: string, contentType: string, headers: Record<string, string>) =>
  fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
const slash = (text: string, id: string) => slashCommandForm({ text, responseUrl: slack.responseUrl(id) });

describe('secrets in a full run (Slack, Discord and the LLM at once, debug logging, production)', () => {
  it('request signatures are checked: unsigned, forged or stale requests get 401, whatever the environment says', async () => {
    const body = slash('qlora 70b 10k 3', 'unsigned');
    expect((await post(body, 'application/x-www-form-urlencoded', {})).status).toBe(401);
    expect(
      (
        await post(body, 'application/x-www-form-urlencoded', {
          'x-slack-signature': 'v0=00',
          'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)),
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await post(
          body,
          'application/x-www-form-urlencoded',
          slackSignature(body, SECRETS.SLACK_SIGNING_SECRET, Math.floor(Date.now() / 1000) - 3600),
        )
      ).status,
    ).toBe(401);
    await sleep(200);
    expect(slack.responses.some((r) => r.id === 'unsigned')).toBe(false);
    // No switch turns the check off: the Slack app never sets Bolt's signatureVerification.
    expect(readFileSync(new URL('../../src/adapters/slack/app.ts', import.meta.url), 'utf8')).not.toMatch(/signatureVerification/);
  });

  it('a run that uses every secret never writes one to the logs', async () => {
    const body = slash('lora 8b 10k 3', 'signed');
    expect((await post(body, 'application/x-www-form-urlencoded', slackSignature(body, SECRETS.SLACK_SIGNING_SECRET))).status).toBe(200);
    await until(() => slack.responses.some((r) => r.id === 'signed'), 'the Slack answer');
    const event = JSON.stringify({
      token: 'x',
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: 'EvSecret',
      event_time: 1,
      event: {
        type: 'app_mention',
        user: 'U1',
        text: '<@UBOT> roughly what would a qlora run on the big 70b llama cost us, ten thousand rows three passes',
        ts: '1700003000.000100',
        channel: 'C1',
      },
      authorizations: [],
    });
    expect((await post(event, 'application/json', slackSignature(event, SECRETS.SLACK_SIGNING_SECRET))).status).toBe(200);
    await until(() => slack.callsTo('chat.postMessage').some((c) => c.params.thread_ts === '1700003000.000100'), 'the mention answer');
    const token = await discord.slash('estimate', { method: 'qlora', model: '70b', examples: '10k', epochs: '3' });
    await until(() => discord.callsFor(token).some((c) => c.body?.type === 4 || c.method === 'PATCH'), 'the Discord answer');

    // Each secret was really used.
    expect(slack.calls.some((c) => c.authorization === `Bearer ${SECRETS.SLACK_BOT_TOKEN}`)).toBe(true);
    expect(discord.calls.some((c) => c.authorization === `Bot ${SECRETS.DISCORD_TOKEN}`)).toBe(true);
    expect(openai.requests.some((r) => r.authorization === `Bearer ${SECRETS.OPENAI_API_KEY}`)).toBe(true);

    expect(await app.stop()).toBe(0);
    const logs = app.output();
    expect(logs.length).toBeGreaterThan(500); // debug logging really ran
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect(logs.includes(secret), `${name} appears in the logs`).toBe(false);
      expect(logs.includes(secret.slice(-12)), `part of ${name} appears in the logs`).toBe(false);
    }
  });
});
