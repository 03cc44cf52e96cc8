import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const url = () => optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), 'must be an http(s) URL');

const intIn = (min: number, max: number) =>
  optionalText.refine(
    (v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max),
    `must be a whole number from ${min} to ${max}`,
  );

/** The environment ftcost reads (documented in .env.example). */
const EnvSchema = z.object({
  SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xoxb-'), 'must start with xoxb- (a bot token)'),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), 'must start with xapp- (an app-level token)'),
  SLACK_API_URL: url(),
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText.refine((v) => v === undefined || v.length >= 16, 'must be at least 16 characters'),
  PORT: intIn(1, 65535),
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText.refine((v) => v === undefined || /^\d{15,22}$/.test(v), 'must be a Discord snowflake (digits)'),
  DISCORD_GUILD_ID: optionalText.refine((v) => v === undefined || /^\d{15,22}$/.test(v), 'must be a Discord snowflake (digits)'),
  DISCORD_API_URL: url(),
  DISCORD_ADMIN_ROLE: optionalText.refine(
    (v) => v === undefined || v.length <= 100,
    'must be a role id or a role name (at most 100 characters)',
  ),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: url(),
  OPENAI_MODEL: optionalText,
  LLM_TIMEOUT_MS: intIn(100, 120_000),
  OPENAI_TEMPERATURE: optionalText.refine(
    (v) => v === undefined || (/^\d+(\.\d+)?$/.test(v) && Number(v) <= 2),
    'must be a number from 0 to 2',
  ),
  STORE_URL: optionalText.refine(
    (v) => v === undefined || /^(memory:\/\/|sqlite:\/\/.+|redis:\/\/.+|rediss:\/\/.+)$/.test(v),
    'must be memory://, sqlite://<path> or redis://host:port',
  ),
  LOG_LEVEL: optionalText.refine(
    (v) => v === undefined || ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(v),
    'must be one of fatal, error, warn, info, debug, trace, silent',
  ),
  FTCOST_PRICES: optionalText,
  SHUTDOWN_DEADLINE_MS: intIn(0, 600_000),
  STORE_CONNECT_TIMEOUT_MS: intIn(0, 600_000),
  HF_ENDPOINT: url(),
  HF_TOKEN: optionalText.refine((v) => v === undefined || /^hf_\S+$/.test(v), 'must start with hf_ (a Hugging Face access token)'),
  HF_TIMEOUT_MS: intIn(100, 120_000),
  HF_HUB_OFFLINE: optionalText.refine(
    (v) => v === undefined || /^(0|1|true|false|yes|no)$/i.test(v),
    'must be 1 or 0 (true/false, yes/no)',
  ),
  FTCOST_CACHE_DIR: optionalText,
});

export interface Config {
  slack: {
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    clientId?: string;
    clientSecret?: string;
    stateSecret?: string;
  };
  port: number;
  discord: { token?: string; applicationId?: string; guildId?: string; apiUrl?: string; adminRole?: string };
  /** `temperature` is sent only when OPENAI_TEMPERATURE is set: reasoning models refuse any but their default. */
  openai: { apiKey?: string; baseUrl?: string; model: string; timeoutMs: number; temperature?: number };
  storeUrl: string;
  /** How long start-up waits for the store before running degraded (not ready) from memory. */
  storeConnectTimeoutMs: number;
  /** How long work in flight may take to finish after SIGTERM or SIGINT. */
  shutdownDeadlineMs: number;
  logLevel: string;
  pricesFile?: string;
  /** Reading models from the Hugging Face Hub (src/hub). */
  hub: { endpoint: string; token?: string; timeoutMs: number; offline: boolean; cacheDir?: string };
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

/** Reads the environment; every bad variable yields one line naming it and what is accepted. Never echoes a value. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ConfigResult {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`);
    return { ok: false, errors: [...new Set(errors)] };
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.SLACK_BOT_TOKEN && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET)
    problems.push('SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
  if (e.SLACK_APP_TOKEN && !e.SLACK_BOT_TOKEN && !e.SLACK_CLIENT_ID)
    problems.push('SLACK_BOT_TOKEN: required with SLACK_APP_TOKEN (Socket Mode)');
  const oauth = [e.SLACK_CLIENT_ID, e.SLACK_CLIENT_SECRET, e.SLACK_STATE_SECRET].filter(Boolean).length;
  if (oauth > 0 && oauth < 3)
    problems.push('SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET: set all three for the OAuth install flow, or none');
  if (oauth === 3 && !e.SLACK_SIGNING_SECRET) problems.push('SLACK_SIGNING_SECRET: required with the OAuth install flow');
  if (problems.length) return { ok: false, errors: problems };
  const drop = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return {
    ok: true,
    config: {
      slack: drop({
        botToken: e.SLACK_BOT_TOKEN,
        signingSecret: e.SLACK_SIGNING_SECRET,
        appToken: e.SLACK_APP_TOKEN,
        apiUrl: e.SLACK_API_URL,
        clientId: e.SLACK_CLIENT_ID,
        clientSecret: e.SLACK_CLIENT_SECRET,
        stateSecret: e.SLACK_STATE_SECRET,
      }),
      port: e.PORT ? Number(e.PORT) : 3000,
      discord: drop({
        token: e.DISCORD_TOKEN,
        applicationId: e.DISCORD_APPLICATION_ID,
        guildId: e.DISCORD_GUILD_ID,
        apiUrl: e.DISCORD_API_URL,
        adminRole: e.DISCORD_ADMIN_ROLE,
      }),
      openai: {
        ...drop({ apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL }),
        model: e.OPENAI_MODEL ?? 'gpt-4o-mini',
        timeoutMs: e.LLM_TIMEOUT_MS ? Number(e.LLM_TIMEOUT_MS) : 4000,
        ...(e.OPENAI_TEMPERATURE ? { temperature: Number(e.OPENAI_TEMPERATURE) } : {}),
      },
      storeUrl: e.STORE_URL ?? 'sqlite://data/ftcost.sqlite',
      storeConnectTimeoutMs: e.STORE_CONNECT_TIMEOUT_MS ? Number(e.STORE_CONNECT_TIMEOUT_MS) : 10_000,
      shutdownDeadlineMs: e.SHUTDOWN_DEADLINE_MS ? Number(e.SHUTDOWN_DEADLINE_MS) : 10_000,
      logLevel: e.LOG_LEVEL ?? 'info',
      ...(e.FTCOST_PRICES ? { pricesFile: e.FTCOST_PRICES } : {}),
      hub: {
        endpoint: (e.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, ''),
        ...drop({ token: e.HF_TOKEN, cacheDir: e.FTCOST_CACHE_DIR }),
        timeoutMs: e.HF_TIMEOUT_MS ? Number(e.HF_TIMEOUT_MS) : 10_000,
        offline: /^(1|true|yes)$/i.test(e.HF_HUB_OFFLINE ?? ''),
      },
    },
  };
}
