import type { IntentName } from '../intent/schema.js';

/**
 * Checks declared once and reused by every command and intent (Sapphire's preconditions): a
 * per-user cool-down against floods, and admin rights for what changes the channel for everyone.
 */
export type PreconditionId = 'cooldown' | 'admin' | 'adminToReplacePin';

export const PRECONDITIONS: Record<IntentName, PreconditionId[]> = {
  estimate: ['cooldown'],
  compare: ['cooldown'],
  recommend: ['cooldown'],
  explain: ['cooldown'],
  prices: ['cooldown'],
  help: [],
  details: ['cooldown'],
  smalltalk: [],
  unknown: ['cooldown'],
  settings: ['cooldown', 'admin'],
  pin: ['cooldown', 'adminToReplacePin'],
};

/** A token bucket per user: `capacity` requests at once, refilled at `perSecond`. */
export class Cooldown {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity = 6,
    private readonly perSecond = 0.2,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a token; returns 0 when allowed, else the seconds until the next one. */
  take(user: string): number {
    const t = this.now();
    const bucket = this.buckets.get(user) ?? { tokens: this.capacity, at: t };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((t - bucket.at) / 1000) * this.perSecond);
    bucket.at = t;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.buckets.set(user, bucket);
      if (this.buckets.size > 10_000) this.buckets.delete(this.buckets.keys().next().value as string);
      return 0;
    }
    this.buckets.set(user, bucket);
    return Math.ceil((1 - bucket.tokens) / this.perSecond);
  }
}
