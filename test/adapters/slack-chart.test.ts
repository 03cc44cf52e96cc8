import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSlackApp, type RunningSlackApp } from '../../src/adapters/slack/app.js';
import { chartFailure, onceEvery } from '../../src/adapters/slack/chart.js';
import { createBot, type Bot } from '../../src/bot/core.js';
import { Cooldown } from '../../src/bot/preconditions.js';
import { usdRange } from '../../src/engine/index.js';
import { createIntentParser } from '../../src/intent/parse.js';
import { createLogger } from '../../src/log.js';
import type { SlackBlock } from '../../src/render/slack.js';
import { createStore, type Store } from '../../src/store/index.js';
import { cmp } from '../support/engine.js';
import { startFakeSlack, slackSignature, type ApiCall, type FakeSlack, type FakeUpload, slashCommandForm } from '../support/fake-slack.js';
import { checkSlack } from '../support/limits.js';
import { expectComparisonPng } from '../support/png.js';

const SECRET = 'chart-signing-secret-0123456789';
const TOKEN = 'xoxb-3333-4444-chart-token';
const RETRY_MS = 200;
let fake: FakeSlack;
let store: Store;
let bot: Bot;
let slack: RunningSlackApp;
const logs: string[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (check: () => boolean, what: string, ms = 5000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
};

async function post(body: string, contentType: string) {
  const response = await fetch(`http://127.0.0.1:${slack.port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...slackSignature(body, SECRET) },
    body,
  });
  expect(response.status).toBe(200);
}
const FORM = 'application/x-www-form-urlencoded';

const slash = (text: string, responseId: string, channel = 'C1', team = 'T1', user = 'U1') =>
  slashCommandForm({ text, responseUrl: fake.responseUrl(responseId), team, channel, user });

const buttonPress = (
  actionId: string,
  value: string,
  responseId: string,
  channel: string,
  user = 'U1',
  team = 'T1',
  message: Record<string, unknown> = { ts: '1700000000.000001' },
) =>
  new URLSearchParams({
    payload: JSON.stringify({
      type: 'block_actions',
      user: { id: user, username: 'ada', team_id: team },
      team: { id: team, domain: 'fake' },
      api_app_id: 'A1',
      token: 'x',
      container: { type: 'message', message_ts: message.ts, channel_id: channel, is_ephemeral: false },
      channel: { id: channel, name: 'ml' },
      message: { type: 'message', text: 'x', ...message },
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

const responsesTo = (id: string) => fake.responses.filter((r) => r.id === id).map((r) => r.body);
const sharedIn = (channel: string) => fake.uploads.filter((u) => u.completed && u.channel === channel);
const privateUploads = () => fake.uploads.filter((u) => u.completed && u.channel === undefined);
const imageBlocks = (call: ApiCall) => ((call.params.blocks as SlackBlock[] | undefined) ?? []).filter((b) => b.type === 'image');
const postsTo = (channel: string) => fake.callsTo('chat.postMessage').filter((c) => c.params.channel === channel);

/** The upload is the comparison: a PNG of the expected size, not blank, with the three methods' colours. */
function expectChart(upload: FakeUpload | undefined, model = 'llama-3.1-70b'): void {
  expect(upload).toBeDefined();
  const u = upload as FakeUpload;
  expect(u.completed).toBe(true);
  expect(u.filename).toBe(`ftcost-compare-${model}.png`);
  expect(u.data?.length).toBe(u.length);
  expect(u.length).toBeLessThan(200_000);
  expect(u.altText).toMatch(/^Chart of cost per run and GPU memory/);
  expect(u.title).toMatch(/full fine-tuning vs LoRA vs QLoRA/);
  expectComparisonPng(u.data as Buffer);
}

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
    chartRetryMs: RETRY_MS,
  });
});
afterAll(async () => {
  await slack.stop();
  await fake.close();
  await store.close();
});
beforeEach(() => {
  fake.handlers = {};
  fake.fileReadyMs = 0;
});

describe('the comparison chart beside Slack answers (files.uploadV2)', () => {
  it('/ftcost compare: the answer through response_url, then the PNG uploaded to the channel (getUploadURLExternal → bytes → completeUploadExternal)', async () => {
    await post(slash('compare 70b 10k 3', 'cmp1', 'CCHART'), FORM);
    await until(() => sharedIn('CCHART').length === 1, 'the chart upload');
    const answer = responsesTo('cmp1');
    expect(answer).toHaveLength(1);
    expect(answer[0]!.response_type).toBe('in_channel');
    expect(String(answer[0]!.text)).toContain('Full vs LoRA vs QLoRA');
    const upload = sharedIn('CCHART')[0];
    expectChart(upload);
    expect(upload!.threadTs).toBeUndefined();
    // The three steps of files.uploadV2, with the bot token.
    const get = fake.callsTo('files.getUploadURLExternal').find((c) => c.params.filename === upload!.filename)!;
    expect(Number(get.params.length)).toBe(upload!.length);
    expect(get.authorization).toBe(`Bearer ${TOKEN}`);
    const complete = fake.callsTo('files.completeUploadExternal').find((c) => c.params.channel_id === 'CCHART')!;
    expect(complete.params.files).toEqual([{ id: upload!.id, title: upload!.title }]);
    // The chart's figures are the engine's.
    const c = cmp({ model: '70b', examples: 10_000, epochs: 3 });
    expect(upload!.altText).toContain(usdRange(c.rows[0]!.cost.perRunUsd));
  });

  it('an estimate (one method) has no chart and uploads nothing', async () => {
    const before = fake.uploads.length;
    await post(slash('qlora 70b 10k 3', 'est1', 'CCHART'), FORM);
    await until(() => responsesTo('est1').length === 1, 'the answer');
    await sleep(300);
    expect(fake.uploads.length).toBe(before);
  });

  it('a mention: the chart goes into the answer\u2019s thread', async () => {
    await post(
      eventBody('EvChart1', {
        type: 'app_mention',
        user: 'U1',
        text: '<@UBOT> compare 8b 50k 2',
        ts: '1700000300.000100',
        channel: 'CMENTION',
        event_ts: '1700000300.000100',
      }),
      'application/json',
    );
    await until(() => sharedIn('CMENTION').length === 1, 'the chart in the thread');
    expect(postsTo('CMENTION')[0]!.params.thread_ts).toBe('1700000300.000100');
    const upload = sharedIn('CMENTION')[0]!;
    expect(upload.threadTs).toBe('1700000300.000100');
    expectChart(upload, 'llama-3.1-8b');
  });

  it('a direct message: the chart goes to the DM', async () => {
    await post(
      eventBody('EvChartDm', {
        type: 'message',
        channel_type: 'im',
        user: 'U1',
        text: 'compare 70b 10k 3',
        ts: '1700000301.000100',
        channel: 'DCHART',
      }),
      'application/json',
    );
    await until(() => sharedIn('DCHART').length === 1, 'the chart in the DM');
    expect(sharedIn('DCHART')[0]!.threadTs).toBeUndefined();
  });

  it('the "compare all methods" button: the chart follows the comparison; in a thread when the pressed message is a reply in one', async () => {
    await post(
      buttonPress('ftcost_compare', 'm=qlora;o=llama-3.1-70b;e=10000;p=3', 'btn1', 'CBUTTON', 'U1', 'T1', {
        ts: '1700000400.000200',
        thread_ts: '1700000400.000100',
      }),
      FORM,
    );
    await until(() => sharedIn('CBUTTON').length === 1, 'the chart');
    expect(String(responsesTo('btn1')[0]!.text)).toContain('Full vs LoRA vs QLoRA');
    expect(sharedIn('CBUTTON')[0]!.threadTs).toBe('1700000400.000100');
  });

  it('without files:write the answer stands, the asker is told once how to fix it, and the warning carries no token', async () => {
    fake.handlers['files.getUploadURLExternal'] = () => ({
      body: { ok: false, error: 'missing_scope', needed: 'files:write', provided: 'commands,chat:write' },
    });
    await post(slash('compare 70b 10k 3', 'scope1', 'CSCOPE', 'T2'), FORM);
    await until(() => responsesTo('scope1').length === 2, 'the answer and the hint');
    const [answer, hint] = responsesTo('scope1');
    expect(answer!.response_type).toBe('in_channel');
    expect(String(answer!.text)).toContain('Full vs LoRA vs QLoRA');
    expect(hint!.response_type).toBe('ephemeral');
    expect(JSON.stringify(hint!.blocks)).toContain('files:write');
    expect(JSON.stringify(hint!.blocks)).toMatch(/reinstall/);
    checkSlack(hint as never);
    const warning = logs.find((l) => l.includes('slack chart upload failed') && l.includes('missing_scope'));
    expect(warning).toBeDefined();
    expect(logs.join('\n')).not.toContain(TOKEN);

    // The next answer in that workspace is not followed by the same hint again.
    await post(slash('compare 8b 10k 3', 'scope2', 'CSCOPE2', 'T2'), FORM);
    await until(() => responsesTo('scope2').length === 1, 'the second answer');
    await sleep(400);
    expect(responsesTo('scope2')).toHaveLength(1);
  });

  it('a mention in a channel the bot was not invited to: the answer stands and the hint (ephemeral, in the thread) says /invite', async () => {
    fake.handlers['files.completeUploadExternal'] = () => ({ body: { ok: false, error: 'not_in_channel' } });
    await post(
      eventBody('EvChartInvite', {
        type: 'app_mention',
        user: 'U5',
        text: '<@UBOT> compare 70b 10k 3',
        ts: '1700000500.000100',
        channel: 'CNOTIN',
      }),
      'application/json',
    );
    await until(() => fake.callsTo('chat.postEphemeral').some((c) => c.params.channel === 'CNOTIN'), 'the hint');
    expect(postsTo('CNOTIN')).toHaveLength(1);
    const hint = fake.callsTo('chat.postEphemeral').find((c) => c.params.channel === 'CNOTIN')!.params;
    expect(hint.user).toBe('U5');
    expect(hint.thread_ts).toBe('1700000500.000100');
    expect(JSON.stringify(hint.blocks)).toContain('/invite @ftcost');
  });

  it('the hints: only for what people can fix; once per key in a while', () => {
    expect(chartFailure('missing_scope')?.summary).toContain('files:write');
    expect(chartFailure('channel_not_found')?.summary).toContain('/invite');
    expect(chartFailure('internal_error')).toBeUndefined();
    let t = 0;
    const once = onceEvery(1000, () => t);
    expect(once('a')).toBe(true);
    expect(once('a')).toBe(false);
    expect(once('b')).toBe(true);
    t = 1000;
    expect(once('a')).toBe(true);
  });
});

describe('the chart in the living pin (image block with the uploaded file)', () => {
  it('pin: the chart is uploaded privately and shown by an image block; an update in place uploads a new one and chat.update names it', async () => {
    const privateBefore = privateUploads().length;
    await post(buttonPress('ftcost_pin', 'o=llama-3.1-70b;e=10000;p=3', 'pin1', 'CPINCHART'), FORM);
    await until(() => fake.callsTo('pins.add').some((c) => c.params.channel === 'CPINCHART'), 'pins.add');
    expect(privateUploads().length).toBe(privateBefore + 1);
    const first = privateUploads().at(-1)!;
    expectChart(first);
    expect(sharedIn('CPINCHART')).toHaveLength(0); // nothing posted beside the pin
    const posted = postsTo('CPINCHART');
    expect(posted).toHaveLength(1);
    const [block] = imageBlocks(posted[0]!);
    expect(block).toMatchObject({ type: 'image', slack_file: { id: first.id }, block_id: `ftcost_chart_${first.id}` });
    expect(String(block!.alt_text)).toMatch(/^Chart of cost per run/);
    checkSlack(posted[0]!.params as never);
    // The picture replaces the text chart; the table stays.
    expect(JSON.stringify(posted[0]!.params.blocks)).not.toContain('(low–high)');
    expect(JSON.stringify(posted[0]!.params.blocks)).toContain('Cost per run');
    const ts = fake.callsTo('pins.add').find((c) => c.params.channel === 'CPINCHART')!.params.timestamp;
    expect(ts).toBeTruthy();

    fake.admins.add('UADMIN2');
    await post(buttonPress('ftcost_pin', 'o=llama-3.1-8b;e=50000;p=2', 'pin2', 'CPINCHART', 'UADMIN2'), FORM);
    await until(() => fake.callsTo('chat.update').some((c) => c.params.channel === 'CPINCHART'), 'chat.update');
    const second = privateUploads().at(-1)!;
    expect(second.id).not.toBe(first.id);
    expectChart(second, 'llama-3.1-8b');
    expect(Buffer.compare(second.data!, first.data!)).not.toBe(0);
    const update = fake.callsTo('chat.update').find((c) => c.params.channel === 'CPINCHART')!;
    expect(update.params.ts).toBe(ts);
    const blocks = imageBlocks(update);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ slack_file: { id: second.id }, block_id: `ftcost_chart_${second.id}` });
    expect(JSON.stringify(update.params.blocks)).toContain('Llama 3.1 8B');
    checkSlack(update.params as never);
    expect(fake.callsTo('pins.add').filter((c) => c.params.channel === 'CPINCHART')).toHaveLength(1);
  });

  it('a file Slack has not finished processing (invalid_blocks) is tried again once, after a short wait', async () => {
    fake.fileReadyMs = RETRY_MS / 2;
    await post(buttonPress('ftcost_pin', 'o=llama-3.1-70b;e=10000;p=3', 'pin3', 'CPINSLOW'), FORM);
    await until(() => fake.callsTo('pins.add').some((c) => c.params.channel === 'CPINSLOW'), 'pins.add');
    const posts = postsTo('CPINSLOW');
    expect(posts).toHaveLength(2);
    expect(imageBlocks(posts[0]!)).toHaveLength(1);
    expect(imageBlocks(posts[1]!)).toEqual(imageBlocks(posts[0]!));
    await until(() => responsesTo('pin3').length === 1, 'the confirmation');
    await sleep(200);
    expect(sharedIn('CPINSLOW')).toHaveLength(0);
    // The asker is told privately that it worked, and nothing more.
    expect(responsesTo('pin3')).toHaveLength(1);
    expect(JSON.stringify(responsesTo('pin3')[0]!.blocks)).toContain('Comparison pinned');
  });

  it('refused twice: the pin goes without the image block and the chart is shared in its thread', async () => {
    fake.fileReadyMs = 60_000;
    await post(buttonPress('ftcost_pin', 'o=llama-3.1-70b;e=10000;p=3', 'pin4', 'CPINREFUSED'), FORM);
    await until(() => sharedIn('CPINREFUSED').length === 1, 'the chart in the thread');
    const posts = postsTo('CPINREFUSED');
    expect(posts).toHaveLength(3);
    expect(imageBlocks(posts[2]!)).toHaveLength(0);
    const ts = fake.callsTo('pins.add').find((c) => c.params.channel === 'CPINREFUSED')!.params.timestamp;
    expect(sharedIn('CPINREFUSED')[0]!.threadTs).toBe(ts);
    expectChart(sharedIn('CPINREFUSED')[0]);
    expect(logs.some((l) => l.includes('slack refused the chart in the pinned message'))).toBe(true);
  });

  it('without files:write the comparison is pinned without its chart, and the asker is told how to fix it', async () => {
    fake.handlers['files.getUploadURLExternal'] = () => ({
      body: { ok: false, error: 'missing_scope', needed: 'files:write', provided: 'commands,chat:write' },
    });
    await post(buttonPress('ftcost_pin', 'o=llama-3.1-70b;e=10000;p=3', 'pin5', 'CPINSCOPE', 'U1', 'T3'), FORM);
    await until(() => responsesTo('pin5').length === 1, 'the hint');
    expect(fake.callsTo('pins.add').some((c) => c.params.channel === 'CPINSCOPE')).toBe(true);
    expect(imageBlocks(postsTo('CPINSCOPE')[0]!)).toHaveLength(0);
    expect(JSON.stringify(postsTo('CPINSCOPE')[0]!.params.blocks)).toContain('(low–high)'); // the text chart stays
    // One private message: pinned, and how to get the chart into it.
    const hint = responsesTo('pin5')[0]!;
    expect(hint.response_type).toBe('ephemeral');
    expect(JSON.stringify(hint.blocks)).toContain('Comparison pinned');
    expect(JSON.stringify(hint.blocks)).toContain('files:write');
    await sleep(100);
    expect(responsesTo('pin5')).toHaveLength(1);
  });
});
