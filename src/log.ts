/**
 * A small structured logger: one JSON line per event on stderr, filtered by LOG_LEVEL. Anything that
 * looks like a secret (Slack, Discord, OpenAI tokens, signing secrets) is masked before it is written.
 */
export type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const ORDER: Record<Level, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: 100 };

export interface Logger {
  error(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
}

const SECRET_PATTERNS: RegExp[] = [
  /\bxox[abposr]-[A-Za-z0-9-]{6,}/g, // Slack bot/user/app tokens
  /\bxapp-[A-Za-z0-9-]{6,}/g,
  /\bsk-[A-Za-z0-9_-]{10,}/g, // OpenAI keys
  /\b[MN][A-Za-z\d_-]{23,25}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,}/g, // Discord bot tokens
  /\b(Bearer|Bot)\s+[A-Za-z0-9._-]{10,}/g,
];

/** Masks secrets, and any value passed in `extraSecrets` (the configured tokens themselves). */
export function redact(text: string, extraSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of extraSecrets) if (secret && secret.length >= 6) out = out.split(secret).join('[redacted]');
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, '[redacted]');
  return out;
}

export function createLogger(options: { level?: string; write?: (line: string) => void; secrets?: readonly string[] } = {}): Logger {
  const level = (options.level as Level) in ORDER ? (options.level as Level) : 'info';
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const secrets = options.secrets ?? [];
  const emit = (at: Level, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[at] < ORDER[level]) return;
    let line: string;
    try {
      line = JSON.stringify({ time: new Date().toISOString(), level: at, msg: message, ...fields });
    } catch {
      line = JSON.stringify({ time: new Date().toISOString(), level: at, msg: message });
    }
    write(redact(line, secrets));
  };
  return {
    error: (m, f) => emit('error', m, f),
    warn: (m, f) => emit('warn', m, f),
    info: (m, f) => emit('info', m, f),
    debug: (m, f) => emit('debug', m, f),
  };
}

export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} };
