import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { parsePriceTable, type PriceTable } from './engine/index.js';

export type PricesResult = { ok: true; prices: PriceTable | undefined } | { ok: false; error: string };

export interface PriceFileLimits {
  /** Largest file accepted (default 4 MiB; the built-in table is about 10 KB). */
  maxBytes?: number;
  /** Longest the read may take (default 2,000 ms), checked between chunks. */
  timeLimitMs?: number;
  /** Deepest nesting of brackets accepted (default 32; a price table needs 4). */
  maxDepth?: number;
}

const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice()) return 'a character device (such as /dev/zero)';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The deepest nesting of [ and { outside strings; stops counting past `limit`. Iterative: no stack to overflow. */
function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return deepest;
}

/** Reads a regular file of at most `maxBytes`, or says in one line why not. Never blocks on a pipe or a device. */
function readBounded(path: string, name: string, maxBytes: number, timeLimitMs: number): { text: string } | { error: string } {
  let fd: number;
  try {
    // Non-blocking: opening a named pipe with no writer returns at once instead of waiting for one.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { error: `FTCOST_PRICES: cannot read ${name} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})` };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { error: `FTCOST_PRICES: ${name} is ${kindOf(stat)}; point it at a JSON file` };
    const tooBig = () => ({
      error: `FTCOST_PRICES: ${name} is larger than ${maxBytes / MiB} MiB; a price table is a few KB (see src/engine/data/prices.json)`,
    });
    if (stat.size > maxBytes) return tooBig();
    const chunks: Buffer[] = [];
    const deadline = Date.now() + timeLimitMs;
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(CHUNK);
      const read = readSync(fd, chunk, 0, CHUNK, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      length += read;
      if (length > maxBytes) return tooBig(); // it grew while being read, or its size was not known
      if (Date.now() > deadline)
        return { error: `FTCOST_PRICES: reading ${name} took longer than ${timeLimitMs} ms; copy it to a local disk` };
    }
    return { text: Buffer.concat(chunks, length).toString('utf8') };
  } catch (error) {
    return { error: `FTCOST_PRICES: cannot read ${name} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})` };
  } finally {
    closeSync(fd);
  }
}

/**
 * The price table named by FTCOST_PRICES, validated; undefined when none is named (the built-in
 * table applies). Only a regular file of at most a few MB is read, within a time limit; nesting is
 * checked before parsing; every price must be above $0 and at most $1,000 per GPU-hour.
 */
export function loadPriceFile(path: string | undefined, limits: PriceFileLimits = {}): PricesResult {
  if (!path) return { ok: true, prices: undefined };
  const name = JSON.stringify(path.length > 200 ? `${path.slice(0, 200)}…` : path);
  const read = readBounded(path, name, limits.maxBytes ?? 4 * MiB, limits.timeLimitMs ?? 2000);
  if ('error' in read) return { ok: false, error: read.error };
  const maxDepth = limits.maxDepth ?? 32;
  if (nestingDepth(read.text, maxDepth) > maxDepth)
    return { ok: false, error: `FTCOST_PRICES: ${name} nests brackets more than ${maxDepth} deep; a price table needs 4` };
  let data: unknown;
  try {
    data = JSON.parse(read.text);
  } catch (error) {
    return { ok: false, error: `FTCOST_PRICES: ${name} is not valid JSON (${(error as Error).message.slice(0, 200)})` };
  }
  const table = parsePriceTable(data);
  if (!table.ok) {
    return {
      ok: false,
      error: table.error
        .split('\n')
        .slice(0, 20)
        .map((line) => `FTCOST_PRICES: ${name}: ${line}`)
        .join('\n'),
    };
  }
  return { ok: true, prices: table.value };
}
