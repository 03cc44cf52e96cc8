import { deliver, type DeliveryDeps } from '../../bot/delivery.js';
import type { Bot, BotRequest } from '../../bot/core.js';
import type { ActionId } from '../../reply/reply.js';
import type { Logger } from '../../log.js';
import { drawChart } from '../../render/image.js';
import type { ChartDeps } from './chart.js';
import { slackConversation, type Respond, type SlackClient, type SlackConversationDeps, type SlackRoute } from './conversation.js';

export type { Respond, SlackClient } from './conversation.js';

/**
 * Slack listeners as plain functions grouped by kind (bolt-js template style): each turns what Bolt
 * hands a listener into a request and a conversation, and hands both to the core's one delivery flow.
 */

export interface SlackDeps extends ChartDeps, SlackConversationDeps {
  bot: Bot;
  logger: Logger;
  /** Admin rights by user, cached: only settings changes and pin replacement need them. */
  isAdmin(client: SlackClient, user: string): Promise<boolean>;
}

const deliveryDeps = (deps: SlackDeps): DeliveryDeps => ({ bot: deps.bot, logger: deps.logger, draw: (image) => drawChart(deps, image) });

/** Lets the acknowledgement leave the process before the answer's work takes the event loop. */
const yieldToAck = () => new Promise<void>((resolve) => setImmediate(resolve));

async function run(deps: SlackDeps, client: SlackClient, request: BotRequest, route: SlackRoute): Promise<void> {
  const where = { platform: request.platform, workspace: request.workspace, channel: request.channel };
  const conversation = slackConversation(deps, client, where, route);
  await deliver(deliveryDeps(deps), conversation, { ...request, admin: () => deps.isAdmin(client, request.user) });
}

/** `/ftcost <text>`: acknowledged at once, answered through the response_url. */
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
    const request: BotRequest = {
      platform: 'slack',
      workspace: command.team_id,
      channel: command.channel_id,
      user: command.user_id,
      text: command.text,
    };
    await run(deps, client, request, { kind: 'respond', respond, user: command.user_id });
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
    const workspace = context.teamId ?? event.team ?? 'T';
    const request: BotRequest = { platform: 'slack', workspace, channel: event.channel, thread, user: event.user, text: event.text ?? '' };
    await run(deps, client, request, { kind: 'message', user: event.user, threadTs: thread, direct: false });
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
    const workspace = context.teamId ?? event.team ?? 'T';
    const request: BotRequest = {
      platform: 'slack',
      workspace,
      channel: event.channel,
      ...(event.thread_ts ? { thread: event.thread_ts } : {}),
      user: event.user,
      text: event.text ?? '',
    };
    await run(deps, client, request, {
      kind: 'message',
      user: event.user,
      ...(event.thread_ts ? { threadTs: event.thread_ts } : {}),
      direct: true,
    });
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
    const thread = body.message?.thread_ts ?? body.message?.ts;
    const request: BotRequest = {
      platform: 'slack',
      workspace: body.team?.id ?? 'T',
      channel,
      ...(thread ? { thread } : {}),
      user: body.user.id,
      action: { id, payload: action.value ?? '' },
    };
    // The chart goes where the pressed message is: into its thread when it is a reply in one.
    const inThread = body.message?.thread_ts && body.message.thread_ts !== body.message.ts ? body.message.thread_ts : undefined;
    await run(deps, client, request, {
      kind: 'respond',
      respond,
      user: body.user.id,
      replaceOriginal: false,
      ...(inThread ? { threadTs: inThread } : {}),
    });
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
