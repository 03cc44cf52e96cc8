import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** Snowflakes of the fake's world. */
export const IDS = {
  app: '1100000000000000001',
  guild: '1200000000000000001',
  channel: '1300000000000000001',
  otherChannel: '1300000000000000002',
  thread: '1300000000000000003',
  dm: '1300000000000000009',
  admin: '1400000000000000001',
  member: '1400000000000000002',
  otherBot: '1400000000000000003',
  adminRole: '1500000000000000001',
  command: '1600000000000000001',
} as const;

export interface RestCall {
  method: string;
  /** Path after /api/v10, without the query. */
  path: string;
  query: string;
  body: Record<string, unknown> | undefined;
  files: Array<{ name: string; filename: string; contentType: string; data: Buffer }>;
  authorization: string | undefined;
  at: number;
}

/** An attachment as Discord keeps it: the file's name, size and type, the description from the body's `attachments`, and (here) the bytes. */
export interface StoredAttachment {
  id: string;
  filename: string;
  size: number;
  content_type?: string;
  description?: string;
  /** The uploaded bytes (not part of Discord's JSON), for tests to decode. */
  data?: Buffer;
}

export interface StoredMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: Array<Record<string, unknown>>;
  components: unknown[];
  attachments: StoredAttachment[];
  flags: number;
  pinned: boolean;
  allowed_mentions?: unknown;
  webhook_id?: string;
  edits: number;
}

type Override = (call: RestCall) => { status: number; body?: unknown; headers?: Record<string, string> } | undefined;

export interface FakeDiscord {
  /** REST base for DISCORD_API_URL. */
  apiUrl: string;
  token: string;
  calls: RestCall[];
  messages: Map<string, StoredMessage>;
  identifies: Array<{ token: string; intents: number }>;
  resumes: number;
  connections: number;
  openSockets(): number;
  /** Replace a route's answer (return undefined to fall through to the default). */
  overrides: Override[];
  /** Wait this long before answering any REST call except GET /gateway/bot (0: at once), to keep the bot's work in flight. */
  delayMs: number;
  slash(sub: string, options?: Record<string, string | boolean>, as?: Actor): Promise<string>;
  autocomplete(sub: string, focused: string, value: string, as?: Actor): Promise<string>;
  button(customId: string, message: StoredMessage, as?: Actor): Promise<string>;
  message(content: string, as?: Actor & { mentionBot?: boolean; bot?: boolean }): Promise<string>;
  /** Closes every gateway connection with a close code (4000: unknown error, so the client resumes). */
  dropConnections(code?: number): void;
  /** Calls on one interaction's callback and webhook routes, by its token. */
  callsFor(token: string): RestCall[];
  waitFor(check: () => boolean, what: string, ms?: number): Promise<void>;
  close(): Promise<void>;
}

export interface Actor {
  user?: string;
  channel?: string;
  /** false for a DM. */
  guild?: boolean;
  admin?: boolean;
  roles?: string[];
}

const botUser = { id: IDS.app, username: 'ftcost', discriminator: '0', global_name: 'ftcost', avatar: null, bot: true };
const userOf = (id: string, bot = false) => ({
  id,
  username: id === IDS.admin ? 'ada' : id === IDS.otherBot ? 'otherbot' : 'grace',
  discriminator: '0',
  global_name: null,
  avatar: null,
  ...(bot ? { bot: true } : {}),
});
const now = () => new Date().toISOString();

/** Splits a multipart/form-data body (discord.js sends files that way) into payload_json and files. */
function parseMultipart(raw: Buffer, contentType: string): { body: Record<string, unknown> | undefined; files: RestCall['files'] } {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const files: RestCall['files'] = [];
  let body: Record<string, unknown> | undefined;
  if (!boundary) return { body, files };
  const marker = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let start = raw.indexOf(marker);
  while (start !== -1) {
    const next = raw.indexOf(marker, start + marker.length);
    if (next === -1) break;
    const part = raw.subarray(start + marker.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, split).toString();
    const data = part.subarray(split + 4);
    const name = /name="([^"]+)"/.exec(headers)?.[1] ?? '';
    const filename = /filename="([^"]+)"/.exec(headers)?.[1];
    if (filename)
      files.push({ name, filename, contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? '', data: Buffer.from(data) });
    else if (name === 'payload_json') body = JSON.parse(data.toString()) as Record<string, unknown>;
    start = next;
  }
  return { body, files };
}

/** A Discord gateway and REST API on 127.0.0.1, answering like Discord does for the calls ftcost makes. */
export async function startFakeDiscord(options: { token?: string } = {}): Promise<FakeDiscord> {
  const token = options.token ?? 'fake-discord-bot-token.AAAA.bbbb';
  const sockets = new Set<WebSocket>();
  const interactionChannel = new Map<string, { channel: string; guild: string | undefined; original?: string }>();
  let seq = 0;
  let snowflake = 1_700_000_000_000_000_000n;
  const nextId = () => (snowflake += 1n).toString();
  let origin = '';

  const guildCreate = () => ({
    id: IDS.guild,
    name: 'ML team',
    icon: null,
    owner_id: '1499999999999999999',
    unavailable: false,
    member_count: 4,
    large: false,
    features: [],
    emojis: [],
    stickers: [],
    premium_tier: 0,
    preferred_locale: 'en-US',
    system_channel_flags: 0,
    joined_at: now(),
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    afk_timeout: 300,
    roles: [
      {
        id: IDS.guild,
        name: '@everyone',
        permissions: String((1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 16n)),
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
      {
        id: IDS.adminRole,
        name: 'ftcost-admins',
        permissions: '0',
        position: 1,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    channels: [
      {
        id: IDS.channel,
        type: 0,
        guild_id: IDS.guild,
        name: 'ml-costs',
        position: 0,
        permission_overwrites: [],
        parent_id: null,
        nsfw: false,
        topic: null,
        last_message_id: null,
        rate_limit_per_user: 0,
      },
      {
        id: IDS.otherChannel,
        type: 0,
        guild_id: IDS.guild,
        name: 'general',
        position: 1,
        permission_overwrites: [],
        parent_id: null,
        nsfw: false,
        topic: null,
        last_message_id: null,
        rate_limit_per_user: 0,
      },
    ],
    threads: [
      {
        id: IDS.thread,
        type: 11,
        guild_id: IDS.guild,
        parent_id: IDS.channel,
        name: 'llama fine-tune',
        owner_id: IDS.member,
        last_message_id: null,
        rate_limit_per_user: 0,
        message_count: 0,
        member_count: 2,
        thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: now(), locked: false },
      },
    ],
    members: [{ user: botUser, roles: [], joined_at: now(), deaf: false, mute: false, flags: 0 }],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  });

  const send = (socket: WebSocket, payload: Record<string, unknown>) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(payload));
  };
  const dispatch = async (t: string, d: unknown) => {
    if (sockets.size === 0) throw new Error('no gateway connection');
    for (const s of sockets) send(s, { op: 0, t, s: (seq += 1), d });
  };

  const member = (as: Actor) => {
    const user = as.user ?? IDS.member;
    const admin = as.admin ?? false;
    return {
      user: userOf(user),
      roles: as.roles ?? [],
      permissions: String(admin ? (1n << 5n) | (1n << 10n) | (1n << 11n) : (1n << 10n) | (1n << 11n)),
      joined_at: now(),
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
    };
  };
  const channelObject = (id: string, inGuild: boolean) =>
    inGuild
      ? id === IDS.thread
        ? {
            id,
            type: 11,
            guild_id: IDS.guild,
            parent_id: IDS.channel,
            name: 'llama fine-tune',
            thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: now(), locked: false },
          }
        : { id, type: 0, guild_id: IDS.guild, name: 'ml-costs', permission_overwrites: [], position: 0, parent_id: null, nsfw: false }
      : { id, type: 1, recipients: [userOf(IDS.member)], last_message_id: null, flags: 0 };

  async function interaction(
    type: number,
    data: Record<string, unknown>,
    as: Actor = {},
    extra: Record<string, unknown> = {},
  ): Promise<string> {
    const inGuild = as.guild ?? true;
    const channel = as.channel ?? (inGuild ? IDS.channel : IDS.dm);
    const id = nextId();
    const interactionToken = `itok-${id}`;
    interactionChannel.set(interactionToken, { channel, guild: inGuild ? IDS.guild : undefined });
    await dispatch('INTERACTION_CREATE', {
      id,
      application_id: IDS.app,
      type,
      data,
      channel_id: channel,
      channel: channelObject(channel, inGuild),
      ...(inGuild
        ? { guild_id: IDS.guild, guild: { id: IDS.guild, features: [], locale: 'en-US' }, member: member(as), guild_locale: 'en-US' }
        : { user: userOf(as.user ?? IDS.member) }),
      token: interactionToken,
      version: 1,
      app_permissions: String((1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 51n)),
      locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': IDS.guild },
      context: inGuild ? 0 : 1,
      attachment_size_limit: 8 * 1024 * 1024,
      ...extra,
    });
    return interactionToken;
  }

  const messageJson = (m: StoredMessage, guild?: string) => ({
    id: m.id,
    type: 0,
    channel_id: m.channel_id,
    ...(guild ? { guild_id: guild } : {}),
    author: botUser,
    content: m.content,
    embeds: m.embeds,
    components: m.components,
    attachments: m.attachments.map(({ data: _data, ...a }) => ({
      ...a,
      url: `${origin}/attachments/${a.id}/${a.filename}`,
      proxy_url: `${origin}/attachments/${a.id}/${a.filename}`,
    })),
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: m.pinned,
    tts: false,
    timestamp: now(),
    edited_timestamp: m.edits ? now() : null,
    flags: m.flags,
    ...(m.webhook_id ? { webhook_id: m.webhook_id, application_id: IDS.app } : {}),
  });

  /**
   * Attachments from the uploaded files: `files[n]` goes with the body's `attachments` entry whose id
   * is n (discord.js and the REST client number them from 0), which carries the description.
   */
  const attachmentsOf = (body: Record<string, unknown> | undefined, files: RestCall['files']): StoredAttachment[] => {
    const listed = (body?.attachments as Array<{ id?: string | number; description?: string }> | undefined) ?? [];
    return files.map((f, index) => {
      const key = /^files\[(\d+)\]$/.exec(f.name)?.[1] ?? String(index);
      const entry = listed.find((a) => String(a.id) === key);
      return {
        id: nextId(),
        filename: f.filename,
        size: f.data.length,
        ...(f.contentType ? { content_type: f.contentType } : {}),
        ...(entry?.description !== undefined ? { description: entry.description } : {}),
        data: f.data,
      };
    });
  };

  const storeMessage = (
    channel: string,
    body: Record<string, unknown> | undefined,
    files: RestCall['files'],
    webhook?: boolean,
  ): StoredMessage => {
    const m: StoredMessage = {
      id: nextId(),
      channel_id: channel,
      content: String(body?.content ?? ''),
      embeds: (body?.embeds as StoredMessage['embeds']) ?? [],
      components: (body?.components as unknown[]) ?? [],
      attachments: attachmentsOf(body, files),
      flags: Number(body?.flags ?? 0),
      pinned: false,
      allowed_mentions: body?.allowed_mentions,
      ...(webhook ? { webhook_id: IDS.app } : {}),
      edits: 0,
    };
    fake.messages.set(m.id, m);
    return m;
  };
  const editMessage = (m: StoredMessage, body: Record<string, unknown> | undefined, files: RestCall['files']) => {
    if (body?.content !== undefined) m.content = String(body.content ?? '');
    if (body?.embeds !== undefined) m.embeds = body.embeds as StoredMessage['embeds'];
    if (body?.components !== undefined) m.components = body.components as unknown[];
    if (body?.allowed_mentions !== undefined) m.allowed_mentions = body.allowed_mentions;
    if (files.length || body?.attachments !== undefined) {
      const kept = (body?.attachments as Array<{ id?: string }> | undefined)?.filter((a) => m.attachments.some((x) => x.id === a.id)) ?? [];
      m.attachments = [...m.attachments.filter((a) => kept.some((k) => k.id === a.id)), ...attachmentsOf(body, files)];
    }
    m.edits += 1;
  };

  function route(call: RestCall): { status: number; body?: unknown; headers?: Record<string, string> } {
    for (const override of fake.overrides) {
      const answer = override(call);
      if (answer) return answer;
    }
    const { method, path } = call;
    const open = /^\/(interactions|webhooks)\//.test(path);
    if (!open && call.authorization !== `Bot ${token}`) return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return {
        status: 200,
        body: {
          url: origin.replace('http', 'ws') + '/gateway',
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
        },
      };
    }
    if (method === 'POST' && (m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path))) {
      const info = interactionChannel.get(m[2] ?? '');
      if (!info) return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
      const type = Number(call.body?.type);
      if (type === 4 || type === 5) {
        const data = (call.body?.data as Record<string, unknown> | undefined) ?? {};
        info.original = storeMessage(info.channel, type === 4 ? data : { flags: data.flags ?? 0, content: '' }, call.files, true).id;
      }
      return { status: 204 };
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/.exec(path))) {
      const info = interactionChannel.get(m[2] ?? '');
      const original = info?.original ? fake.messages.get(info.original) : undefined;
      if (!info || !original) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
      if (method === 'DELETE') {
        fake.messages.delete(original.id);
        return { status: 204 };
      }
      if (method === 'PATCH') {
        editMessage(original, call.body, call.files);
        return { status: 200, body: messageJson(original, info.guild) };
      }
    }
    if (method === 'POST' && (m = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(path))) {
      const info = interactionChannel.get(m[2] ?? '');
      if (!info) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
      return { status: 200, body: messageJson(storeMessage(info.channel, call.body, call.files, true), info.guild) };
    }
    if (method === 'POST' && (m = /^\/channels\/(\d+)\/messages$/.exec(path))) {
      return { status: 200, body: messageJson(storeMessage(m[1] ?? '', call.body, call.files)) };
    }
    if (method === 'PATCH' && (m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path))) {
      const message = fake.messages.get(m[2] ?? '');
      if (!message || message.channel_id !== m[1]) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
      editMessage(message, call.body, call.files);
      return { status: 200, body: messageJson(message) };
    }
    // Delete Message (discord.com/developers/docs/resources/message#delete-message): 204, or 10008 for an unknown message.
    if (method === 'DELETE' && (m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path))) {
      const message = fake.messages.get(m[2] ?? '');
      if (!message || message.channel_id !== m[1]) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
      fake.messages.delete(m[2] ?? '');
      return { status: 204 };
    }
    if (method === 'PUT' && (m = /^\/channels\/(\d+)\/messages\/pins\/(\d+)$/.exec(path))) {
      const message = fake.messages.get(m[2] ?? '');
      if (!message || message.channel_id !== m[1]) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
      message.pinned = true;
      return { status: 204 };
    }
    if (method === 'PUT' && (m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path))) {
      const commands = Array.isArray(call.body) ? (call.body as Array<Record<string, unknown>>) : [];
      return {
        status: 200,
        body: commands.map((c) => ({
          id: nextId(),
          application_id: m?.[1],
          ...(m?.[2] ? { guild_id: m[2] } : {}),
          version: nextId(),
          default_member_permissions: null,
          ...c,
        })),
      };
    }
    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', origin);
    const contentType = req.headers['content-type'] ?? '';
    let body: Record<string, unknown> | undefined;
    let files: RestCall['files'] = [];
    if (contentType.startsWith('multipart/form-data')) ({ body, files } = parseMultipart(raw, contentType));
    else if (raw.length) body = JSON.parse(raw.toString()) as Record<string, unknown>;
    const call: RestCall = {
      method: req.method ?? 'GET',
      path: url.pathname.replace(/^\/api\/v\d+/, ''),
      query: url.search,
      body,
      files,
      authorization: req.headers.authorization,
      at: Date.now(),
    };
    fake.calls.push(call);
    const answer = route(call);
    if (fake.delayMs > 0 && call.path !== '/gateway/bot') await new Promise((resolve) => setTimeout(resolve, fake.delayMs));
    // A 204 carries no JSON content type (discord.js would try to parse it).
    if (answer.status === 204) {
      res.writeHead(204, answer.headers ?? {});
      res.end();
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
    res.end(JSON.stringify(answer.body ?? {}));
  }

  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch((error: Error) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: error.message, code: 0 }));
    });
  });
  const wss = new WebSocketServer({ server, path: '/gateway' });
  wss.on('connection', (socket) => {
    sockets.add(socket);
    fake.connections += 1;
    socket.on('close', () => sockets.delete(socket));
    send(socket, { op: 10, d: { heartbeat_interval: 41_250 } });
    socket.on('message', (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> };
      if (payload.op === 1) send(socket, { op: 11 });
      if (payload.op === 2) {
        fake.identifies.push({ token: String(payload.d.token), intents: Number(payload.d.intents) });
        if (payload.d.token !== token) {
          socket.close(4004, 'Authentication failed.');
          return;
        }
        send(socket, {
          op: 0,
          t: 'READY',
          s: (seq += 1),
          d: {
            v: 10,
            user: botUser,
            guilds: [{ id: IDS.guild, unavailable: true }],
            session_id: `session-${fake.identifies.length}`,
            resume_gateway_url: origin.replace('http', 'ws') + '/gateway',
            application: { id: IDS.app, flags: 0 },
            private_channels: [],
            relationships: [],
            presences: [],
            shard: [0, 1],
          },
        });
        send(socket, { op: 0, t: 'GUILD_CREATE', s: (seq += 1), d: guildCreate() });
      }
      if (payload.op === 6) {
        fake.resumes += 1;
        send(socket, { op: 0, t: 'RESUMED', s: (seq += 1), d: {} });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeDiscord = {
    apiUrl: `${origin}/api`,
    token,
    calls: [],
    messages: new Map(),
    identifies: [],
    resumes: 0,
    connections: 0,
    openSockets: () => [...sockets].filter((s) => s.readyState === s.OPEN).length,
    overrides: [],
    delayMs: 0,
    slash: (sub, options = {}, as = {}) =>
      interaction(
        2,
        {
          id: IDS.command,
          name: 'ftcost',
          type: 1,
          options: [
            {
              type: 1,
              name: sub,
              options: Object.entries(options).map(([name, value]) => ({ name, type: typeof value === 'boolean' ? 5 : 3, value })),
            },
          ],
        },
        as,
      ),
    autocomplete: (sub, focused, value, as = {}) =>
      interaction(
        4,
        {
          id: IDS.command,
          name: 'ftcost',
          type: 1,
          options: [{ type: 1, name: sub, options: [{ name: focused, type: 3, value, focused: true }] }],
        },
        as,
      ),
    button: (customId, message, as = {}) =>
      interaction(
        3,
        { custom_id: customId, component_type: 2 },
        { channel: message.channel_id, ...as },
        { message: messageJson(message, IDS.guild) },
      ),
    async message(content, as = {}) {
      const inGuild = as.guild ?? true;
      const channel = as.channel ?? (inGuild ? IDS.channel : IDS.dm);
      const author = userOf(as.user ?? (as.bot ? IDS.otherBot : IDS.member), as.bot);
      const id = nextId();
      await dispatch('MESSAGE_CREATE', {
        id,
        type: 0,
        channel_id: channel,
        channel_type: inGuild ? (channel === IDS.thread ? 11 : 0) : 1,
        ...(inGuild
          ? { guild_id: IDS.guild, member: { roles: as.roles ?? [], joined_at: now(), deaf: false, mute: false, flags: 0 } }
          : {}),
        author,
        content,
        mentions: as.mentionBot ? [botUser] : [],
        mention_roles: [],
        mention_everyone: false,
        timestamp: now(),
        edited_timestamp: null,
        tts: false,
        attachments: [],
        embeds: [],
        components: [],
        pinned: false,
        flags: 0,
      });
      return id;
    },
    dropConnections(code = 4000) {
      for (const s of sockets) s.close(code, 'fake gateway closed the connection');
    },
    callsFor: (interactionToken) => fake.calls.filter((c) => c.path.split('/').includes(interactionToken)),
    async waitFor(check, what, ms = 5000) {
      const start = Date.now();
      while (!check()) {
        if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: async () => {
      for (const s of sockets) s.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
