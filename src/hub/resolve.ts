import { z } from 'zod';
import { quote, resolveModel, type Parsed, type ResolvedModel } from '../engine/index.js';
import { ModelShapeSchema } from '../engine/catalog/schema.js';
import { paramCounts } from '../engine/shape.js';
import { DEFAULT_TTL_MS, type ShapeCache } from './cache.js';
import { DEFAULT_ENDPOINT, DEFAULT_TIMEOUT_MS, readModel } from './client.js';
import { configToShape } from './convert.js';
import { parseRepoRef } from './repo-id.js';

export interface HubOptions {
  /** HF_ENDPOINT: the Hub or a mirror (default https://huggingface.co). */
  endpoint?: string;
  /** HF_TOKEN, for gated and private repos; sent to the endpoint only, never logged or cached. */
  token?: string;
  /** One time limit for all the requests of a lookup. */
  timeoutMs?: number;
  cache?: ShapeCache;
  ttlMs?: number;
  /** HF_HUB_OFFLINE: answer from the cache or the built-in catalog only. */
  offline?: boolean;
  fetch?: typeof fetch;
  now?: () => Date;
}

/** A model read from the Hub: the engine's model, what was read, and sentences the answer should carry. */
export interface HubModel {
  model: ResolvedModel;
  repo: string;
  revision: string;
  /** The commit read (a revision when the Hub gave none). */
  sha: string;
  notes: string[];
  /** The Hub was not asked: the shape came from the cache, or from the built-in catalog when the Hub was unreachable. */
  from: 'hub' | 'cache' | 'catalog';
}

const CACHE_VERSION = 1;

const CachedSchema = z.object({
  version: z.literal(CACHE_VERSION),
  repo: z.string(),
  revision: z.string(),
  sha: z.string(),
  notes: z.array(z.string()),
  name: z.string(),
  shape: ModelShapeSchema,
  maxContext: z.number().int().positive(),
  source: z.string(),
  asOf: z.string(),
});
type Cached = z.infer<typeof CachedSchema>;

const toHubModel = (c: Cached, from: HubModel['from'], typed: string): HubModel => {
  const canonical = `${c.repo}@${c.revision}`;
  const model: ResolvedModel = {
    id: c.repo,
    name: c.name,
    shape: c.shape,
    params: paramCounts(c.shape),
    maxContext: c.maxContext,
    synthesized: false,
    source: c.source,
    asOf: c.asOf,
    ...(typed.trim() !== c.repo && typed.trim() !== canonical ? { resolvedFrom: `${typed.trim()} → ${canonical}` } : {}),
  };
  return { model, repo: c.repo, revision: c.revision, sha: c.sha, notes: c.notes, from };
};

/**
 * A Hugging Face model by id (`org/name`, `org/name@revision`, or its huggingface.co URL), as a
 * model the engine can plan for. Reads config.json and the Hub's safetensors count (cached), and
 * when the Hub cannot be reached falls back to the built-in catalog model of that name, saying so.
 * Never throws: bad ids, missing, gated or non-model repos, timeouts are one line each.
 */
export async function resolveHubModel(text: string, options: HubOptions = {}): Promise<Parsed<HubModel>> {
  const ref = parseRepoRef(text);
  if (!ref.ok) return ref;
  const { repo, revision } = ref.value;
  const endpoint = (options.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
  const key = `ftcost:hub:v${CACHE_VERSION}:${endpoint}|${repo}@${revision}`;

  const hit = await Promise.resolve(options.cache?.get(key)).catch(() => undefined);
  const cached = hit === undefined ? undefined : CachedSchema.safeParse(hit);
  if (cached?.success) return { ok: true, value: toHubModel(cached.data, 'cache', text) };

  if (options.offline) return fromCatalog(text, repo, 'HF_HUB_OFFLINE is set');
  const read = await readModel(ref.value, {
    endpoint,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(options.token ? { token: options.token } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  if (!read.ok) return read.unreachable ? fromCatalog(text, repo, read.error.replace(/^model: /, '')) : { ok: false, error: read.error };

  const shape = configToShape(read.value.repo, read.value.config, read.value.safetensors);
  if (!shape.ok) return shape;
  const date = (options.now?.() ?? new Date()).toISOString().slice(0, 10);
  const counted = read.value.safetensors ? `; the Hub's safetensors count ${read.value.safetensors.total.toLocaleString('en-US')}` : '';
  const entry: Cached = {
    version: CACHE_VERSION,
    repo: read.value.repo,
    revision,
    sha: read.value.sha,
    notes: shape.value.notes,
    name: read.value.repo,
    shape: shape.value.shape,
    maxContext: shape.value.maxContext,
    source: `${read.value.repo}@${revision} (commit ${read.value.sha.slice(0, 12)}), ${shape.value.architecture} config.json read from ${endpoint}${counted}`,
    asOf: date,
  };
  await Promise.resolve(options.cache?.set(key, entry, options.ttlMs ?? DEFAULT_TTL_MS)).catch(() => undefined);
  return { ok: true, value: toHubModel(entry, 'hub', text) };
}

/** The built-in model of that name when the Hub cannot be asked, or the reason in one line. */
function fromCatalog(text: string, repo: string, why: string): Parsed<HubModel> {
  const builtIn = resolveModel(repo);
  if (!builtIn.ok || builtIn.value.synthesized) {
    return {
      ok: false,
      error: `model: ${quote(repo, 80)} is not a built-in model and ${why}; built-in models (ftcost models) work offline`,
    };
  }
  const m = builtIn.value;
  return {
    ok: true,
    value: {
      model: { ...m, resolvedFrom: `${text.trim()} → ${m.id} (built-in catalog)` },
      repo,
      revision: 'catalog',
      sha: 'catalog',
      notes: [`The Hugging Face Hub was not read: ${why}. Using the built-in catalog's ${m.id} (shape as of ${m.asOf}).`],
      from: 'catalog',
    },
  };
}
