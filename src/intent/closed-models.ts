import { readFileSync } from 'node:fs';
import { phraseKey, phrasePattern } from './vocabulary.js';

/**
 * Closed models (weights not published: fine-tuned only through their vendor's API) named in a
 * message: "gpt-4o", "GPT 4o mini", "claude 3.5 sonnet", "gemini flash". The list comes from
 * src/engine/data/closed-models.json when that file exists (an array of ids, or of objects with
 * `id`, optional `name` and `aliases`), or is passed in; else the small built-in list below.
 */
export interface ClosedModel {
  id: string;
  name?: string;
  aliases?: readonly string[];
}

/** Used only when no data file is present: the closed models people most often ask to fine-tune. */
const BUILT_IN: readonly ClosedModel[] = [
  { id: 'gpt-4o', aliases: ['gpt4o', 'gpt-4-o', '4o'] },
  { id: 'gpt-4o-mini', aliases: ['gpt4o-mini', '4o-mini', 'gpt-4o mini'] },
  { id: 'gpt-4.1', aliases: ['gpt4.1'] },
  { id: 'gpt-4.1-mini', aliases: ['gpt4.1-mini', 'gpt-4.1 mini'] },
  { id: 'gpt-4.1-nano', aliases: ['gpt4.1-nano'] },
  { id: 'gpt-4', aliases: ['gpt4'] },
  { id: 'gpt-3.5-turbo', aliases: ['gpt-3.5', 'gpt3.5', 'gpt-35-turbo'] },
  { id: 'gpt-5', aliases: ['gpt5'] },
  { id: 'gpt-5-mini', aliases: ['gpt5-mini'] },
  {
    id: 'claude',
    aliases: ['claude-3', 'claude-3.5', 'claude-3-haiku', 'claude-haiku', 'claude-3.5-sonnet', 'claude-sonnet', 'claude-opus'],
  },
  {
    id: 'gemini',
    aliases: ['gemini-pro', 'gemini-1.5-pro', 'gemini-1.5-flash', 'gemini-flash', 'gemini-2.0-flash', 'gemini-2.5-flash', 'gemini-2.5-pro'],
  },
  { id: 'command-r', aliases: ['cohere-command-r', 'command-r-plus'] },
];

function fromDataFile(): ClosedModel[] | undefined {
  // The source tree when run from src (tests), then the same path from dist/src/intent.
  for (const path of ['../engine/data/closed-models.json', '../../../src/engine/data/closed-models.json']) {
    try {
      const data: unknown = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
      const list = Array.isArray(data) ? data : (data as { models?: unknown[] })?.models;
      if (!Array.isArray(list)) continue;
      return list
        .map((entry): ClosedModel | undefined =>
          typeof entry === 'string'
            ? { id: entry }
            : entry && typeof (entry as ClosedModel).id === 'string'
              ? {
                  id: (entry as ClosedModel).id,
                  ...((entry as ClosedModel).name ? { name: (entry as ClosedModel).name } : {}),
                  aliases: Array.isArray((entry as ClosedModel).aliases) ? (entry as ClosedModel).aliases : [],
                }
              : undefined,
        )
        .filter((m): m is ClosedModel => m !== undefined);
    } catch {
      // No such file here: try the next place, then the built-in list.
    }
  }
  return undefined;
}

export interface ClosedModelRecognizer {
  /** The pattern of any closed model's name (group 1). */
  pattern: RegExp;
  /** The id a matched name means. */
  idOf(matched: string): string | undefined;
}

/** A recognizer for a list of closed models (longest names first, so "gpt-4o-mini" wins over "gpt-4o"). */
export function closedModelRecognizer(models: readonly ClosedModel[]): ClosedModelRecognizer {
  const byKey = new Map<string, string>();
  const patterns = new Set<string>();
  for (const m of models) {
    for (const phrase of [m.id, m.name ?? '', ...(m.aliases ?? [])]) {
      const key = phraseKey(phrase);
      // A bare size or digits alone ("4o" is kept only with a letter) would read figures as models.
      if (!key || /^\d+$/.test(key) || byKey.has(key)) continue;
      byKey.set(key, m.id.toLowerCase());
      patterns.add(phrasePattern(phrase));
    }
  }
  const source = [...patterns].sort((a, b) => b.length - a.length).join('|');
  return {
    pattern: new RegExp(`(?<![a-z0-9.])(${source || '(?!)'})(?![a-z0-9]|\\.\\d|-oss)`),
    idOf: (matched) => byKey.get(phraseKey(matched)),
  };
}

let defaultRecognizer: ClosedModelRecognizer | undefined;

/** The recognizer for the data file's list, or the built-in one: built once, on first use. */
export function closedModels(): ClosedModelRecognizer {
  defaultRecognizer ??= closedModelRecognizer(fromDataFile() ?? BUILT_IN);
  return defaultRecognizer;
}

/** Replaces the list (tests, or a deployment that loads its own). */
export function setClosedModels(models: readonly ClosedModel[] | undefined): void {
  defaultRecognizer = models ? closedModelRecognizer(models) : undefined;
}
