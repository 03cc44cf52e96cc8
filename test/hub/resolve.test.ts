import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimate } from '../../src/engine/index.js';
import { DiskCache, resolveHubModel, type ShapeCache } from '../../src/hub/index.js';
import { startFakeHub, type FakeHub } from '../support/fake-hub.js';
import { assumptionLines } from '../../src/reply/words.js';

const GRANTED = 'hf_fake_granted_token_0123456789';
const OTHER = 'hf_fake_other_token_0123456789';
let hub: FakeHub;

beforeAll(async () => {
  hub = await startFakeHub({
    tokens: [GRANTED, OTHER],
    granted: [GRANTED],
    extraRepos: {
      // Constructed, not from the Hub: repos for the refusal cases.
      'someone/broken-config': {
        sha: 'a'.repeat(40),
        lastModified: '2026-12-01T00:00:00.000Z',
        gated: false,
        files: { 'config.json': '{"model_type": "llama", "hidden_size": 4096}' },
      },
      'someone/model-GGUF': { sha: 'b'.repeat(40), lastModified: '2026-12-01T00:00:00.000Z', gated: false, files: {} },
      'someone/not-json': {
        sha: 'c'.repeat(40),
        lastModified: '2026-12-01T00:00:00.000Z',
        gated: false,
        files: { 'config.json': '{"hidden_size": 4096,' },
      },
      'someone/hybrid': {
        sha: 'd'.repeat(40),
        lastModified: '2026-12-01T00:00:00.000Z',
        gated: false,
        files: {
          'config.json': JSON.stringify({
            architectures: ['JambaForCausalLM'],
            model_type: 'jamba',
            hidden_size: 4096,
            num_hidden_layers: 32,
          }),
        },
      },
    },
  });
});
afterAll(async () => {
  await hub?.close();
});

const at = (extra: Record<string, unknown> = {}) => ({ endpoint: hub.endpoint, timeoutMs: 5000, ...extra });
async function read(text: string, extra: Record<string, unknown> = {}) {
  const r = await resolveHubModel(text, at(extra));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}
const billions = (n: number) => Math.round(n / 1e7) / 100;

describe('resolveHubModel against a loopback Hub serving real config.json files', () => {
  it('dense Qwen3: 32.76B parameters, the Hub count agrees, the source names repo, revision and commit', async () => {
    const m = await read('Qwen/Qwen3-32B');
    expect(m.model.params.total).toBe(32_762_123_264);
    expect(m.from).toBe('hub');
    expect(m.model.shape).toMatchObject({
      hidden: 5120,
      layers: 64,
      heads: 64,
      kvHeads: 8,
      headDim: 128,
      qkNorm: true,
      tiedEmbeddings: false,
    });
    expect(m.model.source).toMatch(
      /^Qwen\/Qwen3-32B@main \(commit [0-9a-f]{12}\), Qwen3ForCausalLM config\.json read from http:\/\/127\.0\.0\.1:\d+; the Hub's safetensors count 32,762,123,264$/,
    );
    expect(m.notes).toEqual([]);
    // The official client's routes: model info at the revision, then a range probe and a read of config.json at the commit.
    const paths = hub.requests.map((r) => r.path);
    expect(paths.some((p) => p.startsWith('/api/models/Qwen/Qwen3-32B/revision/main?') && p.includes('expand=safetensors'))).toBe(true);
    expect(paths).toContain(`/Qwen/Qwen3-32B/resolve/${m.sha}/config.json`);
  });

  it('Qwen3 MoE: 30.5B total, 3.35B active', async () => {
    const m = await read('Qwen/Qwen3-30B-A3B');
    expect(billions(m.model.params.total)).toBe(30.53);
    expect(billions(m.model.params.active)).toBe(3.35);
    expect(m.model.shape).toMatchObject({ experts: 128, expertsPerToken: 8, intermediate: 768, denseLayers: 0 });
  });

  it('Mistral: 23.57B', async () => {
    expect((await read('mistralai/Mistral-Small-24B-Base-2501')).model.params.total).toBe(23_572_403_200);
  });

  it('DeepSeek-V3-style MoE with MLA and FP8 weights: 671B, 37.6B active, shared expert and dense-first layers, a note on FP8 and MTP', async () => {
    const m = await read('deepseek-ai/DeepSeek-R1');
    expect(m.model.params.total).toBe(671_026_419_200);
    expect(billions(m.model.params.active)).toBe(37.55);
    expect(m.model.shape).toMatchObject({ sharedExperts: 1, denseLayers: 3, denseIntermediate: 18432, headDim: 192, routerBias: true });
    expect(m.model.shape.mla).toEqual({ qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 });
    expect(m.notes.join(' ')).toMatch(/FP8 weights: training frameworks upcast them to bf16/);
    expect(m.notes.join(' ')).toMatch(/multi-token-prediction layer is left out/);
  });

  it('gpt-oss with MXFP4: 116.83B from the config, the packed Hub count is named as such, and what MXFP4 means for fine-tuning', async () => {
    const m = await read('openai/gpt-oss-120b');
    expect(m.model.params.total).toBe(116_829_156_672);
    expect(billions(m.model.params.matmul)).toBe(5.13);
    expect(m.model.shape).toMatchObject({
      attnSinks: true,
      expertBias: true,
      routerBias: true,
      qkvBias: true,
      attnOutBias: true,
      experts: 128,
      expertsPerToken: 4,
    });
    const notes = m.notes.join(' ');
    expect(notes).toMatch(/MXFP4 .* dequantized to bf16/);
    expect(notes).toMatch(/The Hub counts 63\.1B stored values \(U8 pack several quantized weights each\)/);
  });

  it('Gemma 3 with a text_config (gated): with a granted HF_TOKEN, the text model plus a frozen tower sized from the Hub count', async () => {
    const m = await read('google/gemma-3-27b-it', { token: GRANTED });
    expect(m.model.params.total).toBe(27_432_406_640);
    expect(m.model.shape).toMatchObject({
      hidden: 5376,
      layers: 62,
      vocab: 262208,
      tiedEmbeddings: true,
      normsPerLayer: 4,
      towerParams: 423_060_336,
    });
    expect(m.notes.join(' ')).toMatch(/text_config omits vocab_size, max_position_embeddings, tie_word_embeddings/);
    expect(hub.requests.filter((r) => r.path.includes('gemma-3-27b-it')).every((r) => r.authorized)).toBe(true);
  });

  it('a gated repo without HF_TOKEN, or with a token that has no access, is one line naming HF_TOKEN and where to ask', async () => {
    const without = await resolveHubModel('google/gemma-3-27b-it', at());
    expect(without).toEqual({
      ok: false,
      error: `model: "google/gemma-3-27b-it" is gated on Hugging Face: set HF_TOKEN to a token of an account that has access (request it at ${hub.endpoint}/google/gemma-3-27b-it)`,
    });
    const other = await resolveHubModel('google/gemma-3-27b-it', at({ token: OTHER }));
    expect(!other.ok && other.error).toMatch(/gated and the account of HF_TOKEN has no access yet; request it at/);
    expect(!other.ok && other.error).not.toContain(OTHER);
  });

  it.each([
    ['no-such-org/no-such-model', /^model: no model "no-such-org\/no-such-model" on Hugging Face \(or it is private: set HF_TOKEN\)/],
    ['HuggingFaceH4/ultrachat_200k', /is a dataset on Hugging Face, not a model/],
    ['datasets/HuggingFaceH4/ultrachat_200k', /is a dataset on Hugging Face, not a model/],
    ['open-llm-leaderboard/open_llm_leaderboard', /is a Space on Hugging Face, not a model/],
    ['spaces/foo/bar', /is a Space on Hugging Face, not a model/],
    ['Qwen/Qwen3-32B@no-such-branch', /has no revision "no-such-branch"/],
    [
      'someone/broken-config',
      /config\.json of "someone\/broken-config" lacks num_hidden_layers, num_attention_heads, vocab_size, intermediate_size/,
    ],
    ['someone/model-GGUF', /has no config\.json \(a GGUF-only or diffusers repo\?\)/],
    ['someone/not-json', /config\.json is not valid JSON/],
    ['someone/hybrid', /mixes recurrent or linear-attention layers/],
    ['../../etc/passwd', /is not a Hugging Face model id/],
    ['org/na me', /is not a Hugging Face model id/],
    ['org/name--x', /is not a Hugging Face model id/],
    ['a/b/c', /is not a Hugging Face model id/],
    ['org/<script>', /is not a Hugging Face model id/],
  ])('%s: one clear line', async (text, message) => {
    const r = await resolveHubModel(text, at());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(message);
    expect(r.error.split('\n')).toHaveLength(1);
    expect(r.error.length).toBeLessThan(300);
  });

  it('an invalid HF_TOKEN is refused by name, and the token is never echoed', async () => {
    const bad = 'hf_not_a_known_token_000000000000';
    const r = await resolveHubModel('Qwen/Qwen3-32B', at({ token: bad }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(/refused HF_TOKEN \(invalid or expired\)/);
    expect(r.error).not.toContain(bad);
  });

  it('a URL or @revision names the same repo, and the answer says how it was read', async () => {
    const m = await read(`https://huggingface.co/Qwen/Qwen3-32B/tree/main`);
    expect(m.repo).toBe('Qwen/Qwen3-32B');
    expect(m.model.resolvedFrom).toBe('https://huggingface.co/Qwen/Qwen3-32B/tree/main → Qwen/Qwen3-32B@main');
    const pinned = await read('Qwen/Qwen3-32B@main');
    expect(pinned.model.params.total).toBe(32_762_123_264);
  });
});

describe('time limit, offline, and the cache', () => {
  it('a Hub slower than the limit: one line naming the limit, within about that time; a catalog model falls back to the built-in shape', async () => {
    hub.delayMs = 2000;
    try {
      const started = Date.now();
      const r = await resolveHubModel('someone/slow-model', at({ timeoutMs: 300 }));
      expect(Date.now() - started).toBeLessThan(1500);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/did not answer within 0\.3 s \(HF_TIMEOUT_MS sets the limit\)/);
      const fallback = await resolveHubModel('Qwen/Qwen3-32B@main', at({ timeoutMs: 300 }));
      expect(fallback.ok && fallback.value.from).toBe('catalog');
      if (fallback.ok) {
        expect(fallback.value.model.id).toBe('qwen3-32b');
        expect(fallback.value.notes[0]).toMatch(
          /^The Hugging Face Hub was not read: .*did not answer within 0\.3 s.*\. Using the built-in catalog's qwen3-32b \(shape as of 2025-04-29\)\.$/,
        );
      }
    } finally {
      hub.delayMs = 0;
    }
  });

  it('nothing listening: a clear offline line, or the built-in model with a note', async () => {
    const closed = await closedPort();
    const r = await resolveHubModel('someone/anything', { endpoint: `http://127.0.0.1:${closed}`, timeoutMs: 2000 });
    expect(!r.ok && r.error).toMatch(
      /^model: "someone\/anything" is not a built-in model and cannot reach the Hugging Face Hub at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): offline\?/,
    );
    const known = await resolveHubModel('openai/gpt-oss-20b', { endpoint: `http://127.0.0.1:${closed}`, timeoutMs: 2000 });
    expect(known.ok && known.value.model.id).toBe('gpt-oss-20b');
    const offline = await resolveHubModel('Qwen/Qwen3-32B', { endpoint: hub.endpoint, offline: true });
    expect(offline.ok && offline.value.notes[0]).toMatch(/HF_HUB_OFFLINE is set/);
  });

  it('a resolved shape is cached (on disk here) and served without asking the Hub until its TTL passes', async () => {
    let now = Date.parse('2026-12-01T00:00:00Z');
    const cache = new DiskCache(mkdtempSync(join(tmpdir(), 'ftcost-hub-cache-')), () => now);
    const first = await read('Qwen/Qwen3-30B-A3B', { cache, ttlMs: 3_600_000 });
    expect(first.from).toBe('hub');
    const before = hub.requests.length;
    const second = await read('Qwen/Qwen3-30B-A3B', { cache, ttlMs: 3_600_000 });
    expect(second.from).toBe('cache');
    expect(second.model.params).toEqual(first.model.params);
    expect(second.model.source).toBe(first.model.source);
    expect(hub.requests.length).toBe(before);
    now += 3_600_001;
    expect((await read('Qwen/Qwen3-30B-A3B', { cache, ttlMs: 3_600_000 })).from).toBe('hub');
  });

  it('a Keyv-like store works as the cache; a corrupt entry is a miss, not a crash, and the token is not stored', async () => {
    const store = new Map<string, unknown>();
    const cache: ShapeCache = { get: async (k) => store.get(k), set: async (k, v) => store.set(k, v) };
    await read('google/gemma-3-27b-it', { cache, token: GRANTED });
    expect(JSON.stringify([...store.entries()])).not.toContain(GRANTED);
    for (const key of store.keys()) store.set(key, { version: 1, shape: 'garbage' });
    const again = await read('google/gemma-3-27b-it', { cache, token: GRANTED });
    expect(again.from).toBe('hub');
  });

  it('the resolved model goes through the engine unchanged (EngineContext.models)', async () => {
    const m = await read('Qwen/Qwen3-32B');
    const r = estimate(
      { method: 'qlora', model: 'Qwen/Qwen3-32B', examples: 10_000, epochs: 3 },
      { models: new Map([['Qwen/Qwen3-32B', m.model]]) },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.model).toMatchObject({ id: 'Qwen/Qwen3-32B', paramsB: 32.76 });
    expect(assumptionLines(r.value)[0]).toMatch(
      /^Model: Qwen\/Qwen3-32B, 32\.8B parameters; shape from Qwen\/Qwen3-32B@main \(commit [0-9a-f]{12}\)/,
    );
  });
});

/** A port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
