import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Behaviour =
  | { kind: 'json'; content: unknown; delayMs?: number }
  | { kind: 'raw'; content: string }
  | { kind: 'refusal'; text: string }
  | { kind: 'status'; status: number }
  | { kind: 'hang' };

export interface FakeOpenAI {
  baseUrl: string;
  /** Requests received, with their parsed bodies. */
  requests: Array<{ path: string; body: Record<string, unknown>; authorization: string | undefined }>;
  /** What the next requests get; when the queue is empty, `fallback`. */
  queue: Behaviour[];
  fallback: Behaviour;
  /** Checks a request as a particular server would: an error answers it instead of the queue. */
  validate?: (body: Record<string, unknown>) => { status: number; error: Record<string, unknown> } | undefined;
  /** Rewrites the JSON text of a `json` answer as a particular server writes it (code fences, left-out nulls). */
  render?: (content: unknown, body: Record<string, unknown>) => string;
  /** Whether answers carry OpenAI's `refusal: null` field (Ollama and others leave it out). */
  refusalField?: boolean;
  close(): Promise<void>;
}

const completion = (message: Record<string, unknown>, refusalField = true) => ({
  id: 'chatcmpl-fake',
  object: 'chat.completion',
  created: 1_764_000_000,
  model: 'fake-model',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', ...(refusalField ? { refusal: null } : {}), ...message },
      finish_reason: 'stop',
      logprobs: null,
    },
  ],
  usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
});

/** An OpenAI-compatible chat completions endpoint on 127.0.0.1, scripted per request. */
export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const hanging = new Set<ServerResponse>();
  const fake: FakeOpenAI = {
    baseUrl: '',
    requests: [],
    queue: [],
    fallback: { kind: 'status', status: 500 },
    close: async () => {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        body = {};
      }
      fake.requests.push({ path: req.url ?? '', body, authorization: req.headers.authorization });
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      const refused = fake.validate?.(body);
      if (refused) return send(refused.status, { error: refused.error });
      const behaviour = fake.queue.shift() ?? fake.fallback;
      switch (behaviour.kind) {
        case 'json': {
          const text = fake.render ? fake.render(behaviour.content, body) : JSON.stringify(behaviour.content);
          const reply = () => send(200, completion({ content: text }, fake.refusalField !== false));
          if (behaviour.delayMs) setTimeout(reply, behaviour.delayMs);
          else reply();
          return;
        }
        case 'raw':
          return send(200, completion({ content: behaviour.content }, fake.refusalField !== false));
        case 'refusal':
          return send(200, completion({ content: null, refusal: behaviour.text }));
        case 'status':
          return send(behaviour.status, { error: { message: 'fake failure', type: 'server_error' } });
        case 'hang':
          hanging.add(res);
          res.on('close', () => hanging.delete(res));
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}
