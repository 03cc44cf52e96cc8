import { compare, resolveModel } from '../engine/index.js';
import type { Slots } from '../intent/schema.js';
import { compareReply, errorReply } from '../reply/build.js';
import type { Reply } from '../reply/reply.js';
import type { Store } from '../store/index.js';
import { caseFrom } from './answers.js';
import { hashOf, type ChannelSettings } from './settings.js';
import { channelKey, type PinRecord, type Settings, type Where } from './types.js';

/** One request's turn at a channel's living pin, under the channel's lock. */
export interface PinTurn {
  /** The channel's pinned message now (read under the lock, not when the request was understood). */
  existing: PinRecord | undefined;
  release(): Promise<void>;
}

export interface LivingPins {
  get(where: Where): Promise<PinRecord | undefined>;
  /**
   * Waits for the channel's pin lock (post → pin → record is one step for everyone, across
   * instances on Redis), then reads the record afresh. Undefined when the lock could not be had in time.
   */
  turn(where: Where): Promise<PinTurn | undefined>;
  /** The comparison to pin, with what the adapter needs to post it or update the channel's pin in place. */
  comparison(slots: Slots, where: Where, settings: Settings): Promise<Reply>;
  record(where: Where, messageId: string, slots: Slots): Promise<void>;
  /** The channel's pin recomputed when its prices or settings are stale (or `force`); the record changes once it is delivered. */
  refreshIfStale(where: Where, force: boolean, known?: Settings): Promise<{ record: PinRecord; reply: Reply } | undefined>;
}

/** Each channel's living pin: one comparison, recorded in the store and recomputed when prices or settings change. */
/** How long one request may hold a channel's pin (post, pin, record and a chart upload), and how long another waits for it. */
const PIN_LOCK_MS = 30_000;
const PIN_WAIT_MS = 25_000;

export function livingPins(store: Store, settings: ChannelSettings, now: () => number): LivingPins {
  const kv = store.ns<PinRecord>('pins');

  const pins: LivingPins = {
    get: (where) => kv.get(channelKey(where)),

    async turn(where) {
      const key = `lock:${channelKey(where)}`;
      const until = now() + PIN_WAIT_MS;
      let wait = 20;
      for (;;) {
        const lock = await store.lock('pins', key, PIN_LOCK_MS);
        if (lock) {
          const existing = await kv.get(channelKey(where)).catch(() => undefined);
          return { existing, release: () => lock.release() };
        }
        if (now() >= until) return undefined;
        await new Promise((resolve) => setTimeout(resolve, wait));
        wait = Math.min(250, wait * 2);
      }
    },

    async comparison(slots, where, current) {
      const engine = settings.engineFor(current);
      const { input, questions } = caseFrom({ ...slots, method: null }, current);
      const result = compare(input, engine);
      if (!result.ok) return errorReply(result.error);
      const reply = compareReply(result.value, { ...slots, method: null }, false);
      reply.kind = 'pin';
      reply.questions = questions;
      reply.actions = reply.actions.filter((a) => a.id !== 'pin');
      const existing = await kv.get(channelKey(where));
      const resolved = resolveModel(input.model);
      const pinnedSlots: Slots = { ...slots, method: null, model: resolved.ok ? resolved.value.id : input.model };
      reply.pin = {
        channelKey: channelKey(where),
        slots: pinnedSlots,
        pricesAsOf: engine.prices.asOf,
        settingsHash: hashOf(current),
        ...(existing ? { existingMessageId: existing.messageId } : {}),
      };
      return reply;
    },

    async record(where, messageId, slots) {
      const { settings: current } = await settings.of(where);
      const record: PinRecord = {
        messageId,
        platform: where.platform,
        slots,
        pricesAsOf: settings.engineFor(current).prices.asOf,
        settingsHash: hashOf(current),
        updatedAt: now(),
      };
      await kv.set(channelKey(where), record);
    },

    async refreshIfStale(where, force, known) {
      const record = await kv.get(channelKey(where));
      if (!record) return undefined;
      const current = known ?? (await settings.of(where)).settings;
      const pricesAsOf = settings.engineFor(current).prices.asOf;
      const settingsHash = hashOf(current);
      if (!force && record.pricesAsOf === pricesAsOf && record.settingsHash === settingsHash) return undefined;
      const reply = await pins.comparison(record.slots, where, current);
      if (reply.kind === 'error') return undefined;
      // The record is rewritten by the delivery flow once the pinned message is updated (recordPin).
      return { record, reply };
    },
  };
  return pins;
}
