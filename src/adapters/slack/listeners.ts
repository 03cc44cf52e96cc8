import { setTimeout as sleep } from 'node:timers/promises';
import type { Bot, BotRequest } from '../../bot/core.js';
import { blankReply, type ActionId, type Reply } from '../../reply/reply.js';
import type { Logger } from '../../log.js';
import { renderSlack, type SlackMessage } from '../../render/slack.js';
import { drawChart } from '../../render/image.js';
import { chartHint, shareChart, slackError, uploadChart, type ChartDeps, type SlackFiles } from './chart.js';

/**
 * Slack listeners as plain functions grouped by kind (bolt-js template style): each takes what Bolt
 * hands a listener, so tests can call them without Bolt. They are transport only: the bot decides
 * what to say, the Slack renderer how it looks.
 */

/** The part of Slack's WebClient the listeners use. */
export interface SlackClient {
  chat: {
    postMessage(args: Record<string, unknown>): Promise<{ ok?: boolean; ts?: string; channel?: string }>;
    update(args: Record<string, unknown>): Promise<{ ok?: boolean; ts?: string }>;
    postEphemeral(args: Record<string, unknown>): Promise<unknown>;
  };
  pins: { add(args: { channel: string; timestamp: string }): Promise<unknown> };
  files: SlackFiles;
  users: { info(args: { user: string }): Promise<{ user?: { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean } }> };
}

export type Respond = (message: Record<string, unknown>) => Promise<unknown>;

export interface SlackDeps extends ChartDeps {
  bot: Bot;
  logger: Logger;
  /** Admin rights by user, cached: only settings changes and pin replacement need them. */
  isAdmin(client: SlackClient, user: string): Promise<boolean>;
  /**
   * How long to wait before showing a just-uploaded chart in the pinned message a second time, when
   * Slack refused it (invalid_blocks: the file is still being processed). Default 2,000 ms.
   */
  chartRetryMs?: number;
}

const message = (reply: Reply) => renderSlack(reply);

/** What to tell people when pinning fails, by Slack error code. */
export function pinFailure(code: string | undefined): Reply {
  const reply = blankReply('error', 'I could not pin the comparison');
  reply.ephemeral = true;
  switch (code) {
    case 'missing_scope':
      reply.summary =
        'I need the pins:write scope. An admin can add it under OAuth & Permissions (or re-paste manifest.json under App Manifest) and reinstall the app.';
      break;
    case 'not_in_channel':
    case 'channel_not_found':
      reply.summary = 'I am not in this channel yet: invite me with /invite @ftcost, then pin again.';
      break;
    case 'too_many_pins':
      reply.summary = "This channel has reached Slack's pin limit: unpin an older message, then pin again.";
      break;
    case 'restricted_action':
      reply.summary = 'This workspace does not let apps pin here. A workspace admin can allow it, or pin the message by hand.';
      break;
    default:
      reply.summary = `Slack refused the pin (${code ?? 'unknown error'}). The comparison was posted; you can pin it by hand.`;
  }
  return reply;
}

/**
 * Posts the comparison and pins it, or updates the channel's living pin in place (chat.update, no
 * second pins.add). Records the pin with the bot. Returns a reply to show the asker, if any.
 *
 * The chart: uploaded privately to the app (files.uploadV2 without a channel), then shown by an image
 * block in the message; an update in place uploads the new chart and names the new file (new block
 * id). Slack may refuse a file it has not finished processing (invalid_blocks): one retry after
 * `chartRetryMs`, then the message goes without the image block and the chart is shared in the
 * pinned message's thread. Without files:write the comparison is pinned without its chart.
 */
export async function pinComparison(
  deps: SlackDeps,
  client: SlackClient,
  where: Pick<BotRequest, 'platform' | 'workspace' | 'channel'>,
  reply: Reply,
): Promise<Reply | undefined> {
  const pin = reply.pin;
  if (!pin) return undefined;
  const image = reply.image;
  let hint: Reply | undefined;
  const png = image ? await drawChart(deps, image) : undefined;
  let fileId: string | undefined;
  if (image && png) {
    try {
      fileId = await uploadChart(client.files, image, png);
    } catch (error) {
      hint = chartHint(deps, where, error);
    }
  }
  const plain = message(reply);
  const withChart = fileId ? renderSlack(reply, { chart: { fileId } }) : undefined;
  let chartShown = false;
  /** One post or update: with the chart when there is one (retried once if Slack refuses the image), else without. */
  const send = async <T>(call: (body: SlackMessage) => Promise<T>): Promise<T> => {
    if (withChart) {
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        try {
          const result = await call(withChart);
          chartShown = true;
          return result;
        } catch (error) {
          if (slackError(error) !== 'invalid_blocks') throw error;
          if (attempt === 1) await sleep(deps.chartRetryMs ?? 2000);
        }
      }
      deps.logger.warn('slack refused the chart in the pinned message; sharing it in the thread instead', {
        channel: where.channel,
        file: fileId,
      });
    }
    return call(plain);
  };
  /** When the image block was refused, the chart goes into the pinned message's thread. */
  const chartInThread = async (ts: string) => {
    if (chartShown || !fileId || !image || !png) return;
    try {
      await uploadChart(client.files, image, png, { channel: where.channel, threadTs: ts });
    } catch (error) {
      hint ??= chartHint(deps, where, error);
    }
  };

  if (pin.existingMessageId) {
    try {
      await send((body) => client.chat.update({ channel: where.channel, ts: pin.existingMessageId, ...body }));
      await deps.bot.recordPin(where, pin.existingMessageId, pin.slots);
      await chartInThread(pin.existingMessageId);
      return hint;
    } catch (error) {
      if (slackError(error) !== 'message_not_found' && slackError(error) !== 'cant_update_message') return pinFailure(slackError(error));
      // The pinned message is gone: post and pin a new one below.
    }
  }
  let ts: string | undefined;
  try {
    ts = (await send((body) => client.chat.postMessage({ channel: where.channel, ...body }))).ts;
  } catch (error) {
    return pinFailure(slackError(error));
  }
  if (!ts) return pinFailure(undefined);
  try {
    await client.pins.add({ channel: where.channel, timestamp: ts });
  } catch (error) {
    const code = slackError(error);
    if (code !== 'already_pinned') return pinFailure(code);
  }
  await deps.bot.recordPin(where, ts, pin.slots);
  await chartInThread(ts);
  return hint;
}

/** After an answer: when the bot recomputed the channel's pinned comparison, update it in place. */
async function refreshLivingPin(
  deps: SlackDeps,
  client: SlackClient,
  where: Pick<BotRequest, 'platform' | 'workspace' | 'channel'>,
  reply: Reply,
): Promise<void> {
  if (!reply.refreshPin) return;
  const failure = await pinComparison(deps, client, where, reply.refreshPin).catch((error: Error) => blankReply('error', error.message));
  if (failure) deps.logger.warn('pinned comparison not refreshed', { channel: where.channel, reason: failure.title });
}

/** Lets the acknowledgement leave the process before the answer's work takes the event loop. */
const yieldToAck = () => new Promise<void>((resolve) => setImmediate(resolve));

async function answer(deps: SlackDeps, client: SlackClient, request: BotRequest): Promise<Reply> {
  return deps.bot.handle({ ...request, admin: () => deps.isAdmin(client, request.user) });
}

/** `/ftcost <text>`: acknowledged at once, answered through the response_url; errors to the asker alone. */
export function slashCommand(deps: SlackDeps) {
  return async ({
    command,
    ack,
    respond,
    client,
  }: {
    command: { text: string; user_id: string; team_id: string; channel_id: string };
    ack: () => Promise<void>;
    respond: Respond;
    client: SlackClient;
  }) => {
    await ack();
    await yieldToAck();
    const where = { platform: 'slack' as const, workspace: command.team_id, channel: command.channel_id };
    const reply = await answer(deps, client, { ...where, user: command.user_id, text: command.text });
    if (reply.pin) {
      const failure = await pinComparison(deps, client, where, reply);
      if (failure) await respond({ response_type: 'ephemeral', ...message(failure) });
      return;
    }
    await respond({ response_type: reply.ephemeral ? 'ephemeral' : 'in_channel', ...message(reply) });
    // response_url cannot carry files: the chart follows as an upload to the channel.
    await shareChart(deps, client.files, reply, where, (hint) => respond({ response_type: 'ephemeral', ...message(hint) }));
    await refreshLivingPin(deps, client, where, reply);
  };
}

interface MentionEvent {
  text?: string;
  user?: string;
  channel: string;
  ts: string;
  thread_ts?: string;
  team?: string;
  bot_id?: string;
  subtype?: string;
}

/** `@ftcost …` in a channel or thread: the answer goes into the thread, whose context follow-ups share. */
export function appMention(deps: SlackDeps) {
  return async ({ event, client, context }: { event: MentionEvent; client: SlackClient; context: { teamId?: string } }) => {
    if (event.bot_id || !event.user) return;
    const thread = event.thread_ts ?? event.ts;
    const where = { platform: 'slack' as const, workspace: context.teamId ?? event.team ?? 'T', channel: event.channel };
    const reply = await answer(deps, client, { ...where, thread, user: event.user, text: event.text ?? '' });
    if (reply.pin) {
      const failure = await pinComparison(deps, client, where, reply);
      if (failure) await client.chat.postEphemeral({ channel: event.channel, user: event.user, thread_ts: thread, ...message(failure) });
      return;
    }
    if (reply.ephemeral) {
      await client.chat.postEphemeral({ channel: event.channel, user: event.user, thread_ts: thread, ...message(reply) });
      await refreshLivingPin(deps, client, where, reply);
      return;
    }
    await client.chat.postMessage({ channel: event.channel, thread_ts: thread, ...message(reply) });
    const user = event.user;
    await shareChart(deps, client.files, reply, { ...where, threadTs: thread }, (hint) =>
      client.chat.postEphemeral({ channel: event.channel, user, thread_ts: thread, ...message(hint) }),
    );
    await refreshLivingPin(deps, client, where, reply);
  };
}

/** Direct messages: no mention needed; other bots and edits are ignored. */
export function directMessage(deps: SlackDeps) {
  return async ({
    message: event,
    client,
    context,
  }: {
    message: MentionEvent & { channel_type?: string };
    client: SlackClient;
    context: { teamId?: string };
  }) => {
    if (event.channel_type !== 'im' || event.bot_id || event.subtype || !event.user) return;
    const where = { platform: 'slack' as const, workspace: context.teamId ?? event.team ?? 'T', channel: event.channel };
    const reply = await answer(deps, client, { ...where, thread: event.thread_ts, user: event.user, text: event.text ?? '' } as BotRequest);
    await client.chat.postMessage({
      channel: event.channel,
      ...(event.thread_ts ? { thread_ts: event.thread_ts } : {}),
      ...message(reply),
    });
    const user = event.user;
    await shareChart(deps, client.files, reply, { ...where, ...(event.thread_ts ? { threadTs: event.thread_ts } : {}) }, (hint) =>
      client.chat.postEphemeral({
        channel: event.channel,
        user,
        ...(event.thread_ts ? { thread_ts: event.thread_ts } : {}),
        ...message(hint),
      }),
    );
  };
}

interface ButtonBody {
  user: { id: string };
  team?: { id: string } | null;
  channel?: { id: string };
  message?: { ts?: string; thread_ts?: string };
}

/** The answer buttons: compare all methods, pin this comparison, breakdown and assumptions. */
export function button(deps: SlackDeps) {
  return async ({
    action,
    body,
    ack,
    respond,
    client,
  }: {
    action: { action_id: string; value?: string };
    body: ButtonBody;
    ack: () => Promise<void>;
    respond: Respond;
    client: SlackClient;
  }) => {
    await ack();
    await yieldToAck();
    const id = action.action_id.replace(/^ftcost_/, '') as ActionId;
    const channel = body.channel?.id;
    if (!channel) return;
    const where = { platform: 'slack' as const, workspace: body.team?.id ?? 'T', channel };
    const thread = body.message?.thread_ts ?? body.message?.ts;
    const reply = await answer(deps, client, {
      ...where,
      ...(thread ? { thread } : {}),
      user: body.user.id,
      action: { id, payload: action.value ?? '' },
    });
    if (reply.pin) {
      const failure = await pinComparison(deps, client, where, reply);
      if (failure) await respond({ response_type: 'ephemeral', replace_original: false, ...message(failure) });
      return;
    }
    await respond({ response_type: reply.ephemeral ? 'ephemeral' : 'in_channel', replace_original: false, ...message(reply) });
    // The answer goes where the pressed message is: into its thread when it is a reply in one.
    const inThread = body.message?.thread_ts && body.message.thread_ts !== body.message.ts ? body.message.thread_ts : undefined;
    await shareChart(deps, client.files, reply, { ...where, ...(inThread ? { threadTs: inThread } : {}) }, (hint) =>
      respond({ response_type: 'ephemeral', replace_original: false, ...message(hint) }),
    );
    await refreshLivingPin(deps, client, where, reply);
  };
}

/** users.info, cached for ten minutes: Slack workspace admins and owners may change settings and pins. */
export function adminCache(ttlMs = 10 * 60 * 1000, now: () => number = Date.now): SlackDeps['isAdmin'] {
  const cache = new Map<string, { admin: boolean; until: number }>();
  return async (client, user) => {
    const hit = cache.get(user);
    if (hit && hit.until > now()) return hit.admin;
    const info = await client.users.info({ user });
    const admin = Boolean(info.user?.is_admin || info.user?.is_owner || info.user?.is_primary_owner);
    cache.set(user, { admin, until: now() + ttlMs });
    if (cache.size > 5000) cache.delete(cache.keys().next().value as string);
    return admin;
  };
}
