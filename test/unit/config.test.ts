import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('environment → typed config', () => {
  it('works with nothing set: SQLite store under ./data, port 3000, no chat credentials', () => {
    const r = loadConfig({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.storeUrl).toBe('sqlite://data/ftcost.sqlite');
    expect(r.config.port).toBe(3000);
    expect(r.config.slack).toEqual({});
    expect(r.config.discord).toEqual({});
    expect(r.config.openai.apiKey).toBeUndefined();
  });

  it('reads every documented variable; empty strings count as unset', () => {
    const r = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      PORT: '8080',
      DISCORD_TOKEN: 't',
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_GUILD_ID: '',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      OPENAI_MODEL: 'llama3',
      LLM_TIMEOUT_MS: '2500',
      STORE_URL: 'redis://127.0.0.1:6379',
      LOG_LEVEL: 'debug',
      FTCOST_PRICES: 'prices.json',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config).toMatchObject({
      slack: { botToken: 'xoxb-1', appToken: 'xapp-1', apiUrl: 'http://127.0.0.1:9/api/' },
      port: 8080,
      discord: { token: 't', applicationId: '123456789012345678' },
      openai: { baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3', timeoutMs: 2500 },
      storeUrl: 'redis://127.0.0.1:6379',
      logLevel: 'debug',
      pricesFile: 'prices.json',
    });
    expect(r.config.discord.guildId).toBeUndefined();
  });

  it('one line per bad variable, naming it and what is accepted, never its value', () => {
    const r = loadConfig({
      PORT: '70000',
      STORE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
      SLACK_API_URL: 'not a url',
      DISCORD_APPLICATION_ID: 'abc',
      LLM_TIMEOUT_MS: '-1',
      SLACK_APP_TOKEN: 'xoxb-should-be-xapp',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([
        'PORT: must be a whole number from 1 to 65535',
        'STORE_URL: must be memory://, sqlite://<path> or redis://host:port',
        'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent',
        'SLACK_API_URL: must be an http(s) URL',
        'DISCORD_APPLICATION_ID: must be a Discord snowflake (digits)',
        'LLM_TIMEOUT_MS: must be a whole number from 100 to 120000',
        'SLACK_APP_TOKEN: must start with xapp- (an app-level token)',
      ]),
    );
    expect(r.errors).toHaveLength(7);
    expect(r.errors.join('\n')).not.toContain('xoxb-should-be-xapp');
  });
});
