import { datasetInfo, downloadFile, HubApiError, modelInfo, spaceInfo } from '@huggingface/hub';
import { quote } from '../engine/index.js';
import type { SafetensorsCount } from './convert.js';
import type { RepoRef } from './repo-id.js';

export const DEFAULT_ENDPOINT = 'https://huggingface.co';
export const DEFAULT_TIMEOUT_MS = 10_000;
/** A config.json larger than this is not a transformers config. */
const MAX_CONFIG_BYTES = 1_000_000;

export interface HubConnection {
  endpoint: string;
  token?: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** What the Hub says about a model repository at a revision. */
export interface HubRead {
  /** The repository id as the Hub spells it. */
  repo: string;
  sha: string;
  config: unknown;
  safetensors?: SafetensorsCount;
  gated: false | 'auto' | 'manual';
}

/** A failure in one line; `unreachable` when the Hub could not be asked (offline, timeout, 5xx), as opposed to answering no. */
export type HubResult = { ok: true; value: HubRead } | { ok: false; error: string; unreachable: boolean };

/**
 * Reads a model's metadata (commit, safetensors count) and config.json with the official
 * @huggingface/hub client, within one time limit; every failure becomes one line for the user.
 */
export async function readModel(ref: RepoRef, hub: HubConnection): Promise<HubResult> {
  const signal = AbortSignal.timeout(hub.timeoutMs);
  const errorCodes: string[] = [];
  const baseFetch = hub.fetch ?? fetch;
  const hubFetch: typeof fetch = async (input, init) => {
    const signals = init?.signal ? [signal, init.signal] : [signal];
    const response = await baseFetch(input, { ...init, signal: AbortSignal.any(signals) });
    if (!response.ok) errorCodes.push(response.headers.get('x-error-code') ?? '');
    return response;
  };
  const common = { hubUrl: hub.endpoint, fetch: hubFetch, ...(hub.token ? { accessToken: hub.token } : {}) };
  try {
    const info = await modelInfo({ ...common, name: ref.repo, revision: ref.revision, additionalFields: ['sha', 'safetensors'] });
    const blob = await downloadFile({ ...common, repo: ref.repo, path: 'config.json', revision: info.sha ?? ref.revision, xet: false });
    if (!blob)
      return refused(
        `model: ${quote(ref.repo, 80)} has no config.json (a GGUF-only or diffusers repo?); ftcost reads transformers configs`,
      );
    if (blob.size > MAX_CONFIG_BYTES)
      return refused(`model: ${quote(ref.repo, 80)}'s config.json is ${blob.size} bytes, too large to be a model config`);
    let config: unknown;
    try {
      config = JSON.parse(await blob.text());
    } catch {
      return refused(`model: ${quote(ref.repo, 80)}'s config.json is not valid JSON`);
    }
    const safetensors = info.safetensors && info.safetensors.total > 0 ? info.safetensors : undefined;
    return {
      ok: true,
      value: { repo: info.name, sha: info.sha ?? ref.revision, config, gated: info.gated, ...(safetensors ? { safetensors } : {}) },
    };
  } catch (error) {
    return explain(error, ref, hub, signal, errorCodes.at(-1) ?? '', common);
  }
}

const refused = (error: string): HubResult => ({ ok: false, error, unreachable: false });
const unreachable = (error: string): HubResult => ({ ok: false, error, unreachable: true });

async function explain(
  error: unknown,
  ref: RepoRef,
  hub: HubConnection,
  signal: AbortSignal,
  code: string,
  common: { hubUrl: string; fetch: typeof fetch; accessToken?: string },
): Promise<HubResult> {
  const repo = quote(ref.repo, 80);
  const page = `${hub.endpoint}/${ref.repo}`;
  if (signal.aborted) {
    return unreachable(
      `model: the Hugging Face Hub at ${hub.endpoint} did not answer within ${hub.timeoutMs / 1000} s (HF_TIMEOUT_MS sets the limit)`,
    );
  }
  if (!(error instanceof HubApiError)) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return unreachable(`model: cannot reach the Hugging Face Hub at ${hub.endpoint} (${cause}): offline? HF_ENDPOINT sets a mirror`);
  }
  const status = error.statusCode;
  const said = String((error.data as { error?: unknown } | undefined)?.error ?? '');
  if (code === 'GatedRepo' || ((status === 401 || status === 403) && /gated|is restricted|authorized list/i.test(said))) {
    return refused(
      hub.token
        ? `model: ${repo} is gated and the account of HF_TOKEN has no access yet; request it at ${page} and try again`
        : `model: ${repo} is gated on Hugging Face: set HF_TOKEN to a token of an account that has access (request it at ${page})`,
    );
  }
  if (code === 'RevisionNotFound')
    return refused(`model: ${repo} has no revision ${quote(ref.revision, 60)}; use a branch, tag or commit it has, e.g. @main`);
  if (code === 'RepoNotFound' || status === 404 || (status === 401 && !hub.token)) {
    const other = await otherKind(ref.repo, common);
    if (other) return refused(`model: ${repo} is ${other} on Hugging Face, not a model; give a model repo such as Qwen/Qwen3-32B`);
    return refused(
      hub.token
        ? `model: no model ${repo} on Hugging Face; check the spelling (ftcost models lists the built-in ones)`
        : `model: no model ${repo} on Hugging Face (or it is private: set HF_TOKEN); check the spelling (ftcost models lists the built-in ones)`,
    );
  }
  if (status === 401)
    return refused(
      'model: the Hugging Face Hub refused HF_TOKEN (invalid or expired); create a read token at huggingface.co/settings/tokens',
    );
  if (status === 429) return refused('model: the Hugging Face Hub is rate-limiting requests; try again in a minute (or set HF_TOKEN)');
  if (status >= 500) return unreachable(`model: the Hugging Face Hub at ${hub.endpoint} answered ${status}; try again later`);
  return refused(`model: the Hugging Face Hub answered ${status} for ${repo}`);
}

/** Whether a repo id that is not a model names a dataset or a Space instead. */
async function otherKind(name: string, common: { hubUrl: string; fetch: typeof fetch; accessToken?: string }): Promise<string | undefined> {
  try {
    await datasetInfo({ ...common, name });
    return 'a dataset';
  } catch {
    // not a dataset either
  }
  try {
    await spaceInfo({ ...common, name });
    return 'a Space';
  } catch {
    return undefined;
  }
}
