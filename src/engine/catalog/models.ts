import modelData from '../data/models.json' with { type: 'json' };
import { normalizeId, parseParamsB, quote, type Parsed } from '../quantities.js';
import { MIN_SYNTHESIZED_B, paramCounts, synthesizeShape, type ParamCounts } from '../shape.js';
import { closedModel } from './closed.js';
import { describeZodError, ModelSchema, type ModelEntry, type ModelShape } from './schema.js';
import { z } from 'zod';

export interface ResolvedModel {
  id: string;
  name: string;
  shape: ModelShape;
  params: ParamCounts;
  maxContext: number;
  synthesized: boolean;
  source: string;
  asOf: string;
  /** How the text typed was read, when it was not an exact id: "70b → llama-3.1-70b". */
  resolvedFrom?: string;
}

const parsed = z.object({ models: z.array(ModelSchema).min(1) }).safeParse(modelData);
if (!parsed.success) throw new Error(`models.json is invalid:\n${describeZodError(parsed.error).join('\n')}`);
export const MODELS: readonly ModelEntry[] = parsed.data.models;

const toResolved = (m: ModelEntry): ResolvedModel => ({
  id: m.id,
  name: m.name,
  shape: m.shape,
  params: paramCounts(m.shape),
  maxContext: m.maxContext,
  synthesized: false,
  source: m.source,
  asOf: m.asOf,
});

const RESOLVED = new Map<string, ResolvedModel>(MODELS.map((m) => [m.id, toResolved(m)]));
const BY_KEY = new Map<string, ModelEntry>();
for (const m of MODELS) {
  for (const name of [m.id, m.name, ...m.aliases]) BY_KEY.set(normalizeId(name), m);
}

/** Name suffixes that do not change the architecture. */
const VARIANT_SUFFIX = /-(instruct|chat|hf|it|base|pretrained|sft|v\d+(\.\d+)*|fp16|bf16)$/;
const SIZE_TOKEN = /^(\d+(?:\.\d+)?|\d+x\d+(?:\.\d+)?)b$/;

const pickDefault = (candidates: ModelEntry[]): ModelEntry | undefined => candidates.find((m) => m.defaultForSize) ?? candidates[0];

const synthesizedCache = new Map<number, ResolvedModel>();

function synthesize(paramsB: number, typed: string): Parsed<ResolvedModel> {
  if (paramsB < MIN_SYNTHESIZED_B) {
    return {
      ok: false,
      error: `model: no catalog model has ${paramsB}B parameters and ftcost synthesizes shapes from ${MIN_SYNTHESIZED_B}B up; try qwen2.5-0.5b or llama-3.2-1b`,
    };
  }
  if (paramsB > 5000) return { ok: false, error: `model: ${quote(typed)} is larger than any model ftcost can plan for (5,000B)` };
  const cached = synthesizedCache.get(paramsB);
  if (cached) return { ok: true, value: cached };
  const shape = synthesizeShape(paramsB);
  const model: ResolvedModel = {
    id: `llama-like-${paramsB}b`,
    name: `Llama-like ${paramsB}B (synthesized)`,
    shape,
    params: paramCounts(shape),
    maxContext: 131072,
    synthesized: true,
    source: 'synthesized: Llama 3 proportions (hidden ∝ P^0.35 fitted to 8B/70B/405B, MLP 3.5× hidden, 8 KV heads, vocab 128,256)',
    asOf: '2024-07',
    resolvedFrom: `${typed.trim()} → no catalog model of that size, synthesized Llama-3-like shape`,
  };
  if (synthesizedCache.size < 1000) synthesizedCache.set(paramsB, model);
  return { ok: true, value: model };
}

/**
 * A model from what people type: an id (`llama-3.1-70b`), a name (`Llama 3.1 70B`), a family with a
 * size (`llama3 70b`, `qwen 72b`) or a bare size (`70b`: the catalog's model of that size, else a
 * synthesized Llama-like shape). `resolved` holds models read beforehand (Hugging Face repos), by
 * the exact text they were asked for.
 */
export function resolveModel(text: string, resolved?: ReadonlyMap<string, ResolvedModel>): Parsed<ResolvedModel> {
  const typed = String(text ?? '');
  const given = resolved?.get(typed);
  if (given) return { ok: true, value: given };
  const cached = resolutions.get(typed);
  if (cached) return cached;
  const result = resolveUncached(typed);
  if (typed.length <= 100 && resolutions.size < 5000) resolutions.set(typed, result);
  return result;
}

/** Resolution is a pure function of the text: remembered, so a chat's repeated questions cost nothing. */
const resolutions = new Map<string, Parsed<ResolvedModel>>();

function resolveUncached(typed: string): Parsed<ResolvedModel> {
  let key = normalizeId(typed);
  while (VARIANT_SUFFIX.test(key) && !BY_KEY.has(key)) key = key.replace(VARIANT_SUFFIX, '');
  const exact = BY_KEY.get(key);
  if (exact) {
    const model = RESOLVED.get(exact.id) as ResolvedModel;
    return {
      ok: true,
      value: exact.id === key || normalizeId(exact.id) === key ? model : { ...model, resolvedFrom: `${typed.trim()} → ${exact.id}` },
    };
  }

  if (SIZE_TOKEN.test(key)) {
    const bySize = pickDefault(MODELS.filter((m) => m.sizeLabel === key));
    if (bySize) return { ok: true, value: { ...(RESOLVED.get(bySize.id) as ResolvedModel), resolvedFrom: `${key} → ${bySize.id}` } };
    const size = parseParamsB(key);
    if (size.ok) return synthesize(size.value, typed);
  }

  const tokens = key.split('-');
  const sizeToken = tokens.find((t) => SIZE_TOKEN.test(t));
  const family = tokens[0];
  if (sizeToken && family && /^[a-z]+$/.test(family)) {
    const version = tokens.slice(1, tokens.indexOf(sizeToken)).join('-');
    const candidates = MODELS.filter((m) => {
      if (m.family !== family || m.sizeLabel !== sizeToken) return false;
      if (!version) return true;
      const idVersion = normalizeId(m.id).split('-').slice(1, -1).join('-');
      return idVersion === version || idVersion.startsWith(`${version}.`) || idVersion.startsWith(`${version}-`);
    });
    const chosen = pickDefault(candidates);
    if (chosen)
      return { ok: true, value: { ...(RESOLVED.get(chosen.id) as ResolvedModel), resolvedFrom: `${typed.trim()} → ${chosen.id}` } };
  }

  // A synthesized shape by its own id ("llama-like-34b"), as earlier answers name it.
  const like = /^llama-like-(\d+(?:\.\d+)?)b$/.exec(key);
  if (like) return synthesize(Number(like[1]), typed);

  const closed = closedModel(typed);
  if (closed) {
    return {
      ok: false,
      error: `model: ${quote(typed)} is a closed model, fine-tuned through ${closed.vendor}'s own service (${closed.source}); ftcost sizes open models such as ${closed.openAlternatives.slice(0, 2).join(', ')}`,
    };
  }
  const near = closestModels(typed);
  return {
    ok: false,
    error: `model: ${quote(typed)} is not a model ftcost knows; ${near.length ? `did you mean ${near.join(', ')}? ` : ''}use an id such as llama-3.1-70b, qwen3-32b or a size such as 70b (\`ftcost models\` lists them)`,
  };
}

/** Edit distance, for suggesting the catalog names closest to what was typed. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j] as number;
      row[j] = Math.min(current + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}

/** Up to three catalog ids closest to the text: same family first, then by spelling. */
export function closestModels(text: string, limit = 3): string[] {
  const key = normalizeId(String(text ?? '')).slice(0, 60);
  if (!key) return [];
  const family = key.split('-')[0] ?? '';
  return MODELS.map((m) => ({ id: m.id, score: distance(key, normalizeId(m.id)) - (m.family === family ? 100 : 0) }))
    .filter((c) => c.score < 100 - 0 || c.score <= Math.max(3, key.length / 2))
    .sort((a, b) => a.score - b.score)
    .slice(0, limit)
    .filter((c) => c.score < 0 || c.score <= Math.max(3, key.length / 2))
    .map((c) => c.id);
}

export const getModel = (id: string): ResolvedModel | undefined => RESOLVED.get(id);
