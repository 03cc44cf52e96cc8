import { DEFAULT_PRICES } from '../engine/index.js';
import type { Intent, IntentContext } from '../intent/schema.js';
import { silentLogger } from '../log.js';
import { errorReply } from '../reply/build.js';
import { decodeSlots } from '../reply/payload.js';
import { blankReply, type Reply } from '../reply/reply.js';
import { answerQuestion, notModelledNote, whichSize } from './answers.js';
import { livingPins } from './pins.js';
import { Cooldown, PRECONDITIONS } from './preconditions.js';
import { channelSettings } from './settings.js';
import { channelKey, contextKey, type Bot, type BotOptions, type BotRequest } from './types.js';

export type { Bot, BotOptions, BotRequest, PinRecord, Platform, Settings, Where } from './types.js';

const DAY = 24 * 60 * 60 * 1000;

/** The requester's admin rights, asked only when an admin-only step needs them. */
export async function isAdmin(r: BotRequest): Promise<boolean> {
  if (typeof r.admin !== 'function') return r.admin === true;
  return r.admin().catch(() => false);
}

/** One conversation core for Slack, Discord and the terminal: request in, platform-neutral reply out. */
export function createBot(options: BotOptions): Bot {
  const { store, parser } = options;
  const logger = options.logger ?? silentLogger;
  const cooldown = options.cooldown ?? new Cooldown();
  const contextTtl = options.contextTtlMs ?? DAY;
  const contexts = store.ns<IntentContext>('context');
  const settings = channelSettings(store, options.prices ?? DEFAULT_PRICES, logger);
  const pins = livingPins(store, settings, options.now ?? Date.now);

  /** The preconditions declared for the intent (src/bot/preconditions.ts): a refusal, or nothing. */
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
      const replacing = precondition === 'adminToReplacePin' && (await pins.get(r)) !== undefined;
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

  /** What was asked: a button's intent, a command's typed intent, or the parsed text with the conversation's context. */
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
    const intent = await parser.parse(text, context);
    // "details" after an answer: the same case again, with its breakdown and assumptions.
    if (intent.intent === 'details') {
      if (!context)
        return blankReply('unknown', 'Details of what?', 'Ask a question first; then "details" shows its breakdown and assumptions.');
      return { intent: { intent: context.intent, slots: context.slots, source: intent.source }, detailed: true };
    }
    return { intent, detailed: /\b(details?|breakdown|assumptions)\b/i.test(text) };
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
        if (intent.askModel) return whichSize(intent.askModel);
        const current = await settings.of(r);
        const answered =
          intent.intent === 'settings'
            ? await settings.change(intent.slots, r, current)
            : intent.intent === 'pin'
              ? await pins.comparison(intent.slots, r, current.settings)
              : answerQuestion(intent, detailed, current.settings, settings.engineFor(current.settings));
        const reply = intent.notModelled ? notModelledNote(answered, intent.notModelled) : answered;
        if (['estimate', 'compare', 'recommend', 'pin'].includes(intent.intent) && reply.kind !== 'error') {
          const remembered: IntentContext = { intent: intent.intent === 'pin' ? 'compare' : intent.intent, slots: intent.slots };
          await contexts.set(contextKey(r), remembered, contextTtl);
        }
        // A living pin: after a settings change, or once new prices are in force, the channel's
        // pinned comparison is recomputed and the delivery flow updates it in place.
        if (intent.intent !== 'pin' && reply.kind !== 'error' && reply.kind !== 'denied' && reply.kind !== 'cooldown') {
          // A settings change is read afresh; otherwise the settings just used are current.
          const known = intent.intent === 'settings' ? undefined : current.settings;
          const refreshed = await pins.refreshIfStale(r, false, known).catch(() => undefined);
          if (refreshed) reply.refreshPin = refreshed.reply;
        }
        return reply;
      } catch (error) {
        logger.error('handle failed', { error: (error as Error).message, platform: r.platform, channel: channelKey(r) });
        return errorReply('Something went wrong on my side; the team has the details in the logs. Please try again.');
      }
    },

    recordPin: (where, messageId, slots) => pins.record(where, messageId, slots),
    pinnedIn: (where) => pins.get(where),
    pinTurn: (where) => pins.turn(where),
    refreshPin: (where, force = false) => pins.refreshIfStale(where, force),
  };
}
