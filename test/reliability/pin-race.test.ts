import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackApp, type RunningSlackApp } from '../../src/adapters/slack/app.js';
import { createBot } from '../../src/bot/core.js';
import { Cooldown } from '../../src/bot/preconditions.js';
import { createIntentParser } from '../../src/intent/parse.js';
import { createLogger } from '../../src/log.js';
import { createStore, type Store } from '../../src/store/index.js';
import { startFakeSlack, slackSignature, slashCommandForm, type FakeSlack } from '../support/fake-slack.js';
import { freePort, listening, runNode, until, type RunningProcess } from '../support/processes.js';
import { REDIS_URL, redisReachable } from '../support/redis.js';

/**
 * The attack of issue 17: hundreds of simultaneous pin requests in one channel, through the slash
 * command, mentions and buttons, and across two processes sharing Redis. One living pin per channel,
 * always; a non-admin never replaces it.
 */
const SECRET = 'pin-race-signing-secret-0123456789';
const N = 200;
let fake: FakeSlack;
let store: Store;
let slack: RunningSlackApp;

async function post(port: number, body: string, contentType: string): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...slackSignature(body, SECRET) },
    body,
  });
  expect(response.status).toBe(200);
}
const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

const slash = (port: number, text: string, id: string, channel: string, user: string, team = 'T1') =>
  post(port, slashCommandForm({ text, responseUrl: fake.responseUrl(id), team, channel, user }), FORM);

const mention = (port: number, i: number, channel: string) =>
  post(
    port,
    JSON.stringify({
      token: 'x',
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: `Ev-race-${channel}-${i}`,
      event_time: 1700000000,
      event: { type: 'app_mention', user: `UM${i}`, text: '<@UBOT> pin the comparison for 70b 10k 3', ts: `1700000${i}.000100`, channel },
      authorizations: [],
    }),
    JSON_TYPE,
  );

const button = (port: number, i: number, channel: string) =>
  post(
    port,
    new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_actions',
        user: { id: `UB${i}`, username: 'ada', team_id: 'T1' },
        team: { id: 'T1', domain: 'fake' },
        api_app_id: 'A1',
        token: 'x',
        container: { type: 'message', message_ts: '1700000000.000001', channel_id: channel, is_ephemeral: false },
        channel: { id: channel, name: 'ml' },
        message: { type: 'message', text: 'x', ts: '1700000000.000001' },
        response_url: fake.responseUrl(`btn-${channel}-${i}`),
        trigger_id: 't',
        actions: [{ action_id: 'ftcost_pin', block_id: 'b', type: 'button', value: 'o=llama-3.1-70b;e=10000;p=3', action_ts: '1' }],
      }),
    }).toString(),
    FORM,
  );

const pinsIn = (channel: string) => fake.callsTo('pins.add').filter((c) => c.params.channel === channel).length;
const postsIn = (channel: string) => fake.callsTo('chat.postMessage').filter((c) => c.params.channel === channel).length;
const answered = (prefix: string) => fake.responses.filter((r) => r.id.startsWith(prefix)).length;

describe('one living pin per channel, under 200 simultaneous requests (one process)', () => {
  beforeAll(async () => {
    fake = await startFakeSlack();
    store = await createStore('memory://');
    const logger = createLogger({ level: 'silent' });
    const bot = createBot({ store, parser: createIntentParser(), logger, cooldown: new Cooldown(1e6, 1e6) });
    slack = await startSlackApp({
      bot,
      store,
      logger,
      botToken: 'xoxb-race',
      signingSecret: SECRET,
      apiUrl: fake.apiUrl,
      port: 0,
      retries: 0,
    });
  });
  afterAll(async () => {
    await slack?.stop();
    await store?.close();
    await fake?.close();
  });

  it('slash commands: 200 at once make one post and one pin, and every asker hears back', async () => {
    await Promise.all(Array.from({ length: N }, (_, i) => slash(slack.port!, 'pin compare 70b 10k 3', `slash-${i}`, 'CRACE1', `US${i}`)));
    await until(() => answered('slash-') === N, 'every asker told', 30_000);
    expect(pinsIn('CRACE1')).toBe(1);
    expect(postsIn('CRACE1')).toBe(1);
  }, 40_000);

  it('mentions: 200 at once make one pin', async () => {
    await Promise.all(Array.from({ length: N }, (_, i) => mention(slack.port!, i, 'CRACE2')));
    await until(
      () => fake.callsTo('chat.postEphemeral').filter((c) => c.params.channel === 'CRACE2').length === N,
      'every asker told',
      30_000,
    );
    expect(pinsIn('CRACE2')).toBe(1);
    expect(postsIn('CRACE2')).toBe(1);
  }, 40_000);

  it('buttons: 200 presses at once make one pin', async () => {
    await Promise.all(Array.from({ length: N }, (_, i) => button(slack.port!, i, 'CRACE3')));
    await until(() => answered('btn-CRACE3-') === N, 'every presser told', 30_000);
    expect(pinsIn('CRACE3')).toBe(1);
    expect(postsIn('CRACE3')).toBe(1);
  }, 40_000);

  it('a non-admin cannot replace a channel’s pin, even 100 at once with another case', async () => {
    const record = await store.ns<{ slots: { model: string } }>('pins').get('slack:T1:CRACE1');
    await Promise.all(Array.from({ length: 100 }, (_, i) => slash(slack.port!, 'pin compare 8b 50k 2', `other-${i}`, 'CRACE1', `UO${i}`)));
    await until(() => answered('other-') === 100, 'every asker told', 30_000);
    expect(pinsIn('CRACE1')).toBe(1);
    expect(fake.callsTo('chat.update').filter((c) => c.params.channel === 'CRACE1')).toHaveLength(0);
    expect((await store.ns<{ slots: { model: string } }>('pins').get('slack:T1:CRACE1'))?.slots.model).toBe(record?.slots.model);
  }, 40_000);
});

const redisUp = await redisReachable();
if (!redisUp) console.warn(`[pin-race] no Redis at ${REDIS_URL}: the two-process race is skipped`);

describe.skipIf(!redisUp)('one living pin across two processes sharing Redis', () => {
  const instances: Array<{ proc: RunningProcess; port: number }> = [];
  const TEAM = `TR${Date.now().toString(36).toUpperCase()}`;

  beforeAll(async () => {
    fake = await startFakeSlack();
    const storeUrl = `${REDIS_URL.replace(/\/\d*$/, '')}/7`;
    for (let i = 0; i < 2; i += 1) {
      const port = await freePort();
      const proc = runNode('dist/src/main.js', {
        SLACK_BOT_TOKEN: 'xoxb-race-two',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: String(port),
        STORE_URL: storeUrl,
        LOG_LEVEL: 'warn',
      });
      instances.push({ proc, port });
    }
    for (const { port } of instances) await until(() => listening(port), `instance on ${port}`, 20_000);
  }, 30_000);
  afterAll(async () => {
    for (const { proc } of instances) await proc.stop();
    await fake?.close();
  });

  it('200 pin requests split over both make one pin; then 100 non-admins with another case change nothing', async () => {
    const [a, b] = instances as unknown as [{ port: number }, { port: number }];
    await Promise.all(
      Array.from({ length: N }, (_, i) => slash(i % 2 ? a.port : b.port, 'pin compare 70b 10k 3', `two-${i}`, 'CTWO', `U2${i}`, TEAM)),
    );
    await until(() => answered('two-') === N, 'every asker told', 40_000);
    expect(pinsIn('CTWO')).toBe(1);
    expect(postsIn('CTWO')).toBe(1);
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        slash(i % 2 ? a.port : b.port, 'pin compare 8b 50k 2', `two-other-${i}`, 'CTWO', `U3${i}`, TEAM),
      ),
    );
    await until(() => answered('two-other-') === 100, 'every asker told', 40_000);
    expect(pinsIn('CTWO')).toBe(1);
    expect(fake.callsTo('chat.update').filter((c) => c.params.channel === 'CTWO')).toHaveLength(0);
  }, 60_000);
});
