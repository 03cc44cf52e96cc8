import priceData from '../data/prices.json' with { type: 'json' };
import { normalizeId, quote, type Parsed } from '../quantities.js';
import { gb, numRange } from '../format.js';
import type { Range } from '../range.js';
import { GB } from '../units.js';
import { describeZodError, PriceTableSchema, type GpuEntry, type ManagedService, type PriceTable, type Provider } from './schema.js';

export interface GpuPrice extends Range {
  source: string;
  asOf: string;
  provider: string | null;
}

/** Validates a price table (the built-in one, or a replacement from FTCOST_PRICES); one line per problem. */
export function parsePriceTable(data: unknown): Parsed<PriceTable> {
  const result = PriceTableSchema.safeParse(data);
  if (!result.success) return { ok: false, error: describeZodError(result.error).join('\n') };
  for (const [gpu, price] of Object.entries(result.data.defaults)) {
    if (price.low > price.high) return { ok: false, error: `defaults.${gpu}: low ($${price.low}) exceeds high ($${price.high})` };
  }
  return { ok: true, value: result.data };
}

const builtIn = parsePriceTable(priceData);
if (!builtIn.ok) throw new Error(`prices.json is invalid:\n${builtIn.error}`);
export const DEFAULT_PRICES: PriceTable = builtIn.value;
export const DEFAULT_MANAGED: readonly ManagedService[] = DEFAULT_PRICES.managed ?? [];

export function resolveProvider(table: PriceTable, text: string): Parsed<Provider> {
  const key = normalizeId(String(text ?? ''));
  const provider = table.providers.find((p) => normalizeId(p.id) === key || normalizeId(p.name) === key);
  if (provider) return { ok: true, value: provider };
  return {
    ok: false,
    error: `provider: ${quote(text)} is not in the price table; use one of ${table.providers.map((p) => p.id).join(', ')}`,
  };
}

/**
 * $/GPU-hour for a GPU: the provider's list price when one is named and offers it, else the default
 * range (the article's where it gives one, else the spread of on-demand offers in the table).
 */
export function priceFor(table: PriceTable, gpuId: string, provider?: Provider): GpuPrice | undefined {
  const listed = provider?.perGpuHour[gpuId];
  if (provider && listed !== undefined) {
    return { low: listed, high: listed, source: `${provider.name} list price`, asOf: provider.asOf, provider: provider.id };
  }
  const preset = table.defaults[gpuId];
  if (preset) return { low: preset.low, high: preset.high, source: preset.source, asOf: preset.asOf, provider: null };
  const offers = table.providers.filter((p) => p.perGpuHour[gpuId] !== undefined);
  if (offers.length === 0) return undefined;
  const rates = offers.map((p) => p.perGpuHour[gpuId] as number);
  const low = Math.min(...rates);
  const high = Math.max(...rates);
  const asOf = offers
    .map((p) => p.asOf)
    .sort()
    .at(-1) as string;
  const cheapest = offers[rates.indexOf(low)] as Provider;
  const dearest = offers[rates.indexOf(high)] as Provider;
  return { low, high, source: `on-demand offers from ${cheapest.name} ($${low}) to ${dearest.name} ($${high})`, asOf, provider: null };
}

/** Managed fine-tuning services that quote for this method and model size. */
export function managedServices(table: PriceTable): readonly ManagedService[] {
  return table.managed ?? DEFAULT_MANAGED;
}

/**
 * What ftcost can still say when the chosen GPU has no rental price: whether the setup holds the job
 * and how long it runs, on one line, and why there is no cost.
 */
const HOW: Record<string, string> = {
  single: 'single GPU',
  ddp: 'data parallel',
  fsdp: 'FSDP',
  'zero3-offload': 'ZeRO-3 + CPU offload',
  'layer-split': 'layer split',
};

export function unpricedGpuAnswer(
  gpu: GpuEntry,
  count: number,
  strategy: string,
  fit: { fits: boolean; perGpu: number },
  hours: Range,
): string {
  const why = gpu.noPublicPrice ?? 'the price table has none';
  const holds = fit.fits ? 'holds' : 'does not hold';
  return (
    `cost: ${gpu.name} has no public rental price: ${why}. Fit and time only: ` +
    `${count}× ${gpu.name} ${holds} this job (${gb(fit.perGpu / GB)} per GPU, ${HOW[strategy] ?? strategy}) and runs ${numRange(hours, 'h')}; ` +
    `for a cost, add its price to the price table or choose a priced GPU`
  );
}
