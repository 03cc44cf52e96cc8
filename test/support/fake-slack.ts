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

/** A file uploaded the way files.uploadV2 does it: getUploadURLExternal, the bytes, completeUploadExternal. */
export interface FakeUpload {
  id: string;
  filename: string;
  /** The length announced to files.getUploadURLExternal. */
  length: number;
  altText?: string;
  /** The bytes POSTed to the upload URL. */
  data?: Buffer;
  completed: boolean;
  completedAt?: number;
  title?: string;
  /** Where completeUploadExternal shared it; undefined: private to the app. */
  channel?: string;
  threadTs?: string;
  initialComment?: string;
}

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
  /** Files uploaded through files.getUploadURLExternal → upload URL → files.completeUploadExternal, in order. */
  uploads: FakeUpload[];
  /** Uploads completed with these file ids (the data may be read with decodePng). */
  upload(id: string): FakeUpload | undefined;
  /**
   * Slack processes an upload asynchronously: for this long after completeUploadExternal, an image
   * block naming the file is refused with invalid_blocks (0: at once usable).
   */
  fileReadyMs: number;
  /** Wait this long before answering any Web API call or response_url post (0: at once), to keep the bot's work in flight. */
  delayMs: number;
  /** Socket Mode: envelopes sent to the connected app, and the acks it sent back. */
  socket: {
    connections: number;
    acks: Array<Record<string, unknown>>;
    send(envelope: Record<string, unknown>): Promise<Record<string, unknown>>;
  };
  callsTo(method: string): ApiCall[];
  close(): Promise<void>;
}

let tsCounter = 1_700_000_000;

/** The first part of a multipart/form-data body that carries a file name (the upload's bytes). */
function firstFilePart(raw: Buffer, contentType: string): Buffer | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) return undefined;
  const marker = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let start = raw.indexOf(marker);
  while (start !== -1) {
    const next = raw.indexOf(marker, start + marker.length);
    if (next === -1) return undefined;
    const part = raw.subarray(start + marker.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split !== -1 && /filename="/.test(part.subarray(0, split).toString())) return Buffer.from(part.subarray(split + 4));
    start = next;
  }
  return undefined;
}

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
    uploads: [],
    upload: (id) => fake.uploads.find((u) => u.id === id),
    fileReadyMs: 0,
    delayMs: 0,
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

  /** Image blocks must name a file uploaded, completed and processed: otherwise Slack answers invalid_blocks. */
  const blockProblem = (blocks: unknown): string | undefined => {
    if (!Array.isArray(blocks)) return undefined;
    for (const [i, block] of (blocks as Array<Record<string, unknown>>).entries()) {
      if (block.type !== 'image') continue;
      const id = (block.slack_file as { id?: string } | undefined)?.id;
      if (!id) continue;
      const upload = fake.upload(id);
      if (!upload?.completed || Date.now() - (upload.completedAt ?? 0) < fake.fileReadyMs)
        return `invalid slack file [json-pointer:/blocks/${i}/slack_file]`;
    }
    return undefined;
  };
  const withBlocks =
    (handler: Handler): Handler =>
    (p, call) => {
      const problem = blockProblem(p.blocks);
      return problem
        ? { body: { ok: false, error: 'invalid_blocks', errors: [problem], response_metadata: { messages: [`[ERROR] ${problem}`] } } }
        : handler(p, call);
    };
  let fileCounter = 0;

  const defaults: Record<string, Handler> = {
    'auth.test': () => ({
      body: { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'ftcost', team_id: 'T1', user_id: 'UBOT', bot_id: 'BBOT' },
    }),
    'chat.postMessage': withBlocks((p) => ({
      body: { ok: true, channel: p.channel, ts: `${(tsCounter += 1)}.000100`, message: { text: p.text } },
    })),
    'chat.update': withBlocks((p) => ({ body: { ok: true, channel: p.channel, ts: p.ts } })),
    'files.getUploadURLExternal': (p) => {
      const length = Number(p.length);
      if (!p.filename || !Number.isInteger(length) || length <= 0) return { body: { ok: false, error: 'invalid_arguments' } };
      const id = `F${String((fileCounter += 1)).padStart(8, '0')}`;
      fake.uploads.push({
        id,
        filename: String(p.filename),
        length,
        ...(p.alt_text !== undefined ? { altText: String(p.alt_text) } : {}),
        completed: false,
      });
      return { body: { ok: true, upload_url: `${fake.origin}/upload/v1/${id}`, file_id: id } };
    },
    'files.completeUploadExternal': (p) => {
      const files = (Array.isArray(p.files) ? p.files : []) as Array<{ id?: string; title?: string }>;
      const uploads = files.map((f) => fake.upload(String(f.id)));
      if (files.length === 0 || uploads.some((u) => !u?.data)) return { body: { ok: false, error: 'file_not_found' } };
      if (p.thread_ts !== undefined && p.channel_id === undefined) return { body: { ok: false, error: 'invalid_arguments' } };
      return {
        body: {
          ok: true,
          files: uploads.map((u, i) => {
            const upload = u as FakeUpload;
            Object.assign(upload, {
              completed: true,
              completedAt: Date.now(),
              title: files[i]?.title ?? upload.filename,
              ...(p.channel_id !== undefined ? { channel: String(p.channel_id) } : {}),
              ...(p.thread_ts !== undefined ? { threadTs: String(p.thread_ts) } : {}),
              ...(p.initial_comment !== undefined ? { initialComment: String(p.initial_comment) } : {}),
            });
            return {
              id: upload.id,
              name: upload.filename,
              title: upload.title,
              mimetype: 'image/png',
              filetype: 'png',
              size: upload.data?.length ?? 0,
              is_public: p.channel_id !== undefined,
            };
          }),
        },
      };
    },
    'chat.postEphemeral': () => ({ body: { ok: true, message_ts: `${(tsCounter += 1)}.000200` } }),
    'pins.add': () => ({ body: { ok: true } }),
    // chat.delete (docs.slack.dev/reference/methods/chat.delete): the bot's own message, by channel and ts.
    'chat.delete': (p) => ({ body: { ok: true, channel: p.channel, ts: p.ts } }),
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
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const raw = bytes.toString('utf8');
      const url = new URL(req.url ?? '/', fake.origin);
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        const answer = () => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(body));
        };
        if (fake.delayMs > 0) setTimeout(answer, fake.delayMs);
        else answer();
      };
      if (url.pathname.startsWith('/upload/v1/')) {
        // The upload URL: the file's bytes, as a multipart form (the WebClient) or the raw body.
        const upload = fake.upload(url.pathname.slice('/upload/v1/'.length));
        if (!upload || upload.completed) {
          res.writeHead(404, { 'content-type': 'text/plain' });
          return res.end('not found');
        }
        const contentType = req.headers['content-type'] ?? '';
        upload.data = contentType.startsWith('multipart/form-data') ? (firstFilePart(bytes, contentType) ?? Buffer.alloc(0)) : bytes;
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end(`OK - ${upload.data.length}`);
      }
      if (url.pathname.startsWith('/respond/')) {
        fake.responses.push({ id: url.pathname.slice('/respond/'.length), body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} });
        return send(200, { ok: true });
      }
      if (!url.pathname.startsWith('/api/')) return send(404, { ok: false, error: 'not_found' });
      const method = url.pathname.slice('/api/'.length);
      let params: Record<string, unknown> = Object.fromEntries(url.searchParams);
      if (raw) {
        if ((req.headers['content-type'] ?? '').includes('application/json'))
          params = { ...params, ...(JSON.parse(raw) as Record<string, unknown>) };
        else params = { ...params, ...Object.fromEntries(new URLSearchParams(raw)) };
      }
      for (const key of ['blocks', 'attachments', 'files']) {
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
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'fake', approximate_connection_time: 3600 },
        connection_info: { app_id: 'A1' },
      }),
    );
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

/** A /ftcost slash command as Slack posts it (form-encoded), answered at `responseUrl`. */
export function slashCommandForm(o: { text: string; responseUrl: string; team?: string; channel?: string; user?: string }): string {
  return new URLSearchParams({
    token: 'x',
    team_id: o.team ?? 'T1',
    team_domain: 'fake',
    channel_id: o.channel ?? 'C1',
    channel_name: 'ml',
    user_id: o.user ?? 'U1',
    user_name: 'ada',
    command: '/ftcost',
    text: o.text,
    response_url: o.responseUrl,
    trigger_id: 't',
    api_app_id: 'A1',
  }).toString();
}
