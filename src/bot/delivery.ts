import type { Logger } from '../log.js';
import type { ComparisonImage } from '../reply/chart.js';
import { errorReply } from '../reply/build.js';
import { blankReply, type Reply } from '../reply/reply.js';
import type { Slots } from '../intent/schema.js';
import { encodeSlots } from '../reply/payload.js';
import { isAdmin, type Bot, type BotRequest } from './core.js';

/**
 * The one delivery flow, in the spirit of the Chat SDK's adapters: the core decides what to deliver
 * and in which order (answer, chart, living pin, refresh); each platform's adapter implements
 * `Conversation`, translating these calls into its transport and its errors into `DeliveryError`.
 * Adding a platform is one adapter that implements this interface.
 */

/** A message to send: the platform-neutral reply, and the chart's PNG when it goes with it. */
export interface Outgoing {
  reply: Reply;
  png?: Buffer;
}

export type Where = Pick<BotRequest, 'platform' | 'workspace' | 'channel'>;

/** What went wrong on the platform, in the core's terms. */
export type DeliveryFailure = 'missing-permission' | 'pin-limit' | 'not-in-channel' | 'message-gone' | 'restricted' | 'failed';

/** A platform error translated by the adapter: what kind of failure, and what people can do about it there. */
export class DeliveryError extends Error {
  constructor(
    readonly failure: DeliveryFailure,
    /** The fix in the platform's own terms ("An admin can add the pins:write scope …"). */
    readonly advice: string,
    options?: { cause?: unknown },
  ) {
    super(`${failure}: ${advice}`, options);
    this.name = 'DeliveryError';
  }
}

/** One conversation on one platform (a channel, a thread, a DM, the terminal) and the asker in it. */
export interface Conversation {
  readonly where: Where;
  /** Pins exist here: a channel, not a direct message. */
  readonly canPin: boolean;
  /** Messages here can carry the chart as an image. */
  readonly images: boolean;
  /** The answer to what was asked: in the conversation, or to the asker alone when `reply.ephemeral`. */
  answer(out: Outgoing): Promise<void>;
  /** Something for the asker alone: a confirmation, a failure, a hint. */
  tell(reply: Reply): Promise<void>;
  /** A new message in the channel (the comparison to pin); returns its id. */
  post(out: Outgoing): Promise<string>;
  /** Replaces a message this bot posted, in place. Throws `DeliveryError('message-gone')` when it no longer exists. */
  update(messageId: string, out: Outgoing): Promise<void>;
  pin(messageId: string): Promise<void>;
  /** Deletes a message this bot posted (a comparison that could not be pinned: no stray copies). */
  remove(messageId: string): Promise<void>;
  /** A link people can follow to a message, where the platform has them. */
  link?(messageId: string): string | undefined;
  /** Told as soon as the answer's privacy is known, before slower work: lets a platform acknowledge in time, privately or not. */
  acknowledge?(privately: boolean): Promise<void>;
}

export interface DeliveryDeps {
  bot: Bot;
  logger: Logger;
  /** The chart's PNG, or undefined when it cannot be drawn (a chart never costs an answer). */
  draw(image: ComparisonImage): Promise<Buffer | undefined>;
}

/** The message for a reply, with its chart when the reply has one, is public, and the conversation can show images. */
async function withChart(deps: DeliveryDeps, conversation: Conversation, reply: Reply): Promise<Outgoing> {
  if (!reply.image || reply.ephemeral || !conversation.images) return { reply };
  const png = await deps.draw(reply.image);
  return png ? { reply, png } : { reply };
}

const privately = (reply: Reply): Reply => ({ ...reply, ephemeral: true });

function pinFailure(error: unknown, stage: 'post' | 'pin' | 'update'): Reply {
  const reply = blankReply('error', 'I could not pin the comparison');
  reply.ephemeral = true;
  if (error instanceof DeliveryError) {
    reply.summary = error.advice;
    if (stage === 'pin' && error.failure !== 'pin-limit')
      reply.summary += ' The comparison was not left in the channel unpinned; ask again once that is fixed.';
  } else
    reply.summary = `The ${stage === 'pin' ? 'pin' : 'message'} failed (${(error as Error)?.message ?? 'unknown error'}); please try again in a moment.`;
  return reply;
}

function pinConfirmation(conversation: Conversation, messageId: string, updated: boolean, withoutChart: boolean): Reply {
  const link = conversation.link?.(messageId);
  const reply = blankReply(
    'pin',
    updated ? 'Pinned comparison updated' : 'Comparison pinned',
    `${updated ? 'I updated the comparison pinned in this channel' : 'I pinned the comparison in this channel'}${link ? `: ${link}` : ''}. ` +
      `A new pin request updates it in place.${withoutChart ? ' It has no chart: I could not attach the picture here.' : ''}`,
  );
  reply.ephemeral = true;
  return reply;
}

/** The same comparison, pinned or updated a moment ago by another request (a double click, a flood): nothing to redo. */
const RECENT_MS = 60_000;
const sameCase = (a: Slots, b: Slots): boolean => encodeSlots({ ...a, method: null }) === encodeSlots({ ...b, method: null });

function privateNote(kind: Reply['kind'], title: string, summary: string): Reply {
  const reply = blankReply(kind, title, summary);
  reply.ephemeral = true;
  return reply;
}

/**
 * The channel's living pin, one request at a time (the channel's lock, across instances): update
 * the pinned message in place, or post the comparison and pin it, then record it. The record is read
 * under the lock, so concurrent requests make one pin; only admins replace a pin someone else made
 * (`mayReplace`). A comparison that cannot be pinned is removed again, so a retry never leaves two.
 * Returns what to tell the asker.
 */
export async function livingPin(
  deps: DeliveryDeps,
  conversation: Conversation,
  reply: Reply,
  mayReplace: () => Promise<boolean>,
): Promise<Reply> {
  const pin = reply.pin;
  if (!pin) return reply;
  if (!conversation.canPin) {
    return privateNote(
      'error',
      'Pins live in channels',
      'A direct message has no pins: ask me to pin the comparison in a channel I am in.',
    );
  }
  const turn = await deps.bot.pinTurn(conversation.where);
  if (!turn)
    return privateNote(
      'error',
      'The pin is busy',
      'The pinned comparison in this channel is being updated right now; ask again in a moment.',
    );
  try {
    const existing = turn.existing;
    const fresh =
      existing &&
      sameCase(existing.slots, pin.slots) &&
      existing.settingsHash === pin.settingsHash &&
      existing.pricesAsOf === pin.pricesAsOf &&
      Date.now() - existing.updatedAt < RECENT_MS;
    if (existing && fresh) return pinConfirmation(conversation, existing.messageId, true, false);
    if (existing && !(await mayReplace())) {
      return privateNote('denied', 'Admins only', 'This channel already has a pinned comparison, and replacing it is for admins.');
    }
    return await pinUnderLock(deps, conversation, reply, pin, existing?.messageId);
  } finally {
    await turn.release().catch((error: Error) => deps.logger.warn('pin lock not released', { error: error.message }));
  }
}

async function pinUnderLock(
  deps: DeliveryDeps,
  conversation: Conversation,
  reply: Reply,
  pin: NonNullable<Reply['pin']>,
  existingMessageId: string | undefined,
): Promise<Reply> {
  const out = await withChart(deps, conversation, { ...reply, ephemeral: false });
  const withoutChart = Boolean(reply.image && conversation.images && !out.png);
  if (existingMessageId) {
    try {
      await conversation.update(existingMessageId, out);
      await deps.bot.recordPin(conversation.where, existingMessageId, pin.slots);
      return pinConfirmation(conversation, existingMessageId, true, withoutChart);
    } catch (error) {
      if (!(error instanceof DeliveryError && error.failure === 'message-gone')) return pinFailure(error, 'update');
      // The pinned message is gone: post and pin a new one below.
    }
  }
  let messageId: string;
  try {
    messageId = await conversation.post(out);
  } catch (error) {
    return pinFailure(error, 'post');
  }
  try {
    await conversation.pin(messageId);
  } catch (error) {
    await conversation.remove(messageId).catch((e: Error) => deps.logger.warn('unpinned comparison not removed', { error: e.message }));
    return pinFailure(error, 'pin');
  }
  await deps.bot.recordPin(conversation.where, messageId, pin.slots);
  return pinConfirmation(conversation, messageId, false, withoutChart);
}

/** After an answer: when the bot recomputed the channel's pinned comparison (new prices or settings), update it in place. */
async function refreshLivingPin(deps: DeliveryDeps, conversation: Conversation, reply: Reply): Promise<void> {
  if (!reply.refreshPin || !conversation.canPin) return;
  const outcome = await livingPin(deps, conversation, reply.refreshPin, async () => true).catch((error: Error) =>
    errorReply(error.message),
  );
  if (outcome.kind === 'error')
    deps.logger.warn('pinned comparison not refreshed', { channel: conversation.where.channel, reason: outcome.summary });
}

/**
 * One request, start to end: the bot's answer, delivered with its chart; a pin request becomes the
 * living pin and a private confirmation; a stale pinned comparison is refreshed afterwards.
 */
export async function deliver(deps: DeliveryDeps, conversation: Conversation, request: BotRequest): Promise<Reply> {
  let reply: Reply;
  try {
    reply = await deps.bot.handle(request);
  } catch (error) {
    deps.logger.error('answer failed', { error: (error as Error).message, platform: conversation.where.platform });
    reply = errorReply('Something went wrong on my side; the team has the details in the logs. Please try again.');
  }
  if (reply.pin) {
    await conversation.acknowledge?.(true);
    await conversation.tell(privately(await livingPin(deps, conversation, reply, () => isAdmin(request))));
  } else {
    await conversation.acknowledge?.(reply.ephemeral);
    await conversation.answer(await withChart(deps, conversation, reply));
  }
  await refreshLivingPin(deps, conversation, reply);
  return reply;
}
