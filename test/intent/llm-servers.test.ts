import { afterEach, describe, expect, it } from 'vitest';
import { createIntentParser, emptySlots, intentSchema, LlmParser, readAnswer, type Slots } from '../../src/intent/index.js';
import { startJsonObjectOnly, startOllamaLike, startStrictOpenAI, strictSchemaProblem } from '../support/fake-llm-servers.js';
import type { FakeOpenAI } from '../support/fake-openai.js';

/**
 * The LLM path against three loopback servers that refuse what real ones refuse (see
 * test/support/fake-llm-servers.ts). Each must yield an LLM-assisted parse; a failure must be
 * logged with its reason.
 */

const answer = (intent: string, slots: Partial<Slots>) => ({ intent, slots: { ...emptySlots(), ...slots } });
const TEXT = 'roughly what would a qlora run on the 70b one cost us, ten thousand rows, three passes';
const EXPECTED = { intent: 'estimate', slots: { method: 'qlora', model: 'llama-3.1-70b', examples: 10000, epochs: 3 } };

function recorder() {
  const lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  return {
    lines,
    warn: (message: string, fields?: Record<string, unknown>) => lines.push({ level: 'warn', message, fields }),
    info: (message: string, fields?: Record<string, unknown>) => lines.push({ level: 'info', message, fields }),
  };
}

let server: FakeOpenAI | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const llmOn = (fake: FakeOpenAI, logger: ReturnType<typeof recorder>, extra: Partial<ConstructorParameters<typeof LlmParser>[0]> = {}) =>
  new LlmParser({ baseUrl: fake.baseUrl, apiKey: 'sk-test-servers', model: 'm', timeoutMs: 2000, logger, ...extra });

describe('the schema sent is inside OpenAI strict mode subset', () => {
  it('no keyword strict mode refuses, every object closed, every property required', () => {
    expect(strictSchemaProblem(intentSchema())).toBeUndefined();
    expect(JSON.stringify(intentSchema())).not.toMatch(/maxLength|minLength|exclusiveMinimum|maximum|minimum|pattern|format|\$schema/);
  });

  it('the fake refuses what strict mode refuses', () => {
    expect(
      strictSchemaProblem({
        type: 'object',
        properties: { a: { type: 'string', maxLength: 3 } },
        required: ['a'],
        additionalProperties: false,
      }),
    ).toMatch(/'maxLength' is not permitted/);
    expect(
      strictSchemaProblem({ type: 'object', properties: { a: { type: 'string' } }, required: [], additionalProperties: false }),
    ).toMatch(/Missing 'a'/);
  });
});

describe('an LLM-assisted parse from each kind of server', () => {
  it('OpenAI strict: json_schema accepted, the answer used, no temperature sent', async () => {
    server = await startStrictOpenAI();
    server.queue.push({ kind: 'json', content: answer('estimate', { method: 'qlora', model: '70b', examples: 10000, epochs: 3 }) });
    const logger = recorder();
    const parser = createIntentParser({ llm: llmOn(server, logger), logger });
    const result = await parser.parse(TEXT);
    expect(result).toMatchObject({ source: 'llm', ...EXPECTED });
    const body = server.requests[0]!.body;
    expect((body.response_format as { type: string; json_schema: { strict: boolean } }).json_schema.strict).toBe(true);
    expect(body).not.toHaveProperty('temperature');
    expect(logger.lines).toHaveLength(0);
  });

  it('OpenAI strict with a temperature configured: refused once, logged, then sent without it', async () => {
    server = await startStrictOpenAI();
    server.queue.push({ kind: 'json', content: answer('estimate', { method: 'qlora', model: '70b', examples: 10000, epochs: 3 }) });
    const logger = recorder();
    const parser = createIntentParser({ llm: llmOn(server, logger, { temperature: 0 }), logger });
    expect(await parser.parse(TEXT)).toMatchObject({ source: 'llm', ...EXPECTED });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.body).not.toHaveProperty('temperature');
    expect(logger.lines.some((l) => /temperature/.test(l.message))).toBe(true);
  });

  it('Ollama-like: one system message, an answer without its null slots still read', async () => {
    server = await startOllamaLike();
    server.queue.push({ kind: 'json', content: answer('estimate', { method: 'qlora', model: '70b', examples: 10000, epochs: 3 }) });
    const logger = recorder();
    const parser = createIntentParser({ llm: llmOn(server, logger), logger });
    const context = { intent: 'estimate' as const, slots: { ...emptySlots(), method: 'lora', model: 'llama-3.1-8b', examples: 5000 } };
    const result = await parser.parse(TEXT, context);
    expect(result).toMatchObject({ source: 'llm', ...EXPECTED });
    const messages = server.requests[0]!.body.messages as Array<{ role: string; content: string }>;
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[0]!.content).toContain('Previous request');
  });

  it('JSON mode only: json_schema refused (logged with the reason), json_object used from then on', async () => {
    server = await startJsonObjectOnly();
    server.fallback = { kind: 'json', content: answer('compare', { methods: ['lora', 'qlora'], model: '70b', question: 'cheapest' }) };
    const logger = recorder();
    const llm = llmOn(server, logger);
    const parser = createIntentParser({ llm, logger });
    const result = await parser.parse('which comes out cheaper for the 70b llama, lora or qlora');
    expect(result).toMatchObject({
      source: 'llm',
      intent: 'compare',
      slots: { methods: ['lora', 'qlora'], model: 'llama-3.1-70b', question: 'cheapest' },
    });
    const warning = logger.lines.find((l) => /refused response_format json_schema/.test(l.message));
    expect(warning?.fields?.reason).toMatch(/json_schema/);
    expect(llm.mode).toBe('json_object');
    await parser.parse('and which is cheaper for the 8b one');
    const types = server.requests.map((r) => (r.body.response_format as { type: string }).type);
    expect(types).toEqual(['json_schema', 'json_object', 'json_object']);
  });

  it('each server passes the start-up self-test', async () => {
    for (const start of [startStrictOpenAI, startOllamaLike, startJsonObjectOnly]) {
      const fake = await start();
      fake.fallback = { kind: 'json', content: answer('estimate', { method: 'qlora', model: '70b', examples: 10000, epochs: 3 }) };
      const logger = recorder();
      const parser = createIntentParser({ llm: llmOn(fake, logger), logger });
      expect(await parser.selfTest!()).toMatchObject({ ok: true });
      expect(logger.lines.some((l) => l.level === 'info' && /self-test passed/.test(l.message))).toBe(true);
      await fake.close();
    }
  });
});

describe('a failure is logged with its reason, and the rules answer', () => {
  it('a server that refuses every response format: each refusal logged, then the rules', async () => {
    server = await startJsonObjectOnly();
    server.validate = () => ({ status: 400, error: { message: 'response_format is not supported', type: 'invalid_request_error' } });
    const logger = recorder();
    const parser = createIntentParser({ llm: llmOn(server, logger), logger });
    const result = await parser.parse(TEXT);
    expect(result).toMatchObject({ source: 'rules', ...EXPECTED });
    expect(parser.lastFallback).toBe('http');
    const reasons = logger.lines.map((l) => `${l.message} ${JSON.stringify(l.fields)}`);
    expect(reasons.some((r) => /json_schema; trying json_object/.test(r))).toBe(true);
    expect(reasons.some((r) => /answered by the rules/.test(r) && /HTTP 400/.test(r))).toBe(true);
  });

  it('an answer that is not JSON is logged as invalid; the self-test reports it', async () => {
    server = await startOllamaLike();
    server.fallback = { kind: 'raw', content: 'I think this is an estimate!' };
    const logger = recorder();
    const parser = createIntentParser({ llm: llmOn(server, logger), logger });
    expect(await parser.selfTest!()).toMatchObject({ ok: false, detail: expect.stringMatching(/^invalid/) });
    expect(logger.lines.some((l) => l.level === 'warn' && /self-test failed/.test(l.message) && l.fields?.reason === 'invalid')).toBe(true);
  });

  it('logs never carry the message text or the key', async () => {
    server = await startJsonObjectOnly();
    server.validate = () => ({ status: 400, error: { message: 'response_format is not supported' } });
    const logger = recorder();
    const parser = createIntentParser({ llm: llmOn(server, logger), logger });
    await parser.parse('secret project falcon: qlora on 70b?');
    const logged = JSON.stringify(logger.lines);
    expect(logged).not.toContain('falcon');
    expect(logged).not.toContain('sk-test-servers');
  });
});

describe('answers read leniently', () => {
  it.each([
    ['```json\n{"intent":"help","slots":{}}\n```', 'help'],
    ['Here you go: {"intent": "estimate", "method": "lora", "examples": "5000"}', 'estimate'],
    ['{"intent":"Explain","slots":{"topic":"qlora","model":"null"}}', 'explain'],
  ])('%s', (content, intent) => {
    const read = readAnswer(content) as { intent: string; slots: Record<string, unknown> };
    expect(read.intent).toBe(intent);
    expect(Object.keys(read.slots)).toEqual(Object.keys(emptySlots()));
  });

  it('numbers as strings become numbers; over-long names are dropped', () => {
    const read = readAnswer(`{"intent":"estimate","slots":{"examples":"5000","model":"${'x'.repeat(200)}"}}`) as { slots: Slots };
    expect(read.slots.examples).toBe(5000);
    expect(read.slots.model).toBeNull();
  });
});
