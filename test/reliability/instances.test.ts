import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, slackSignature, type FakeSlack, slashCommandForm } from '../support/fake-slack.js';
import { freePort, listening, runNode, sleep, until, type RunningProcess } from '../support/processes.js';
import { REDIS_URL, redisReachable } from '../support/redis.js';

const redisUp = await redisReachable();
if (!redisUp) console.warn(`[instances] no Redis at ${REDIS_URL}: the two-instance test is skipped`);

const SECRET = 'two-instances-signing-secret';
// A team of its own per run, so state from an earlier run cannot answer for this one.
const TEAM = `T${Date.now().toString(36).toUpperCase()}`;
let fake: FakeSlack;
const instances: Array<{ proc: RunningProcess; port: number }> = [];

async function send(port: number, body: string, contentType: string) {
  const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...slackSignature(body, SECRET) },
    body,
  });
  expect(response.status).toBe(200);
}
const slash = (port: number, text: string, responseId: string, user: string) =>
  send(
    port,
    slashCommandForm({ text, responseUrl: fake.responseUrl(responseId), team: TEAM, channel: 'CSHARED', user }),
    'application/x-www-form-urlencoded',
  );
const mention = (port: number, eventId: string, text: string, ts: string, threadTs?: string) =>
  send(
    port,
    JSON.stringify({
      token: 'x',
      team_id: TEAM,
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: `${TEAM}-${eventId}`,
      event_time: 1700000000,
      event: {
        type: 'app_mention',
        user: 'U1',
        text: `<@UBOT> ${text}`,
        ts,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        channel: 'CSHARED',
      },
      authorizations: [],
    }),
    'application/json',
  );
const threadReplies = (threadTs: string) => fake.callsTo('chat.postMessage').filter((c) => c.params.thread_ts === threadTs);

beforeAll(async () => {
  if (!redisUp) return;
  fake = await startFakeSlack();
  fake.admins.add('UADMIN');
  const storeUrl = `${REDIS_URL.replace(/\/\d*$/, '')}/6`;
  for (let i = 0; i < 2; i += 1) {
    const port = await freePort();
    const proc = runNode('dist/src/main.js', {
      SLACK_BOT_TOKEN: 'xoxb-two-instances',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      STORE_URL: storeUrl,
      LOG_LEVEL: 'info',
    });
    instances.push({ proc, port });
  }
  for (const { port } of instances) await until(() => listening(port), `instance on ${port}`, 20_000);
});
afterAll(async () => {
  for (const { proc } of instances) await proc.stop();
  await fake?.close();
});

describe.skipIf(!redisUp)('two bot processes sharing Redis (Slack HTTP mode, as behind a load balancer)', () => {
  it('a pin created through one is updated in place through the other', async () => {
    const [a, b] = instances;
    await slash(a!.port, 'pin compare 70b 10k 3', 'pin-a', 'U1');
    await until(() => fake.callsTo('pins.add').length === 1, 'the pin');
    const pinnedTs = String(fake.callsTo('pins.add')[0]!.params.timestamp);
    await slash(b!.port, 'pin 8b 50k 2', 'pin-b', 'UADMIN');
    await until(() => fake.callsTo('chat.update').length === 1, 'the update in place');
    expect(fake.callsTo('chat.update')[0]!.params.ts).toBe(pinnedTs);
    expect(JSON.stringify(fake.callsTo('chat.update')[0]!.params.blocks)).toContain('Llama 3.1 8B');
    await sleep(200);
    expect(fake.callsTo('pins.add')).toHaveLength(1);
  });

  it('a follow-up in a thread is understood by either instance', async () => {
    const [a, b] = instances;
    await mention(a!.port, 'Ev1', 'qlora 70b 10k 3', '1700001000.000100');
    await until(() => threadReplies('1700001000.000100').length === 1, 'the first answer');
    await mention(b!.port, 'Ev2', 'what about 8b?', '1700001001.000100', '1700001000.000100');
    await until(() => threadReplies('1700001000.000100').length === 2, 'the follow-up');
    const followUp = JSON.stringify(threadReplies('1700001000.000100')[1]!.params.blocks);
    expect(followUp).toContain('QLoRA');
    expect(followUp).toContain('Llama 3.1 8B');
  });

  it('an event Slack delivers to both (a retry landing on the other instance) is answered once', async () => {
    const [a, b] = instances;
    await Promise.all([
      mention(a!.port, 'EvDup', 'lora 13b 5k 2', '1700002000.000100'),
      mention(b!.port, 'EvDup', 'lora 13b 5k 2', '1700002000.000100'),
    ]);
    await until(() => threadReplies('1700002000.000100').length >= 1, 'the answer');
    await sleep(500);
    expect(threadReplies('1700002000.000100')).toHaveLength(1);
  });
});
