import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IDS, startFakeDiscord } from '../support/fake-discord.js';
import { startFakeSlack, slackSignature, slashCommandForm, type FakeSlack } from '../support/fake-slack.js';
import { freePort, listening, runNode, sleep, until, type RunningProcess } from '../support/processes.js';
import { REDIS_URL, redisReachable } from '../support/redis.js';
import { readRedisValue, readSqliteValue } from '../support/store-files.js';

const redisUp = await redisReachable();
if (!redisUp) console.warn(`[shutdown] no Redis at ${REDIS_URL}: the SIGTERM test on Redis is skipped`);

const SECRET = 'shutdown-signing-secret-0123';
const children: RunningProcess[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const c of children) c.child.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function startBot(fake: FakeSlack, storeUrl: string, env: Record<string, string> = {}) {
  const port = await freePort();
  const proc = runNode('dist/src/main.js', {
    SLACK_BOT_TOKEN: 'xoxb-shutdown',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: String(port),
    STORE_URL: storeUrl,
    LOG_LEVEL: 'info',
    ...env,
  });
  children.push(proc);
  await until(() => listening(port), 'the bot to listen', 20_000);
  return { proc, port };
}

const command = (port: number, o: { text: string; id: string; team: string; channel: string; user: string }) => {
  const body = slashCommandForm({
    text: o.text,
    responseUrl: `${fakeOrigin}/respond/${o.id}`,
    team: o.team,
    channel: o.channel,
    user: o.user,
  });
  return fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(body, SECRET) },
    body,
  }).then((r) => r.status);
};
let fakeOrigin = '';

/**
 * 50 slash commands acknowledged, SIGTERM while they are all in flight (Slack answers each call
 * after 250 ms, so each command takes a second or more): every one is answered, every settings
 * change confirmed to an admin is in the store, new requests get 503, and the exit status is 0.
 */
async function sigtermWith50InFlight(storeUrl: string, read: (key: string) => Promise<unknown>) {
  const fake = await startFakeSlack();
  fakeOrigin = fake.origin;
  const { proc, port } = await startBot(fake, storeUrl);
  fake.delayMs = 250;
  const team = `T${Date.now().toString(36).toUpperCase()}`;
  const commands = Array.from({ length: 50 }, (_, i) => {
    const settings = i % 5 === 0;
    if (settings) fake.admins.add(`UADMIN${i}`); // one admin each: the per-user cool-down allows 6 at once
    return {
      id: `r${i}`,
      team,
      channel: `C${i}`,
      user: settings ? `UADMIN${i}` : `U${i}`,
      text: settings ? `set engineering rate to $${100 + i}` : ['qlora 70b 10k 3', 'lora 8b 20k 2', 'should we use LoRA?'][i % 3]!,
      rate: settings ? 100 + i : undefined,
    };
  });
  const statuses = await Promise.all(commands.map((c) => command(port, c)));
  expect(statuses.every((s) => s === 200)).toBe(true); // all 50 acknowledged
  proc.child.kill('SIGTERM');
  await until(() => proc.output().includes('shutting down'), 'the shutdown to start');
  expect(await command(port, { text: 'qlora 70b 10k 3', id: 'late', team, channel: 'C99', user: 'ULATE' })).toBe(503);
  expect(await proc.exit).toBe(0);
  expect(proc.output()).toContain('shutdown complete');

  const answered = new Set(fake.responses.map((r) => r.id));
  expect(commands.filter((c) => !answered.has(c.id)).map((c) => c.id)).toEqual([]);
  expect(answered.has('late')).toBe(false);
  for (const c of commands.filter((c) => c.rate !== undefined)) {
    const reply = JSON.stringify(fake.responses.find((r) => r.id === c.id)?.body);
    expect(reply).toContain(`$${c.rate}/h`); // the admin was told it changed …
    expect(await read(`settings:slack:${team}:${c.channel}`)).toMatchObject({ hourlyRate: c.rate }); // … and it is in the store
  }
  await fake.close();
}

describe('SIGTERM with 50 slash commands in flight (the built program against the fake Slack)', () => {
  it('SQLite: every acknowledged command is answered and every confirmed setting is in the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftcost-shutdown-'));
    dirs.push(dir);
    const file = join(dir, 'state.sqlite');
    await sigtermWith50InFlight(`sqlite://${file}`, (key) => readSqliteValue(file, key));
  }, 40_000);

  it.skipIf(!redisUp)(
    'Redis: the same',
    async () => {
      const url = `${REDIS_URL.replace(/\/\d*$/, '')}/7`;
      await sigtermWith50InFlight(url, (key) => readRedisValue(url, key));
    },
    40_000,
  );

  it('past SHUTDOWN_DEADLINE_MS: exits 1 with one log line naming what was abandoned', async () => {
    const fake = await startFakeSlack();
    fakeOrigin = fake.origin;
    const { proc, port } = await startBot(fake, 'memory://', { SHUTDOWN_DEADLINE_MS: '300' });
    fake.delayMs = 5000;
    expect(await command(port, { text: 'qlora 70b 10k 3', id: 'slow', team: 'T1', channel: 'CSLOW', user: 'U1' })).toBe(200);
    proc.child.kill('SIGTERM');
    expect(await proc.exit).toBe(1);
    const line = proc
      .output()
      .split('\n')
      .find((l) => l.includes('shutdown abandoned work'));
    expect(line).toBeDefined();
    expect(line).toContain('slack /ftcost in CSLOW by U1');
    fake.delayMs = 0;
    await fake.close();
  }, 20_000);

  it('Discord: the gateway closes at once; work in flight still finishes, REST calls made after the signal included', async () => {
    const fake = await startFakeDiscord();
    const proc = runNode('dist/src/main.js', { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, STORE_URL: 'memory://' });
    children.push(proc);
    await fake.waitFor(() => fake.openSockets() === 1 && fake.identifies.length === 1, 'the login', 15_000);
    await sleep(200);
    fake.delayMs = 600; // every REST answer takes 600 ms: the pin (after the post) is asked for after the signal
    const token = await fake.slash('estimate', { method: 'lora', model: '8b', examples: '20k', epochs: '2' });
    await fake.message(`<@${IDS.app}> pin compare 70b 10k 3`, { mentionBot: true });
    await fake.waitFor(() => fake.calls.some((c) => c.method === 'POST' && c.path === `/channels/${IDS.channel}/messages`), 'the post');
    proc.child.kill('SIGTERM');
    await fake.waitFor(() => fake.openSockets() === 0, 'the gateway to close', 5000);
    expect(await proc.exit).toBe(0);
    expect(fake.callsFor(token).some((c) => c.body?.type === 4 || c.path.endsWith('/messages/@original'))).toBe(true);
    const pins = fake.calls.filter((c) => c.method === 'PUT' && c.path.includes('/pins'));
    expect(pins.map((c) => c.authorization)).toEqual([`Bot ${fake.token}`]);
    expect([...fake.messages.values()].filter((m) => m.pinned)).toHaveLength(1);
    fake.delayMs = 0;
    await fake.close();
  }, 30_000);
});
