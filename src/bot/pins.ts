import { compare, resolveModel } from '../engine/index.js';
import type { Slots } from '../intent/schema.js';
import { compareReply, errorReply } from '../reply/build.js';
import type { Reply } from '../reply/reply.js';
import type { Store } from '../store/index.js';
import { caseFrom } from './answers.js';
import { hashOf, type ChannelSettings } from './settings.js';
import { channelKey, type PinRecord, type Settings, type Where } from './types.js';

export interface LivingPins {
  get(where: Where): Promise<PinRecord | undefined>;
  /** The comparison to pin, with what the adapter needs to post it or update the channel's pin in place. */
  comparison(slots: Slots, where: Where, settings: Settings): Promise<Reply>;
  record(where: Where, messageId: string, slots: Slots): Promise<void>;
  /** The channel's pin recomputed when its prices or settings are stale (or `force`), with its record updated. */
  refreshIfStale(where: Where, force: boolean, known?: Settings): Promise<{ record: PinRecord; reply: Reply } | undefined>;
}

/** Each channel's living pin: one comparison, recorded in the store and recomputed when prices or settings change. */
export function livingPins(store: Store, settings: ChannelSettings, now: () => number): LivingPins {
  const kv = store.ns<PinRecord>('pins');

  const pins: LivingPins = {
    get: (where) => kv.get(channelKey(where)),

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
      const updated: PinRecord = { ...record, pricesAsOf, settingsHash, updatedAt: now() };
      await kv.set(channelKey(where), updated);
      return { record: updated, reply };
    },
  };
  return pins;
}
