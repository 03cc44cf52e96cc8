import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  authorization: string | undefined;
}

type Handler = (params: Record<string, unknown>, call: ApiCall) => { status?: number; headers?: Record<string, string>; body: unknown };

export interface FakeSlack {
  /** Web API base for SLACK_API_URL. */
  apiUrl: string;
  origin: string;
  calls: ApiCall[];
  /** Messages posted to response_url, by id. */
  responses: Array<{ id: string; body: Record<string, unknown> }>;
  responseUrl(id: string): string;
  /** Overrides for Web API methods (return Slack's JSON). */
  handlers: Record<string, Handler>;
  admins: Set<string>;
  /** Socket Mode: envelopes sent to the connected app, and the acks it sent back. */
  socket: { connections: number; acks: Array<Record<string, unknown>>; send(envelope: Record<string, unknown>): Promise<Record<string, unknown>> };
  callsTo(method: string): ApiCall[];
  close(): Promise<void>;
}

let tsCounter = 1_700_000_000;

/** A Slack Web API (and response_url, and Socket Mode) on 127.0.0.1, answering like Slack does. */
export async function startFakeSlack(): Promise<FakeSlack> {
  const sockets = new Set<WebSocket>();
  const waiting = new Map<string, (ack: Record<string, unknown>) => void>();
  const fake: FakeSlack = {
    apiUrl: '',
    origin: '',
    calls: [],
    responses: [],
    responseUrl: (id) => `${fake.origin}/respond/${id}`,
    handlers: {},
    admins: new Set(),
    socket: {
      connections: 0,
      acks: [],
      send(envelope) {
        return new Promise((resolve, reject) => {
          const socket = [...sockets][0];
          if (!socket) return reject(new Error('no Socket Mode connection'));
          waiting.set(String(envelope.envelope_id), resolve);
          socket.send(JSON.stringify(envelope));
        });
      },
    },
    callsTo: (method) => fake.calls.filter((c) => c.method === method),
    close: async () => {
      for (const s of sockets) s.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const defaults: Record<string, Handler> = {
    'auth.test': () => ({ body: { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'ftcost', team_id: 'T1', user_id: 'UBOT', bot_id: 'BBOT' } }),
    'chat.postMessage': (p) => ({ body: { ok: true, channel: p.channel, ts: `${(tsCounter += 1)}.000100`, message: { text: p.text } } }),
    'chat.update': (p) => ({ body: { ok: true, channel: p.channel, ts: p.ts } }),
    'chat.postEphemeral': () => ({ body: { ok: true, message_ts: `${(tsCounter += 1)}.000200` } }),
    'pins.add': () => ({ body: { ok: true } }),
    'users.info': (p) => ({ body: { ok: true, user: { id: p.user, is_admin: fake.admins.has(String(p.user)), is_owner: false } } }),
    'apps.connections.open': () => ({ body: { ok: true, url: `${fake.origin.replace('http', 'ws')}/link` } }),
    'oauth.v2.access': () => ({
      body: {
        ok: true,
        access_token: 'xoxb-installed-token',
        token_type: 'bot',
        scope: 'commands,chat:write',
        bot_user_id: 'UBOT2',
        app_id: 'A1',
        team: { id: 'T9', name: 'Installed' },
        enterprise: null,
        is_enterprise_install: false,
        authed_user: { id: 'U9' },
      },
    }),
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', fake.origin);
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (url.pathname.startsWith('/respond/')) {
        fake.responses.push({ id: url.pathname.slice('/respond/'.length), body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} });
        return send(200, { ok: true });
      }
      if (!url.pathname.startsWith('/api/')) return send(404, { ok: false, error: 'not_found' });
      const method = url.pathname.slice('/api/'.length);
      let params: Record<string, unknown> = Object.fromEntries(url.searchParams);
      if (raw) {
        if ((req.headers['content-type'] ?? '').includes('application/json')) params = { ...params, ...(JSON.parse(raw) as Record<string, unknown>) };
        else params = { ...params, ...Object.fromEntries(new URLSearchParams(raw)) };
      }
      for (const key of ['blocks', 'attachments']) {
        if (typeof params[key] === 'string') params[key] = JSON.parse(params[key] as string);
      }
      const call: ApiCall = { method, params, authorization: req.headers.authorization };
      fake.calls.push(call);
      const handler = fake.handlers[method] ?? defaults[method];
      if (!handler) return send(200, { ok: false, error: 'unknown_method' });
      const out = handler(params, call);
      send(out.status ?? 200, out.body, out.headers);
    });
  });

  const wss = new WebSocketServer({ server, path: '/link' });
  wss.on('connection', (socket) => {
    sockets.add(socket);
    fake.socket.connections += 1;
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data) => {
      const ack = JSON.parse(data.toString()) as Record<string, unknown>;
      fake.socket.acks.push(ack);
      const resolve = waiting.get(String(ack.envelope_id));
      if (resolve) {
        waiting.delete(String(ack.envelope_id));
        resolve(ack);
      }
    });
    socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 3600 }, connection_info: { app_id: 'A1' } }));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  fake.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.apiUrl = `${fake.origin}/api/`;
  return fake;
}

/** Headers Slack sends with a request: v0 signature over `v0:timestamp:body`. */
export function slackSignature(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}
