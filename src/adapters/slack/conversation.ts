import { setTimeout as sleep } from 'node:timers/promises';
import { DeliveryError, type Conversation, type Outgoing, type Where } from '../../bot/delivery.js';
import type { Reply } from '../../reply/reply.js';
import { renderSlack, type SlackMessage } from '../../render/slack.js';
import { chartHint, slackError, uploadChart, type ChartDeps, type SlackFiles } from './chart.js';

/**
 * Slack's side of the delivery interface: Web API calls and response_url replies for one
 * conversation, and Slack's error codes translated into the core's failures. No decisions here:
 * the core (src/bot/delivery.ts) decides what is sent, pinned or refreshed.
 */

/** The part of Slack's WebClient the adapter uses. */
export interface SlackClient {
  chat: {
    postMessage(args: Record<string, unknown>): Promise<{ ok?: boolean; ts?: string; channel?: string }>;
    update(args: Record<string, unknown>): Promise<{ ok?: boolean; ts?: string }>;
    postEphemeral(args: Record<string, unknown>): Promise<unknown>;
    delete(args: { channel: string; ts: string }): Promise<unknown>;
  };
  pins: { add(args: { channel: string; timestamp: string }): Promise<unknown> };
  files: SlackFiles;
  users: { info(args: { user: string }): Promise<{ user?: { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean } }> };
}

export type Respond = (message: Record<string, unknown>) => Promise<unknown>;

export interface SlackConversationDeps extends ChartDeps {
  /** Wait before retrying a pinned message whose chart Slack refused as not yet processed (default 2,000 ms). */
  chartRetryMs?: number;
}

/** How the answer reaches the asker: the slash command's or button's response_url, or messages in a channel/thread. */
export type SlackRoute =
  | { kind: 'respond'; respond: Respond; user: string; threadTs?: string; replaceOriginal?: false }
  | { kind: 'message'; user: string; threadTs?: string; direct: boolean };

/** Slack's error codes as the core's failures, with the fix in Slack's terms. */
export function slackFailure(error: unknown): DeliveryError {
  const code = slackError(error);
  switch (code) {
    case 'missing_scope':
      return new DeliveryError(
        'missing-permission',
        'I need the pins:write scope. An admin can add it under OAuth & Permissions (or re-paste manifest.json under App Manifest) and reinstall the app.',
        { cause: error },
      );
    case 'not_in_channel':
    case 'channel_not_found':
      return new DeliveryError('not-in-channel', 'I am not in this channel yet: invite me with /invite @ftcost, then ask again.', {
        cause: error,
      });
    case 'too_many_pins':
      return new DeliveryError('pin-limit', "This channel has reached Slack's pin limit: unpin an older message, then pin again.", {
        cause: error,
      });
    case 'restricted_action':
      return new DeliveryError(
        'restricted',
        'This workspace does not let apps pin here. A workspace admin can allow it, or pin the message by hand.',
        {
          cause: error,
        },
      );
    case 'message_not_found':
    case 'cant_update_message':
      return new DeliveryError('message-gone', 'The pinned message no longer exists.', { cause: error });
    default:
      return new DeliveryError('failed', `Slack refused it (${code ?? 'unknown error'}); please try again in a moment.`, { cause: error });
  }
}

const asFailure = async <T>(call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (error) {
    throw slackFailure(error);
  }
};

/**
 * One conversation in Slack. Charts: beside an answer, the PNG is shared as a file in the channel (or
 * thread) after the message (response_url cannot carry files); in the pinned message, it is uploaded
 * privately to the app and shown by an image block, retried once if Slack has not finished processing
 * it (invalid_blocks), else shared in the pinned message's thread.
 */
export function slackConversation(deps: SlackConversationDeps, client: SlackClient, where: Where, route: SlackRoute): Conversation {
  const channel = where.channel;
  const threadTs = route.threadTs;
  const inThread = threadTs ? { thread_ts: threadTs } : {};
  const render = (reply: Reply): SlackMessage => renderSlack(reply);

  const tellQuietly = async (hint: Reply): Promise<void> => {
    await conversation.tell(hint).catch((e: Error) => deps.logger.warn('slack hint not delivered', { error: slackError(e) ?? e.message }));
  };

  /** The chart beside an answer that was just posted: a file shared in the conversation. */
  const shareChart = async (out: Outgoing): Promise<void> => {
    if (!out.png || !out.reply.image) return;
    try {
      await uploadChart(client.files, out.reply.image, out.png, { channel, ...(threadTs ? { threadTs } : {}) });
    } catch (error) {
      const hint = chartHint(deps, { workspace: where.workspace, channel }, error);
      if (hint) await tellQuietly(hint);
    }
  };

  /** Said with the next private message (the pin's confirmation) rather than on its own. */
  let pendingHint: Reply | undefined;
  /** The chart to share in the pinned message's thread, once it is pinned (Slack refused it in the message). */
  let pendingThreadChart: { ts: string; out: Outgoing } | undefined;

  const shareInThread = async (ts: string, out: Outgoing): Promise<void> => {
    if (!out.png || !out.reply.image) return;
    try {
      await uploadChart(client.files, out.reply.image, out.png, { channel, threadTs: ts });
    } catch (error) {
      pendingHint ??= chartHint(deps, { workspace: where.workspace, channel }, error);
    }
  };

  /** A post or update of the pinned message, with its chart when it can be shown; returns the message's ts. */
  const sendPinned = async (
    call: (body: SlackMessage) => Promise<string | undefined>,
    out: Outgoing,
  ): Promise<{ ts: string | undefined; chartShown: boolean }> => {
    const image = out.reply.image;
    let fileId: string | undefined;
    if (image && out.png) {
      try {
        fileId = await uploadChart(client.files, image, out.png);
      } catch (error) {
        pendingHint ??= chartHint(deps, { workspace: where.workspace, channel }, error);
      }
    }
    if (fileId) {
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        try {
          return { ts: await call(renderSlack(out.reply, { chart: { fileId } })), chartShown: true };
        } catch (error) {
          if (slackError(error) !== 'invalid_blocks') throw error;
          if (attempt === 1) await sleep(deps.chartRetryMs ?? 2000);
        }
      }
      deps.logger.warn('slack refused the chart in the pinned message; sharing it in the thread instead', { channel, file: fileId });
    }
    return { ts: await call(render(out.reply)), chartShown: !fileId };
  };

  const conversation: Conversation = {
    where,
    canPin: !(route.kind === 'message' && route.direct) && !channel.startsWith('D'),
    images: true,

    async answer(out) {
      const ephemeral = out.reply.ephemeral;
      if (route.kind === 'respond') {
        await route.respond({
          response_type: ephemeral ? 'ephemeral' : 'in_channel',
          ...(route.replaceOriginal === false ? { replace_original: false } : {}),
          ...render(out.reply),
        });
      } else if (ephemeral && !route.direct) {
        await client.chat.postEphemeral({ channel, user: route.user, ...inThread, ...render(out.reply) });
        return;
      } else {
        await client.chat.postMessage({ channel, ...inThread, ...render(out.reply) });
      }
      if (!ephemeral) await shareChart(out);
    },

    async tell(told) {
      const hint = pendingHint;
      pendingHint = undefined;
      const reply = hint ? { ...told, summary: `${told.summary}\n\n${hint.summary}` } : told;
      if (route.kind === 'respond') {
        await route.respond({
          response_type: 'ephemeral',
          ...(route.replaceOriginal === false ? { replace_original: false } : {}),
          ...render(reply),
        });
      } else if (route.direct) {
        await client.chat.postMessage({ channel, ...inThread, ...render(reply) });
      } else {
        await client.chat.postEphemeral({ channel, user: route.user, ...inThread, ...render(reply) });
      }
    },

    post: (out) =>
      asFailure(async () => {
        const sent = await sendPinned(async (body) => (await client.chat.postMessage({ channel, ...body })).ts, out);
        if (!sent.ts) throw new Error('Slack returned no message ts');
        if (!sent.chartShown) pendingThreadChart = { ts: sent.ts, out };
        return sent.ts;
      }),

    update: (messageId, out) =>
      asFailure(async () => {
        const sent = await sendPinned(async (body) => {
          await client.chat.update({ channel, ts: messageId, ...body });
          return messageId;
        }, out);
        if (!sent.chartShown) await shareInThread(messageId, out);
      }),

    pin: (messageId) =>
      asFailure(async () => {
        try {
          await client.pins.add({ channel, timestamp: messageId });
        } catch (error) {
          if (slackError(error) !== 'already_pinned') throw error;
        }
        const chart = pendingThreadChart;
        pendingThreadChart = undefined;
        if (chart && chart.ts === messageId) await shareInThread(messageId, chart.out);
      }),

    remove: (messageId) => asFailure(async () => void (await client.chat.delete({ channel, ts: messageId }))),
  };
  return conversation;
}
