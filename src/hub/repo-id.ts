import { quote, type Parsed } from '../engine/index.js';

/** A Hugging Face model repository and the revision to read (a branch, tag or commit). */
export interface RepoRef {
  repo: string;
  revision: string;
}

export const DEFAULT_REVISION = 'main';

const HUB_HOSTS = /^https?:\/\/(www\.)?(huggingface\.co|hf\.co)\//i;
/** Hugging Face's own rule: letters, digits, `-`, `_`, `.`; no `--` or `..`; not starting or ending with `-` or `.`; at most 96. */
const NAME = /^(?![-.])(?!.*(--|\.\.))[A-Za-z0-9._-]{1,96}(?<![-.])$/;
const REVISION = /^(?!.*\.\.)[A-Za-z0-9._/-]{1,128}$/;

/**
 * Whether what was typed names a Hub repository rather than a catalog model: `org/name`,
 * `org/name@revision`, a huggingface.co URL, or a `datasets/…` / `spaces/…` path (refused later).
 */
export function isHubReference(text: string): boolean {
  const t = String(text ?? '').trim();
  return t.includes('/') && !/\s/.test(t);
}

/** `org/name[@revision]` or `https://huggingface.co/org/name[/tree/revision]`; one line naming what is wrong otherwise. */
export function parseRepoRef(text: string): Parsed<RepoRef> {
  let t = String(text ?? '').trim();
  const shown = quote(t, 80);
  const url = HUB_HOSTS.test(t);
  if (url) t = t.replace(HUB_HOSTS, '').replace(/[?#].*$/, '');
  let revision: string | undefined;
  const tree = /^([^/]+\/[^/]+)\/(?:tree|blob|resolve)\/(.+?)\/?$/.exec(t);
  if (url && tree) {
    t = tree[1] as string;
    revision = decodeURIComponent((tree[2] as string).replace(/\/config\.json$/, ''));
  }
  const at = t.lastIndexOf('@');
  if (at > 0) {
    revision = t.slice(at + 1);
    t = t.slice(0, at);
  }
  t = t.replace(/\/$/, '');
  const parts = t.split('/');
  if (parts[0] === 'datasets' || parts[0] === 'spaces') {
    const kind = parts[0] === 'datasets' ? 'a dataset' : 'a Space';
    return { ok: false, error: `model: ${shown} is ${kind} on Hugging Face, not a model; give a model repo such as Qwen/Qwen3-32B` };
  }
  if (parts.length !== 2 || !NAME.test(parts[0] as string) || !NAME.test(parts[1] as string)) {
    return {
      ok: false,
      error: `model: ${shown} is not a Hugging Face model id; use org/name (letters, digits, ".", "-", "_"), optionally @revision, e.g. Qwen/Qwen3-32B`,
    };
  }
  if (revision !== undefined && !REVISION.test(revision)) {
    return { ok: false, error: `model: the revision in ${shown} is not a branch, tag or commit; use e.g. @main or @a1b2c3d` };
  }
  return { ok: true, value: { repo: t, revision: revision ?? DEFAULT_REVISION } };
}
