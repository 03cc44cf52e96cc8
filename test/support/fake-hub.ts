import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'hub');

interface RepoManifest {
  sha: string;
  lastModified: string;
  gated: false | 'auto' | 'manual';
  pipeline_tag?: string;
  safetensors?: { parameters: Record<string, number>; total: number };
}

/** A model repo the fake serves: its API record and its files (a missing config.json is a repo without one). */
export interface FakeRepo extends RepoManifest {
  files: Record<string, string>;
}

export interface FakeHubOptions {
  /** Tokens the fake accepts (any other `Bearer` token is refused with 401). */
  tokens?: string[];
  /** Tokens whose account was granted access to the gated repos. */
  granted?: string[];
  /** Repos besides the fixtures (constructed ones, for bad-input cases). */
  extraRepos?: Record<string, FakeRepo>;
}

export interface FakeHub {
  endpoint: string;
  /** Every request: method, path with query, and whether it carried an Authorization header (the token itself is not kept). */
  requests: Array<{ method: string; path: string; authorized: boolean; range?: string }>;
  /** Delay every answer by this much (to test the time limit). */
  delayMs: number;
  close(): Promise<void>;
}

/** The fixtures under test/fixtures/hub: repos.json and each repo's real config.json. */
export function fixtureRepos(): Record<string, FakeRepo> {
  const manifest = JSON.parse(readFileSync(join(FIXTURES, 'repos.json'), 'utf8')) as { models: Record<string, RepoManifest> };
  const repos: Record<string, FakeRepo> = {};
  for (const [repo, meta] of Object.entries(manifest.models)) {
    repos[repo] = { ...meta, files: { 'config.json': readFileSync(join(FIXTURES, repo, 'config.json'), 'utf8') } };
  }
  return repos;
}

export const fixtureManifest = (): { datasets: string[]; spaces: string[] } =>
  JSON.parse(readFileSync(join(FIXTURES, 'repos.json'), 'utf8')) as { datasets: string[]; spaces: string[] };

/**
 * A loopback stand-in for huggingface.co serving the routes @huggingface/hub calls:
 * GET /api/models/{repo}/revision/{rev}, GET /{repo}/resolve/{rev}/{file} (with Range probes),
 * GET /api/datasets|spaces/{repo}/revision/{rev}, with the Hub's status codes and X-Error-Code
 * headers for missing repos, revisions and files, gated repos, and refused tokens.
 */
export async function startFakeHub(options: FakeHubOptions = {}): Promise<FakeHub> {
  const repos = { ...fixtureRepos(), ...(options.extraRepos ?? {}) };
  const { datasets, spaces } = fixtureManifest();
  const tokens = new Set(options.tokens ?? []);
  const granted = new Set(options.granted ?? []);
  const state: Omit<FakeHub, 'endpoint' | 'close'> = { requests: [], delayMs: 0 };

  const json = (res: ServerResponse, status: number, body: unknown, errorCode?: string) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...(errorCode ? { 'x-error-code': errorCode } : {}) });
    res.end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const auth = req.headers.authorization;
    state.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      authorized: Boolean(auth),
      ...(req.headers.range ? { range: String(req.headers.range) } : {}),
    });
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    if (token !== undefined && !tokens.has(token)) return json(res, 401, { error: 'Invalid credentials in Authorization header' });
    const path = decodeURIComponent(url.pathname);

    const api = /^\/api\/(models|datasets|spaces)\/([^/]+\/[^/]+)\/revision\/(.+)$/.exec(path);
    if (api) {
      const [, kind, repo, revision] = api as unknown as [string, string, string, string];
      if (kind !== 'models') {
        const known = (kind === 'datasets' ? datasets : spaces).includes(repo);
        if (!known) return json(res, token ? 404 : 401, { error: 'Repository not found' }, 'RepoNotFound');
        return json(res, 200, {
          _id: hex(repo).slice(0, 24),
          id: repo,
          private: false,
          gated: false,
          downloads: 1,
          likes: 1,
          lastModified: '2026-12-01T00:00:00.000Z',
          sha: hex(repo),
        });
      }
      const found = repos[repo];
      if (!found) return json(res, token ? 404 : 401, { error: 'Repository not found' }, 'RepoNotFound');
      if (revision !== 'main' && revision !== 'HEAD' && revision !== found.sha)
        return json(res, 404, { error: `Invalid rev id: ${revision}` }, 'RevisionNotFound');
      return json(res, 200, {
        _id: found.sha.slice(0, 24),
        id: repo,
        modelId: repo,
        private: false,
        gated: found.gated,
        disabled: false,
        downloads: 1000,
        likes: 100,
        lastModified: found.lastModified,
        pipeline_tag: found.pipeline_tag,
        sha: found.sha,
        ...(found.safetensors ? { safetensors: found.safetensors } : {}),
      });
    }

    const file = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    if (file) {
      const [, repo, revision, name] = file as unknown as [string, string, string, string];
      const found = repos[repo];
      if (!found) return json(res, token ? 404 : 401, { error: 'Repository not found' }, 'RepoNotFound');
      if (revision !== 'main' && revision !== found.sha)
        return json(res, 404, { error: `Invalid rev id: ${revision}` }, 'RevisionNotFound');
      if (found.gated) {
        if (!token)
          return json(
            res,
            401,
            {
              error: `Access to model ${repo} is restricted. You must have access to it and be authenticated to access it. Please log in.`,
            },
            'GatedRepo',
          );
        if (!granted.has(token))
          return json(
            res,
            403,
            {
              error: `Access to model ${repo} is restricted and you are not in the authorized list. Visit https://huggingface.co/${repo} to ask for access.`,
            },
            'GatedRepo',
          );
      }
      const body = found.files[name];
      if (body === undefined) return json(res, 404, { error: 'Entry not found' }, 'EntryNotFound');
      const bytes = Buffer.from(body);
      const headers = {
        'content-type': 'text/plain; charset=utf-8',
        etag: `"${hex(body)}"`,
        'x-repo-commit': found.sha,
        'accept-ranges': 'bytes',
      };
      const range = /^bytes=(\d+)-(\d+)$/.exec(String(req.headers.range ?? ''));
      if (range) {
        const start = Number(range[1]);
        const end = Math.min(Number(range[2]), bytes.length - 1);
        res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${bytes.length}`, 'content-length': end - start + 1 });
        return res.end(bytes.subarray(start, end + 1));
      }
      res.writeHead(200, { ...headers, 'content-length': bytes.length });
      return res.end(bytes);
    }
    return json(res, 404, { error: 'Not found' });
  };

  const server: Server = createServer((req, res) => {
    if (state.delayMs > 0) setTimeout(() => handle(req, res), state.delayMs).unref();
    else handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

const hex = (text: string): string => createHash('sha1').update(text).digest('hex');
