import { resolveGpu, resolveProvider, type EngineContext, type PriceTable } from '../engine/index.js';
import type { Slots } from '../intent/schema.js';
import type { Logger } from '../log.js';
import { errorReply, settingsReply, type SettingsView } from '../reply/build.js';
import type { Reply } from '../reply/reply.js';
import type { Store } from '../store/index.js';
import { channelKey, type Settings, type Where } from './types.js';

/** A short, stable digest of settings (for noticing that a pinned comparison is stale). */
export function hashOf(value: unknown): string {
  const text = JSON.stringify(value ?? {});
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

/** The price table with a workspace's overrides on top. */
function pricesWith(base: PriceTable, settings: Settings): PriceTable {
  if (!settings.prices || Object.keys(settings.prices).length === 0) return base;
  const defaults = { ...base.defaults };
  for (const [gpu, usd] of Object.entries(settings.prices)) {
    defaults[gpu] = { low: usd, high: usd, source: 'this workspace\u2019s price setting', asOf: new Date().toISOString().slice(0, 10) };
  }
  return { ...base, defaults };
}

export interface ChannelSettings {
  /** The channel's settings, else the workspace's, and which they are. */
  of(where: Where): Promise<{ settings: Settings; scope: string }>;
  /** The engine's context for these settings: the price table with their overrides. */
  engineFor(settings: Settings): EngineContext & { prices: PriceTable };
  /** A settings message: show them, or change one (admins only, checked before). */
  change(slots: Slots, where: Where, current: { settings: Settings; scope: string }): Promise<Reply>;
}

/** Settings per channel (and per workspace), kept in the store. */
export function channelSettings(store: Store, basePrices: PriceTable, logger: Logger): ChannelSettings {
  const kv = store.ns<Settings>('settings');
  const engineFor = (settings: Settings) => ({ prices: pricesWith(basePrices, settings) });

  return {
    async of(where) {
      const channel = await kv.get(channelKey(where));
      if (channel) return { settings: channel, scope: 'this channel' };
      const workspace = await kv.get(`${where.platform}:${where.workspace}`);
      return { settings: workspace ?? {}, scope: workspace ? 'this workspace' : 'this channel (defaults)' };
    },

    engineFor,

    async change(slots, where, { settings, scope }) {
      const view = (s: Settings, place: string): SettingsView => ({ scope: place, ...s });
      if (slots.settingKey === 'show' || slots.settingKey === null) return settingsReply(view(settings, scope));
      const next: Settings = { ...settings, prices: { ...(settings.prices ?? {}) } };
      let changed: string;
      if (slots.settingKey === 'provider') {
        const provider = resolveProvider(basePrices, slots.settingValue ?? '');
        if (!provider.ok) return errorReply(provider.error);
        next.provider = provider.value.id;
        changed = `Estimates in this channel now use ${provider.value.name}'s prices (as of ${provider.value.asOf}) unless a message names another provider.`;
      } else if (slots.settingKey === 'hourlyRate') {
        const rate = Number(slots.settingValue);
        if (!Number.isFinite(rate) || rate < 1 || rate > 10_000) {
          return errorReply('engineering rate: use a number of dollars per hour from 1 to 10,000, e.g. "set engineering rate to $180"');
        }
        next.hourlyRate = rate;
        changed = `Engineering time is now costed at $${rate}/h in this channel.`;
      } else {
        const [gpuText = '', usdText = ''] = (slots.settingValue ?? '').split('=');
        const gpu = resolveGpu(gpuText);
        const usd = Number(usdText);
        if (!gpu.ok) return errorReply(gpu.error);
        if (!Number.isFinite(usd) || usd <= 0 || usd > 1000) {
          return errorReply('price: use dollars per GPU-hour above 0 and at most 1,000, e.g. "set h100 price to $2.50"');
        }
        (next.prices as Record<string, number>)[gpu.value.id] = usd;
        changed = `${gpu.value.name} is now priced at $${usd}/GPU-hour in this channel's estimates.`;
      }
      await kv.set(channelKey(where), next);
      logger.info('settings changed', { channel: channelKey(where), key: slots.settingKey });
      return settingsReply(view(next, 'this channel'), changed);
    },
  };
}
