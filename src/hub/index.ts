/**
 * Any Hugging Face model by id: read its config.json and safetensors count through @huggingface/hub,
 * turn it into a shape the engine plans with, and cache the result. The engine stays pure: callers
 * resolve first (async), then pass the model in `EngineContext.models`.
 */
export { resolveHubModel, type HubModel, type HubOptions } from './resolve.js';
export { isHubReference, parseRepoRef, type RepoRef } from './repo-id.js';
export { configToShape, type ConfigShape, type SafetensorsCount } from './convert.js';
export { DiskCache, defaultCacheDir, DEFAULT_TTL_MS, type ShapeCache } from './cache.js';
export { DEFAULT_ENDPOINT, DEFAULT_TIMEOUT_MS } from './client.js';
