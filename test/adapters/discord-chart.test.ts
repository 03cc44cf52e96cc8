import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDiscordBot, type RunningDiscordBot } from '../../src/adapters/discord/client.js';
import { messageOptions, prepare } from '../../src/adapters/discord/conversation.js';
import { createBot, type Bot } from '../../src/bot/core.js';
import { Cooldown } from '../../src/bot/preconditions.js';
import { usdRange } from '../../src/engine/index.js';
import { createIntentParser } from '../../src/intent/parse.js';
import { createLogger } from '../../src/log.js';
import { renderDiscord, type DiscordMessage } from '../../src/render/discord.js';
import { cachedComparisonPng, PNG_CACHE_SIZE } from '../../src/render/image.js';
import { createStore, type Store } from '../../src/store/index.js';
import { cmp } from '../support/engine.js';
import { IDS, startFakeDiscord, type FakeDiscord, type RestCall } from '../support/fake-discord.js';
import { checkDiscord } from '../support/limits.js';
import { expectComparisonPng } from '../support/png.js';

let fake: FakeDiscord;
let store: Store;
let running: RunningDiscordBot;
let bot: Bot;
const logs: string[] = [];
/** Makes the bot slow on demand, so that it defers first. */
let delayMs = 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pinCalls = (channel: string) =>
  fake.calls.filter((c) => c.method === 'PUT' && c.path.startsWith(`/channels/${channel}/messages/pins/`));
const channelPosts = (channel: string) => fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${channel}/messages`);
const embedOf = (data: Record<string, unknown>) => (data.embeds as Array<Record<string, unknown>>)[0]!;

/** The interaction's answer: the direct reply (callback type 4) or the edit of the deferral. */
async function answerOf(token: string): Promise<{ call: RestCall; data: Record<string, unknown>; via: 'reply' | 'edit' }> {
  await fake.waitFor(() => fake.callsFor(token).some((c) => c.body?.type === 4 || c.method === 'PATCH'), 'the answer');
  const calls = fake.callsFor(token);
  const reply = calls.find((c) => c.body?.type === 4);
  if (reply) return { call: reply, data: reply.body!.data as Record<string, unknown>, via: 'reply' };
  const edit = calls.find((c) => c.method === 'PATCH')!;
  return { call: edit, data: edit.body!, via: 'edit' };
}

/** One uploaded file, referenced by the embed and listed, with its description, in the body's attachments. */
function expectAttached(call: RestCall, data: Record<string, unknown>, fileName: string): void {
  expect(call.files).toHaveLength(1);
  const file = call.files[0]!;
  expect(file.name).toBe('files[0]');
  expect(file.filename).toBe(fileName);
  expect(file.contentType).toBe('image/png');
  expectComparisonPng(file.data);
  expect(embedOf(data).image).toEqual({ url: `attachment://${fileName}` });
  const attachments = data.attachments as Array<{ id: string | number; description?: string }>;
  expect(attachments).toHaveLength(1);
  expect(String(attachments[0]!.id)).toBe('0');
  expect(attachments[0]!.description).toMatch(/^Chart of cost per run and GPU memory/);
  // The picture replaces the text chart; the table stays.
  expect(String(embedOf(data).description)).not.toContain('(low–high)');
  expect(String(embedOf(data).description)).toContain('Cost per run');
}

beforeAll(async () => {
  fake = await startFakeDiscord();
  store = await createStore('memory://');
  const real = createBot({ store, parser: createIntentParser(), cooldown: new Cooldown(1e6, 1e6) });
  bot = {
    ...real,
    handle: async (r) => {
      if (delayMs) await sleep(delayMs);
      return real.handle(r);
    },
  };
  running = await startDiscordBot({
    bot,
    logger: createLogger({ level: 'debug', write: (l) => logs.push(l), secrets: [fake.token] }),
    token: fake.token,
    apiUrl: fake.apiUrl,
    replyWithinMs: 1500,
    readyTimeoutMs: 10_000,
  });
});
afterAll(async () => {
  await running?.stop();
  await fake?.close();
  await store?.close();
});
beforeEach(() => {
  delayMs = 0;
  fake.overrides.length = 0;
});

describe('the comparison chart attached to Discord messages', () => {
  it('/ftcost compare: the reply carries the PNG, shown inside the embed (attachment://…)', async () => {
    const token = await fake.slash('compare', { model: '70b', examples: '10k', epochs: '3' });
    const { call, data, via } = await answerOf(token);
    expect(via).toBe('reply');
    expectAttached(call, data, 'ftcost-compare-llama-3.1-70b.png');
    checkDiscord({ ...(data as unknown as DiscordMessage), allowed_mentions: { parse: [] } });
    const c = cmp({ model: '70b', examples: 10_000, epochs: 3 });
    for (const e of c.rows) expect(JSON.stringify(data.embeds)).toContain(usdRange(e.cost.perRunUsd));
    const stored = [...fake.messages.values()].find(
      (m) => m.webhook_id && m.attachments[0]?.filename === 'ftcost-compare-llama-3.1-70b.png',
    )!;
    expect(stored.attachments).toHaveLength(1);
    expect(stored.attachments[0]!.description).toMatch(/^Chart of cost per run/);
  });

  it('a slow answer is deferred first, then the deferral is edited with the embed and the PNG', async () => {
    delayMs = 1700;
    const token = await fake.slash('compare', { model: '8b', examples: '50k', epochs: '2' });
    const { call, data, via } = await answerOf(token);
    expect(via).toBe('edit');
    const calls = fake.callsFor(token);
    const defer = calls.find((c) => c.body?.type === 5)!;
    expect(defer).toBeDefined();
    expect(defer.at - calls[0]!.at).toBeLessThan(3000);
    expectAttached(call, data, 'ftcost-compare-llama-3.1-8b.png');
  });

  it('an estimate, a refusal and help carry no file', async () => {
    for (const [sub, options] of [
      ['estimate', { method: 'qlora', model: '70b' }],
      ['help', {}],
      ['estimate', { method: 'qlora', model: 'gpt-9000' }],
    ] as const) {
      const token = await fake.slash(sub, options);
      const { call, data } = await answerOf(token);
      expect(call.files).toHaveLength(0);
      expect(embedOf(data).image).toBeUndefined();
    }
  });

  it('a mention asking for a comparison: the reply carries the PNG', async () => {
    const before = channelPosts(IDS.otherChannel).length;
    await fake.message(`<@${IDS.app}> compare 70b 10k 3`, { mentionBot: true, channel: IDS.otherChannel });
    await fake.waitFor(() => channelPosts(IDS.otherChannel).length === before + 1, 'the reply');
    const reply = channelPosts(IDS.otherChannel).at(-1)!;
    expect(reply.body!.message_reference).toMatchObject({ message_id: expect.any(String) });
    expectAttached(reply, reply.body!, 'ftcost-compare-llama-3.1-70b.png');
  });

  it('the pinned comparison has the chart; a second pin (edited in place) has exactly one attachment, the new one', async () => {
    const token = await fake.slash('pin', { model: '70b', examples: '10k', epochs: '3' });
    await answerOf(token);
    await fake.waitFor(() => pinCalls(IDS.channel).length === 1, 'the pin');
    const pinnedId = pinCalls(IDS.channel)[0]!.path.split('/').at(-1)!;
    const post = channelPosts(IDS.channel).at(-1)!;
    expectAttached(post, post.body!, 'ftcost-compare-llama-3.1-70b.png');
    expect(post.body!.attachments).toEqual([
      { id: 0, filename: 'ftcost-compare-llama-3.1-70b.png', description: expect.stringMatching(/^Chart of cost per run/) },
    ]);
    const pinned = fake.messages.get(pinnedId)!;
    expect(pinned.pinned).toBe(true);
    expect(pinned.attachments).toHaveLength(1);
    const first = pinned.attachments[0]!;
    expectComparisonPng(first.data);
    expect((pinned.embeds[0] as { image?: { url: string } }).image?.url).toBe('attachment://ftcost-compare-llama-3.1-70b.png');

    const again = await fake.slash('pin', { model: '8b', examples: '50k', epochs: '2' }, { user: IDS.admin, admin: true });
    await answerOf(again);
    await fake.waitFor(() => pinned.edits === 1, 'the edit in place');
    const edit = fake.calls.find((c) => c.method === 'PATCH' && c.path === `/channels/${IDS.channel}/messages/${pinnedId}`)!;
    expectAttached(edit, edit.body!, 'ftcost-compare-llama-3.1-8b.png');
    // Only the new chart is listed: the old attachment goes.
    expect(edit.body!.attachments).toEqual([{ id: 0, filename: 'ftcost-compare-llama-3.1-8b.png', description: expect.any(String) }]);
    expect(pinned.attachments).toHaveLength(1);
    expect(pinned.attachments[0]!.id).not.toBe(first.id);
    expect(pinned.attachments[0]!.filename).toBe('ftcost-compare-llama-3.1-8b.png');
    expect(Buffer.compare(pinned.attachments[0]!.data!, first.data!)).not.toBe(0);
    expect((pinned.embeds[0] as { image?: { url: string } }).image?.url).toBe('attachment://ftcost-compare-llama-3.1-8b.png');
    expect(pinCalls(IDS.channel)).toHaveLength(1);
  });

  it('without Attach Files in a channel, the answer and the pin go without the chart, and the pinner is told', async () => {
    // Discord refuses a message with a file when the bot may not attach files there.
    fake.overrides.push((call) =>
      call.method === 'POST' && call.path === `/channels/${IDS.thread}/messages` && call.files.length
        ? { status: 403, body: { message: 'Missing Permissions', code: 50013 } }
        : undefined,
    );
    const before = channelPosts(IDS.thread).length;
    await fake.message(`<@${IDS.app}> compare 70b 10k 3`, { mentionBot: true, channel: IDS.thread });
    await fake.waitFor(() => channelPosts(IDS.thread).length === before + 2, 'the reply without the chart');
    const [refused, sent] = channelPosts(IDS.thread).slice(-2);
    expect(refused!.files).toHaveLength(1);
    expect(sent!.files).toHaveLength(0);
    expect(embedOf(sent!.body!).image).toBeUndefined();
    expect(sent!.body!.attachments).toBeUndefined();
    expect(String(embedOf(sent!.body!).description)).toContain('(low–high)'); // the text chart instead

    const token = await fake.slash('pin', { model: '70b', examples: '10k', epochs: '3' }, { channel: IDS.thread });
    const { data } = await answerOf(token);
    await fake.waitFor(() => pinCalls(IDS.thread).length === 1, 'the pin');
    const pinned = fake.messages.get(pinCalls(IDS.thread)[0]!.path.split('/').at(-1)!)!;
    expect(pinned.attachments).toHaveLength(0);
    expect(Number(data.flags) & 64).toBe(64);
    expect(JSON.stringify(data.embeds)).toContain('Attach Files');
    expect(logs.some((l) => l.includes('discord refused the chart'))).toBe(true);
  });

  it('never logs the bot token', () => {
    expect(logs.join('\n')).not.toContain(fake.token);
  });
});

describe('preparing a message with the chart', () => {
  const compareReply = () =>
    bot.handle({ platform: 'discord', workspace: 'g', channel: 'c-prepare', user: 'u', text: 'compare 70b 10k 3' });

  it('the bots\u2019 PNG cache draws a picture once, shares it between concurrent requests, and keeps the last few', async () => {
    const image = (await compareReply()).image!;
    const a = cachedComparisonPng(image);
    const b = cachedComparisonPng({ ...image });
    expect(b).toBe(a);
    expectComparisonPng(await a);
    const others = Array.from({ length: PNG_CACHE_SIZE }, (_, i) => cachedComparisonPng({ ...image, title: `other ${i}` }));
    const again = cachedComparisonPng(image);
    expect(again).not.toBe(a); // dropped as the least recently used
    await Promise.all([...others, again]);
  });

  it('a chart that cannot be drawn leaves the message without attachment and with its text chart', async () => {
    const reply = await compareReply();
    const prepared = prepare({ reply }); // the core could not draw it: no PNG
    expect(prepared.png).toBeUndefined();
    expect(prepared.message).toEqual(renderDiscord(reply));
    expect(prepared.message.attachments).toBeUndefined();
    expect(prepared.message.embeds[0]!.description).toContain('(low–high)');
  });

  it('a chart over Discord\u2019s file size is left out', async () => {
    const reply = await compareReply();
    const prepared = prepare({ reply, png: Buffer.alloc(26 * 1024 * 1024) });
    expect(prepared.png).toBeUndefined();
    expect(prepared.message.attachments).toBeUndefined();
  });

  it('an ephemeral reply never carries the chart, and an embed never points at an attachment that is not sent', async () => {
    const reply = await compareReply();
    const prepared = prepare({ reply: { ...reply, ephemeral: true }, png: Buffer.from('png') });
    expect(prepared.png).toBeUndefined();
    const withChart = renderDiscord(reply, { attachChart: true });
    expect(withChart.embeds[0]!.image?.url).toMatch(/^attachment:\/\//);
    const options = messageOptions(withChart, { ephemeral: false });
    expect(options.embeds[0]).not.toHaveProperty('image');
    expect(options).not.toHaveProperty('files');
    const sent = messageOptions(withChart, { ephemeral: false, png: Buffer.from('png') });
    expect(sent.files).toEqual([
      { attachment: Buffer.from('png'), name: 'ftcost-compare-llama-3.1-70b.png', description: withChart.attachments![0]!.description },
    ]);
  });
});
