import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS, startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';
import { runNode, type RunningProcess } from '../support/processes.js';

let fake: FakeDiscord;
const children: RunningProcess[] = [];
const run = (file: string, env: Record<string, string>): RunningProcess => {
  const proc = runNode(file, { STORE_URL: 'memory://', ...env });
  children.push(proc);
  return proc;
};

beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(async () => {
  for (const c of children) c.child.kill('SIGKILL');
  await fake.close();
});

describe('npm start with DISCORD_TOKEN (the built program against the fake Discord)', () => {
  it('logs in, answers /ftcost, never prints the token, and stops cleanly on SIGTERM', async () => {
    const app = run('dist/src/main.js', { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: 'debug' });
    await fake.waitFor(() => fake.openSockets() === 1 && fake.identifies.length === 1, 'the login', 15_000);
    await new Promise((r) => setTimeout(r, 200));
    const token = await fake.slash('estimate', { method: 'lora', model: '8b', examples: '20k', epochs: '2' });
    await fake.waitFor(() => fake.callsFor(token).some((c) => c.body?.type === 4), 'the answer', 10_000);
    const answer = fake.callsFor(token).find((c) => c.body?.type === 4)!;
    expect(JSON.stringify(answer.body)).toContain('Llama 3.1 8B');
    app.child.kill('SIGTERM');
    expect(await app.exit).toBe(0);
    expect(app.output()).toContain('discord bot ready');
    expect(app.output()).not.toContain(fake.token);
  });

  it('a wrong token ends with a clear message, not a stack trace', async () => {
    const app = run('dist/src/main.js', { DISCORD_TOKEN: 'not-the-token', DISCORD_API_URL: fake.apiUrl });
    expect(await app.exit).toBe(1);
    expect(app.output()).toMatch(/Discord login failed.*DISCORD_TOKEN/s);
    expect(app.output()).not.toContain('not-the-token');
  });
});

describe('npm run deploy:discord', () => {
  it('registers the commands in the given server and prints the invite link', async () => {
    const deploy = run('scripts/deploy-discord-commands.mjs', {
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: IDS.app,
      DISCORD_GUILD_ID: IDS.guild,
      DISCORD_API_URL: fake.apiUrl,
    });
    expect(await deploy.exit).toBe(0);
    expect(deploy.output()).toContain(
      'Registered /ftcost estimate, /ftcost compare, /ftcost recommend, /ftcost pin, /ftcost ask, /ftcost help',
    );
    expect(deploy.output()).toContain(`client_id=${IDS.app}&scope=bot%20applications.commands&permissions=`);
    const put = fake.calls.filter((c) => c.method === 'PUT' && c.path === `/applications/${IDS.app}/guilds/${IDS.guild}/commands`).at(-1)!;
    const [root] = put.body as unknown as Array<{
      name: string;
      options: Array<{ name: string; options: Array<{ name: string; type: number; autocomplete?: boolean; choices?: unknown[] }> }>;
    }>;
    expect(root!.name).toBe('ftcost');
    const estimate = root!.options.find((o) => o.name === 'estimate')!;
    expect(estimate.options.find((o) => o.name === 'method')!.choices).toHaveLength(3);
    expect(estimate.options.find((o) => o.name === 'model')!.autocomplete).toBe(true);
    expect(estimate.options.find((o) => o.name === 'examples')!.type).toBe(3);
  });

  it('without credentials it says which variables to set', async () => {
    const deploy = run('scripts/deploy-discord-commands.mjs', {});
    expect(await deploy.exit).toBe(2);
    expect(deploy.output()).toMatch(/DISCORD_TOKEN and DISCORD_APPLICATION_ID/);
  });
});
