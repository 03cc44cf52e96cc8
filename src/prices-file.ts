import { readFileSync } from 'node:fs';
import { parsePriceTable, type PriceTable } from './engine/index.js';

export type PricesResult = { ok: true; prices: PriceTable | undefined } | { ok: false; error: string };

/** The price table named by FTCOST_PRICES, validated; undefined when none is named (the built-in table applies). */
export function loadPriceFile(path: string | undefined): PricesResult {
  if (!path) return { ok: true, prices: undefined };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return { ok: false, error: `FTCOST_PRICES: cannot read ${JSON.stringify(path)} (${code})` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `FTCOST_PRICES: ${JSON.stringify(path)} is not valid JSON (${(error as Error).message})` };
  }
  const table = parsePriceTable(data);
  if (!table.ok) {
    return {
      ok: false,
      error: table.error
        .split('\n')
        .map((line) => `FTCOST_PRICES: ${JSON.stringify(path)}: ${line}`)
        .join('\n'),
    };
  }
  return { ok: true, prices: table.value };
}
