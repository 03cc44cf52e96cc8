import type { Estimate, Parsed, ResolvedModel } from '../engine/index.js';
import type { Config } from '../config.js';
import type { HubModel } from '../hub/index.js';
import type { Command } from './args.js';

/** Commands that plan for one model, which may be a Hugging Face repo. */
const MODEL_COMMANDS = new Set<Command>(['estimate', 'compare', 'explain', 'recommend']);

/** A Hugging Face model read before the engine runs: the models to hand it, and sentences for the answer. */
export interface HubResolved {
  models: ReadonlyMap<string, ResolvedModel>;
  notes: readonly string[];
}

/** The `org/name` the request names as its model, when it names one (catalog ids and sizes have no slash). */
export function hubReferenceOf(command: Command, input: Record<string, unknown>): string | undefined {
  if (!MODEL_COMMANDS.has(command) || typeof input.model !== 'string') return undefined;
  const text = input.model.trim();
  return text.includes('/') ? input.model : undefined;
}

/** Reads the repo through src/hub (loaded only when needed), cached on disk under the user's cache folder. */
export async function readHubModel(text: string, hub: Config['hub'], env: Record<string, string | undefined>): Promise<Parsed<HubModel>> {
  const { DiskCache, defaultCacheDir, resolveHubModel } = await import('../hub/index.js');
  return resolveHubModel(text, {
    endpoint: hub.endpoint,
    timeoutMs: hub.timeoutMs,
    offline: hub.offline,
    cache: new DiskCache(defaultCacheDir(env)),
    ...(hub.token ? { token: hub.token } : {}),
  });
}

/** Adds the Hub notes (pre-quantized weights, assumed defaults, offline fallback) to the notes of each estimate. */
export function withHubNotes(estimates: Estimate | readonly Estimate[], notes: readonly string[] | undefined): void {
  if (!notes?.length) return;
  for (const e of Array.isArray(estimates) ? estimates : [estimates])
    e.notes.push(...notes.map((text) => ({ code: 'model-note' as const, text })));
}
