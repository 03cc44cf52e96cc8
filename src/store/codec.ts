/**
 * Values as keyv writes them, so that files and Redis databases written by earlier versions (keyv
 * 5 with @keyv/sqlite and @keyv/redis) keep working: `{"value":…,"expires":<ms since epoch>}`, with
 * a string that starts with ":" escaped by one more ":".
 */
export interface Stored<T> {
  value: T;
  expires?: number;
}

const escape = (_key: string, value: unknown) => (typeof value === 'string' && value.startsWith(':') ? `:${value}` : value);
const unescape = (_key: string, value: unknown) => (typeof value === 'string' && value.startsWith(':') ? value.slice(1) : value);

export function encode(value: unknown, expires?: number): string {
  return JSON.stringify(expires === undefined ? { value } : { value, expires }, escape);
}

/** The stored value, or undefined when the text is not one (a foreign or damaged entry reads as absent). */
export function decode<T>(raw: string): Stored<T> | undefined {
  try {
    const parsed = JSON.parse(raw, unescape) as unknown;
    if (parsed === null || typeof parsed !== 'object' || !('value' in parsed)) return undefined;
    const { value, expires } = parsed as { value: T; expires?: unknown };
    return typeof expires === 'number' ? { value, expires } : { value };
  } catch {
    return undefined;
  }
}

/** The value of a stored entry that has not expired at `now`. */
export function live<T>(raw: string | null | undefined, now: number): T | undefined {
  if (raw === null || raw === undefined) return undefined;
  const stored = decode<T>(raw);
  if (!stored || (stored.expires !== undefined && stored.expires <= now)) return undefined;
  return stored.value;
}

export const expiresAt = (now: number, ttlMs: number | undefined) => (ttlMs !== undefined && ttlMs > 0 ? now + ttlMs : undefined);
