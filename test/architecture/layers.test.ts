import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The import graph of src/ and commands/: no cycles (type-only imports included), and each layer
 * imports only the layers below it (docs/architecture.md, "Layers"; eslint enforces the same per file).
 */
const ROOT = normalize(join(dirname(new URL(import.meta.url).pathname), '..', '..'));

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const SOURCES = [...files('src'), ...files('commands')];
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g;

function graph(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of SOURCES) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const targets: string[] = [];
    for (const match of text.matchAll(IMPORT)) {
      const spec = (match[1] ?? match[2]) as string;
      if (spec.endsWith('.json')) continue;
      targets.push(relative(ROOT, join(ROOT, dirname(file), spec.replace(/\.js$/, '.ts'))));
    }
    edges.set(file, targets);
  }
  return edges;
}

const LAYER_OF = (file: string): string => {
  if (file.startsWith('commands/')) return 'commands';
  if (file === 'src/log.ts') return 'log';
  if (file.startsWith('src/cli/')) return 'top';
  const part = file.split('/')[1] as string;
  return part.endsWith('.ts') ? 'top' : part;
};

/**
 * Which layers each layer may import (besides itself). `log` is src/log.ts, importable by all but the
 * engine; `top` is the rest of src/*.ts (the command line, configuration, the app's wiring), which may
 * import anything and which nothing below it imports.
 */
const EVERYTHING = ['engine', 'intent', 'reply', 'store', 'bot', 'render', 'commands', 'adapters', 'cli', 'hub', 'log'];
const ALLOWED: Record<string, string[]> = {
  log: [],
  engine: [],
  intent: ['engine', 'log'],
  reply: ['engine', 'intent'],
  store: ['log'],
  hub: ['engine', 'log'],
  bot: ['engine', 'intent', 'reply', 'store', 'log'],
  render: ['engine', 'reply', 'log'],
  commands: ['engine', 'intent'],
  adapters: ['engine', 'intent', 'reply', 'store', 'bot', 'render', 'commands', 'log'],
  cli: EVERYTHING,
  top: EVERYTHING,
};

describe('architecture', () => {
  const edges = graph();

  it('every import resolves to a file in the tree', () => {
    for (const [file, targets] of edges) for (const t of targets) expect(edges.has(t), `${file} → ${t}`).toBe(true);
  });

  it('no import cycles', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const t of edges.get(file) ?? []) visit(t, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of edges.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('each layer imports only the layers below it', () => {
    const wrong: string[] = [];
    for (const [file, targets] of edges) {
      const layer = LAYER_OF(file);
      for (const t of targets) {
        const other = LAYER_OF(t);
        if (other !== layer && !(ALLOWED[layer] ?? []).includes(other)) wrong.push(`${file} → ${t}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
