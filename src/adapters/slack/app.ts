import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { App, LogLevel, type Installation, type InstallationQuery, type Logger as BoltLogger } from '@slack/bolt';
import type { Bot } from '../../bot/core.js';
import { Lifecycle } from '../lifecycle.js';
import type { Logger } from '../../log.js';
import type { Store } from '../../store/index.js';
import { SLACK_SCOPES } from './manifest.js';
import { safeRetryConfig } from './retry.js';
import { onceEvery } from './chart.js';
import { adminCache, appMention, button, directMessage, slashCommand, type SlackClient, type SlackDeps } from './listeners.js';

export interface SlackAppOptions {
  bot: Bot;
  store: Store;
  logger: Logger;
  botToken?: string;
  signingSecret?: string;
  /** Socket Mode when set. */
  appToken?: string;
  /** Web API base (SLACK_API_URL): a proxy, or a loopback fake in tests. */
  apiUrl?: string;
  port?: number;
  /** For teams that distribute the app: Bolt's OAuth install flow, installations kept in the store. */
  oauth?: { clientId: string; clientSecret: string; stateSecret: string };
  /** Web API retries, only for calls Slack surely did not act on (429 after Retry-After, connection refused). */
  retries?: number;
  /** How long a delivered event id is remembered, across instances when the store is Redis. */
  eventDedupeMs?: number;
  /** Wait before retrying a pinned message whose chart Slack refused as not yet processed (default 2,000 ms). */
  chartRetryMs?: number;
  /** Where commands, events and buttons in flight are registered (main.ts shares one with the other adapters). */
  lifecycle?: Lifecycle;
  /** stop(): how long the work in flight may take to finish (default 10,000 ms). */
  stopDeadlineMs?: number;
}

export interface RunningSlackApp {
  app: App;
  /** The HTTP port in HTTP mode (with port 0, the one the OS chose). */
  port?: number;
  /** Takes no new work: HTTP mode answers 503 (Slack retries the event elsewhere), Socket Mode disconnects. */
  stopAccepting(): Promise<void>;
  /** Stops taking work, lets what is in flight finish (up to the deadline), then stops. */
  stop(): Promise<void>;
}

/** What a request is, for the shutdown log: kind, channel, user or event id; never the text. */
function describeSlack(body: Record<string, unknown>): string {
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 40) : '?');
  if (typeof body.command === 'string') return `slack ${text(body.command)} in ${text(body.channel_id)} by ${text(body.user_id)}`;
  if (typeof body.event_id === 'string') {
    const event = body.event as { type?: unknown; channel?: unknown } | undefined;
    return `slack event ${text(event?.type)} ${text(body.event_id)} in ${text(event?.channel)}`;
  }
  const action = (body.actions as Array<{ action_id?: unknown }> | undefined)?.[0];
  if (action) return `slack button ${text(action.action_id)} by ${text((body.user as { id?: unknown } | undefined)?.id)}`;
  return `slack ${text(body.type)}`;
}

/**
 * In HTTP mode, a gate in front of Bolt's request handler: while shutting down, requests get 503
 * (Slack retries events, behind a load balancer on another instance); each request counts as in
 * flight until its response is sent, so a request read before the listener starts is not missed.
 */
function gate(server: Server, lifecycle: Lifecycle): void {
  const handlers = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!lifecycle.accepting) {
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5', connection: 'close' });
      res.end('shutting down');
      return;
    }
    const end = lifecycle.begin(`slack HTTP ${req.method ?? ''} ${(req.url ?? '').slice(0, 40)}`);
    res.once('close', end);
    for (const handler of handlers) handler.call(server, req, res);
  });
}

/** Bolt's logger interface, writing through ours (which masks tokens). */
function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (args: unknown[]) =>
    args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  return {
    debug: (...args: unknown[]) => logger.debug(text(args), { from: 'bolt' }),
    info: (...args: unknown[]) => logger.info(text(args), { from: 'bolt' }),
    warn: (...args: unknown[]) => logger.warn(text(args), { from: 'bolt' }),
    error: (...args: unknown[]) => logger.error(text(args), { from: 'bolt' }),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** Installations by team (or enterprise) in the store's `installations` namespace. */
function installationStore(store: Store) {
  const kv = store.ns<Installation>('installations');
  const keyOf = (q: { isEnterpriseInstall?: boolean; enterpriseId?: string | undefined; teamId?: string | undefined }) =>
    q.isEnterpriseInstall && q.enterpriseId ? `enterprise:${q.enterpriseId}` : `team:${q.teamId ?? ''}`;
  return {
    storeInstallation: async (installation: Installation) =>
      kv.set(
        keyOf({
          isEnterpriseInstall: installation.isEnterpriseInstall ?? false,
          enterpriseId: installation.enterprise?.id,
          teamId: installation.team?.id,
        }),
        installation,
      ),
    fetchInstallation: async (query: InstallationQuery<boolean>) => {
      const found = await kv.get(keyOf(query));
      if (!found) throw new Error('no installation for this workspace');
      return found;
    },
    deleteInstallation: async (query: InstallationQuery<boolean>) => kv.delete(keyOf(query)),
  };
}

/**
 * The Slack app: Bolt in HTTP mode (signed requests on /slack/events) or Socket Mode, the /ftcost
 * command, mentions, DMs and buttons wired to the listeners. Events Slack retries are recognised by
 * event id through the store, so several instances answer each once.
 */
export async function startSlackApp(options: SlackAppOptions): Promise<RunningSlackApp> {
  const { bot, store, logger } = options;
  const clientOptions = {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/` } : {}),
    retryConfig: safeRetryConfig(options.retries ?? 2),
  };
  const common = { logger: boltLogger(logger), clientOptions, ignoreSelf: true };
  const oauth = options.oauth
    ? {
        clientId: options.oauth.clientId,
        clientSecret: options.oauth.clientSecret,
        stateSecret: options.oauth.stateSecret,
        scopes: [...SLACK_SCOPES],
        installationStore: installationStore(store),
        installerOptions: { directInstall: true, clientOptions },
      }
    : { token: options.botToken };
  const app = options.appToken
    ? new App({ ...common, ...oauth, appToken: options.appToken, socketMode: true })
    : new App({
        ...common,
        ...oauth,
        signingSecret: options.signingSecret ?? '',
        ...(options.port !== undefined ? { port: options.port } : {}),
      });

  const deps: SlackDeps = {
    bot,
    logger,
    isAdmin: adminCache(),
    // A hint about the chart (missing files:write, not in the channel) is given once in six hours, not on every answer.
    hintOnce: onceEvery(),
    ...(options.chartRetryMs !== undefined ? { chartRetryMs: options.chartRetryMs } : {}),
  };
  const lifecycle = options.lifecycle ?? new Lifecycle();
  const dedupeMs = options.eventDedupeMs ?? 60 * 60 * 1000;
  app.use(async ({ body, next }) => {
    // In flight from here until every listener has finished (Bolt's next() waits for them).
    const end = lifecycle.begin(describeSlack(body as Record<string, unknown>));
    try {
      const eventId = (body as { event_id?: string }).event_id;
      if (eventId && !(await store.claim('events', `slack:${eventId}`, dedupeMs))) {
        logger.info('duplicate Slack event ignored', { eventId });
        return;
      }
      await next();
    } finally {
      end();
    }
  });
  app.command('/ftcost', async (args) => slashCommand(deps)({ ...args, client: args.client as unknown as SlackClient }));
  app.event('app_mention', async (args) =>
    appMention(deps)({ event: args.event as never, client: args.client as unknown as SlackClient, context: args.context }),
  );
  app.message(async (args) =>
    directMessage(deps)({ message: args.message as never, client: args.client as unknown as SlackClient, context: args.context }),
  );
  app.action(/^ftcost_(compare|pin|details)$/, async (args) =>
    button(deps)({
      action: args.action as never,
      body: args.body as never,
      ack: args.ack,
      respond: args.respond as never,
      client: args.client as unknown as SlackClient,
    }),
  );
  app.error(async (error) => {
    logger.error('slack handler failed', { error: error.message });
  });

  const started = (await app.start(options.port ?? 3000)) as Server | undefined;
  const http = started && typeof started.address === 'function' ? started : undefined;
  if (http) gate(http, lifecycle);
  const address = http ? (http.address() as AddressInfo | null) : null;
  logger.info('slack app started', { mode: options.appToken ? 'socket' : 'http', port: address?.port });
  let stopped: Promise<void> | undefined;
  const stopApp = () => (stopped ??= app.stop().then(() => undefined));
  const stopAccepting = async () => {
    lifecycle.stopAccepting();
    // Socket Mode has no 503: disconnecting is how it stops taking events (answers go over HTTP).
    if (!http) await stopApp();
  };
  return {
    app,
    ...(address ? { port: address.port } : {}),
    stopAccepting,
    stop: async () => {
      await stopAccepting();
      const abandoned = await lifecycle.drain(options.stopDeadlineMs ?? 10_000);
      if (abandoned.length > 0) logger.warn('slack app stopped with work in flight', { inFlight: abandoned.map((w) => w.what) });
      await stopApp();
    },
  };
}
