import {
  compare,
  DEFAULT_PRICES,
  estimate,
  explain,
  recommend,
  resolveGpu,
  resolveModel,
  resolveProvider,
  type EngineContext,
  type EstimateInput,
  type PriceTable,
} from '../engine/index.js';
import type { IntentParser } from '../intent/parse.js';
import { toCaseInput, toRecommendInput } from '../intent/requests.js';
import type { Intent, IntentContext, Slots } from '../intent/schema.js';
import { silentLogger, type Logger } from '../log.js';
import type { Store } from '../store/index.js';
import {
  compareReply,
  errorReply,
  estimateReply,
  explainReply,
  helpReply,
  pricesReply,
  recommendReply,
  settingsReply,
  unknownReply,
  type SettingsView,
} from '../reply/build.js';
import { decodeSlots } from '../reply/payload.js';
import { Cooldown, PRECONDITIONS } from './preconditions.js';
import { blankReply, type ActionId, type Reply } from '../reply/reply.js';

export type Platform = 'slack' | 'discord' | 'console';

export interface BotRequest {
  platform: Platform;
  workspace: string;
  channel: string;
  /** The thread the message belongs to, if any: follow-ups share its context. */
  thread?: string;
  user: string;
  /**
   * The user's rights (Slack admin/owner, Discord Manage Server or the admin role), or how to find
   * them out: asked only when an admin-only action needs it (Slack's users.info is rate-limited).
   */
  admin?: boolean | (() => Promise<boolean>);
  /** Free text, or the slash command's arguments. */
  text?: string;
  /** An intent built from typed command options (Discord), bypassing the parser. */
  intent?: Intent;
  /** A button press. */
  action?: { id: ActionId; payload: string };
}

export interface Settings {
  provider?: string;
  hourlyRate?: number;
  /** $/GPU-hour overrides by GPU id. */
  prices?: Record<string, number>;
}

export interface PinRecord {
  messageId: string;
  platform: Platform;
  slots: Slots;
  pricesAsOf: string;
  settingsHash: string;
  updatedAt: number;
}

export interface BotOptions {
  store: Store;
  parser: IntentParser;
  /** The price table in force (FTCOST_PRICES or the built-in one). */
  prices?: PriceTable;
  logger?: Logger;
  now?: () => number;
  cooldown?: Cooldown;
  contextTtlMs?: number;
}

export interface Bot {
  handle(request: BotRequest): Promise<Reply>;
  /** After the adapter posted (or updated) and pinned a comparison, remember it as the channel's living pin. */
  recordPin(request: Pick<BotRequest, 'platform' | 'workspace' | 'channel'>, messageId: string, slots: Slots): Promise<void>;
  pinnedIn(request: Pick<BotRequest, 'platform' | 'workspace' | 'channel'>): Promise<PinRecord | undefined>;
  /** Recomputes the channel's pinned comparison when prices or settings changed since it was posted. */
  refreshPin(
    request: Pick<BotRequest, 'platform' | 'workspace' | 'channel'>,
    force?: boolean,
  ): Promise<{ record: PinRecord; reply: Reply } | undefined>;
}

const DAY = 24 * 60 * 60 * 1000;
const channelKey = (r: Pick<BotRequest, 'platform' | 'workspace' | 'channel'>) => `${r.platform}:${r.workspace}:${r.channel}`;
const contextKey = (r: BotRequest) => (r.thread ? `${channelKey(r)}:t:${r.thread}` : `${channelKey(r)}:u:${r.user}`);

async function isAdmin(r: BotRequest): Promise<boolean> {
  if (typeof r.admin !== 'function') return r.admin === true;
  return r.admin().catch(() => false);
}

/** A short, stable digest of settings (for noticing that a pinned comparison is stale). */
function hashOf(value: unknown): string {
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

/** One conversation core for Slack, Discord and the terminal: request in, platform-neutral reply out. */
export function createBot(options: BotOptions): Bot {
  const { store, parser } = options;
  const logger = options.logger ?? silentLogger;
  const basePrices = options.prices ?? DEFAULT_PRICES;
  const cooldown = options.cooldown ?? new Cooldown();
  const contextTtl = options.contextTtlMs ?? DAY;
  const contexts = store.ns<IntentContext>('context');
  const pins = store.ns<PinRecord>('pins');
  const settingsNs = store.ns<Settings>('settings');

  async function settingsFor(r: Pick<BotRequest, 'platform' | 'workspace' | 'channel'>): Promise<{ settings: Settings; scope: string }> {
    const channel = await settingsNs.get(channelKey(r));
    if (channel) return { settings: channel, scope: 'this channel' };
    const workspace = await settingsNs.get(`${r.platform}:${r.workspace}`);
    return { settings: workspace ?? {}, scope: workspace ? 'this workspace' : 'this channel (defaults)' };
  }

  const engineFor = (settings: Settings): EngineContext => ({ prices: pricesWith(basePrices, settings) });

  /** Engine input from slots and settings, noting what was assumed so the reply can ask. */
  function caseFrom(
    slots: Slots,
    settings: Settings,
  ): { input: Omit<EstimateInput, 'method' | 'model'> & { model: string }; questions: string[] } {
    const base = toCaseInput(slots);
    const questions: string[] = [];
    if (!base.model) questions.push('Which model? I assumed Llama 3.1 70B, the article\u2019s scenario.');
    if (slots.examples === null && slots.datasetTokens === null) questions.push('How many training examples? I assumed 10,000.');
    const input = { ...base, model: base.model ?? '70b' };
    if (!input.provider && settings.provider) input.provider = settings.provider;
    if (settings.hourlyRate !== undefined) input.engineeringHourlyUsd = settings.hourlyRate;
    return { input, questions: questions.slice(0, 2) };
  }

  async function answer(intent: Intent, r: BotRequest, detailed: boolean, current: { settings: Settings; scope: string }): Promise<Reply> {
    const { settings, scope } = current;
    const engine = engineFor(settings);
    const slots = intent.slots;
    switch (intent.intent) {
      case 'estimate':
      case 'compare': {
        const { input, questions } = caseFrom(slots, settings);
        if (intent.intent === 'estimate' && slots.method !== null) {
          const result = estimate({ ...input, method: slots.method }, engine);
          if (!result.ok) return errorReply(result.error);
          const reply = estimateReply(result.value, slots, detailed);
          reply.questions = questions;
          return reply;
        }
        const result = compare(input, engine);
        if (!result.ok) return errorReply(result.error);
        const reply = compareReply(result.value, slots, detailed);
        reply.questions = questions;
        return reply;
      }
      case 'recommend': {
        const input = toRecommendInput(slots);
        if (!input.provider && settings.provider) input.provider = settings.provider;
        if (settings.hourlyRate !== undefined) input.engineeringHourlyUsd = settings.hourlyRate;
        const result = recommend(input, engine);
        return result.ok ? recommendReply(result.value, slots) : errorReply(result.error);
      }
      case 'explain': {
        const { input } = caseFrom(slots, settings);
        const result = explain(slots.topic ?? 'lora', input, engine);
        return result.ok ? explainReply(result.value, slots) : errorReply(result.error);
      }
      case 'prices':
        return pricesReply(engine.prices ?? basePrices, slots.gpu, slots.provider);
      case 'settings':
        return changeSettings(slots, r, settings, scope);
      case 'pin':
        return pinReply(slots, r, settings);
      case 'help':
        return helpReply();
      default:
        return unknownReply();
    }
  }

  async function changeSettings(slots: Slots, r: BotRequest, settings: Settings, scope: string): Promise<Reply> {
    const view = (s: Settings, where: string): SettingsView => ({ scope: where, ...s });
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
      if (!Number.isFinite(rate) || rate < 1 || rate > 10_000)
        return errorReply('engineering rate: use a number of dollars per hour from 1 to 10,000, e.g. "set engineering rate to $180"');
      next.hourlyRate = rate;
      changed = `Engineering time is now costed at $${rate}/h in this channel.`;
    } else {
      const [gpuText = '', usdText = ''] = (slots.settingValue ?? '').split('=');
      const gpu = resolveGpu(gpuText);
      const usd = Number(usdText);
      if (!gpu.ok) return errorReply(gpu.error);
      if (!Number.isFinite(usd) || usd <= 0 || usd > 1000)
        return errorReply('price: use dollars per GPU-hour above 0 and at most 1,000, e.g. "set h100 price to $2.50"');
      (next.prices as Record<string, number>)[gpu.value.id] = usd;
      changed = `${gpu.value.name} is now priced at $${usd}/GPU-hour in this channel's estimates.`;
    }
    await settingsNs.set(channelKey(r), next);
    logger.info('settings changed', { channel: channelKey(r), key: slots.settingKey });
    return settingsReply(view(next, 'this channel'), changed);
  }

  async function pinReply(slots: Slots, r: BotRequest, settings: Settings): Promise<Reply> {
    const { input, questions } = caseFrom({ ...slots, method: null }, settings);
    const result = compare(input, engineFor(settings));
    if (!result.ok) return errorReply(result.error);
    const reply = compareReply(result.value, { ...slots, method: null }, false);
    reply.kind = 'pin';
    reply.questions = questions;
    reply.actions = reply.actions.filter((a) => a.id !== 'pin');
    const existing = await pins.get(channelKey(r));
    const resolved = resolveModel(input.model);
    const pinnedSlots: Slots = { ...slots, method: null, model: resolved.ok ? resolved.value.id : input.model };
    reply.pin = {
      channelKey: channelKey(r),
      slots: pinnedSlots,
      pricesAsOf: (engineFor(settings).prices ?? basePrices).asOf,
      settingsHash: hashOf(settings),
      ...(existing ? { existingMessageId: existing.messageId } : {}),
    };
    return reply;
  }

  async function check(intent: Intent, r: BotRequest): Promise<Reply | undefined> {
    const readOnly = intent.intent === 'settings' && (intent.slots.settingKey === 'show' || intent.slots.settingKey === null);
    for (const precondition of PRECONDITIONS[intent.intent]) {
      if (precondition === 'admin' && readOnly) continue;
      if (precondition === 'cooldown') {
        const wait = cooldown.take(`${r.platform}:${r.workspace}:${r.user}`);
        if (wait > 0) {
          const reply = blankReply('cooldown', 'One moment', `You're asking faster than I answer well; try again in ${wait} s.`);
          reply.ephemeral = true;
          return reply;
        }
      }
      const replacing = precondition === 'adminToReplacePin' && (await pins.get(channelKey(r))) !== undefined;
      if ((precondition === 'admin' || replacing) && !(await isAdmin(r))) {
        const reply = blankReply(
          'denied',
          'Admins only',
          replacing
            ? 'Replacing this channel\u2019s pinned comparison is for workspace admins (Slack) or members with Manage Server or the admin role (Discord).'
            : 'Changing settings is for workspace admins (Slack) or members with Manage Server or the admin role (Discord). Anyone can see them: "show settings".',
        );
        reply.ephemeral = true;
        return reply;
      }
    }
    return undefined;
  }

  async function understand(r: BotRequest): Promise<{ intent: Intent; detailed: boolean } | Reply> {
    if (r.action) {
      const slots = decodeSlots(r.action.payload);
      if (!slots) return errorReply('That button\u2019s data could not be read; ask again and use the buttons on the new answer.');
      if (r.action.id === 'compare')
        return { intent: { intent: 'compare', slots: { ...slots, method: null }, source: 'rules' }, detailed: false };
      if (r.action.id === 'pin') return { intent: { intent: 'pin', slots: { ...slots, method: null }, source: 'rules' }, detailed: false };
      return { intent: { intent: slots.method ? 'estimate' : 'compare', slots, source: 'rules' }, detailed: true };
    }
    if (r.intent) return { intent: r.intent, detailed: false };
    const text = String(r.text ?? '').slice(0, 4000);
    let context: IntentContext | undefined;
    try {
      context = await contexts.get(contextKey(r));
    } catch {
      context = undefined;
    }
    return { intent: await parser.parse(text, context), detailed: /\b(details?|breakdown|assumptions)\b/i.test(text) };
  }

  /** The channel's pin recomputed when its prices or settings are stale (or `force`), with its record updated. */
  async function refreshStale(
    r: Pick<BotRequest, 'platform' | 'workspace' | 'channel'>,
    force: boolean,
    known?: Settings,
  ): Promise<{ record: PinRecord; reply: Reply } | undefined> {
    const record = await pins.get(channelKey(r));
    if (!record) return undefined;
    const settings = known ?? (await settingsFor(r)).settings;
    const pricesAsOf = (engineFor(settings).prices ?? basePrices).asOf;
    const settingsHash = hashOf(settings);
    if (!force && record.pricesAsOf === pricesAsOf && record.settingsHash === settingsHash) return undefined;
    const reply = await pinReply(record.slots, { ...r, user: 'refresh', admin: true }, settings);
    if (reply.kind === 'error') return undefined;
    const updated: PinRecord = { ...record, pricesAsOf, settingsHash, updatedAt: (options.now ?? Date.now)() };
    await pins.set(channelKey(r), updated);
    return { record: updated, reply };
  }

  return {
    async handle(r: BotRequest): Promise<Reply> {
      try {
        const understood = await understand(r);
        if ('kind' in understood) return understood;
        const { intent, detailed } = understood;
        const refused = await check(intent, r);
        if (refused) return refused;
        if (intent.problem) return errorReply(intent.problem);
        const current = await settingsFor(r);
        const reply = await answer(intent, r, detailed, current);
        if (['estimate', 'compare', 'recommend', 'pin'].includes(intent.intent) && reply.kind !== 'error') {
          const remembered: IntentContext = { intent: intent.intent === 'pin' ? 'compare' : intent.intent, slots: intent.slots };
          await contexts.set(contextKey(r), remembered, contextTtl);
        }
        // A living pin: after a settings change, or once new prices are in force, the channel's
        // pinned comparison is recomputed and the adapter updates it in place.
        if (intent.intent !== 'pin' && reply.kind !== 'error' && reply.kind !== 'denied' && reply.kind !== 'cooldown') {
          // A settings change is read afresh; otherwise the settings just used are current.
          const settings = intent.intent === 'settings' ? undefined : current.settings;
          const refreshed = await refreshStale(r, false, settings).catch(() => undefined);
          if (refreshed) reply.refreshPin = refreshed.reply;
        }
        return reply;
      } catch (error) {
        logger.error('handle failed', { error: (error as Error).message, platform: r.platform });
        return errorReply('Something went wrong on my side; the team has the details in the logs. Please try again.');
      }
    },

    async recordPin(r, messageId, slots) {
      const { settings } = await settingsFor(r);
      const record: PinRecord = {
        messageId,
        platform: r.platform,
        slots,
        pricesAsOf: (engineFor(settings).prices ?? basePrices).asOf,
        settingsHash: hashOf(settings),
        updatedAt: (options.now ?? Date.now)(),
      };
      await pins.set(channelKey(r), record);
    },

    pinnedIn: (r) => pins.get(channelKey(r)),

    refreshPin: (r, force = false) => refreshStale(r, force),
  };
}
