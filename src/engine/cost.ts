import { hostFor } from './catalog/gpus.js';
import type { GpuEntry, ManagedService } from './catalog/schema.js';
import { AMORTIZATION_MONTHS, HOURS_PER_WORKDAY } from './units.js';
import { GPUS_PER_NODE } from './defaults.js';
import { range, scale, type Range } from './range.js';
import type { ManagedQuote, Method } from './types.js';
import { groupThousands } from './format.js';

export const perRunUsd = (hours: Range, count: number, price: Range): Range =>
  range(hours.low * count * price.low, hours.high * count * price.high);

export const projectUsd = (perRun: Range, runs: Range): Range => range(perRun.low * runs.low, perRun.high * runs.high);

export interface BuyIn {
  usd: Range;
  amortizedMonthlyUsd: Range;
  /** What the figure includes, for the assumptions. */
  includes: string;
}

/** Buying the GPUs and the machines that hold them (CPUs, RAM, chassis, networking), amortized over 36 months. */
export function hardwareBuyIn(gpu: GpuEntry, count: number): BuyIn {
  const nodes = Math.ceil(count / GPUS_PER_NODE);
  const host = hostFor(gpu, Math.min(count, GPUS_PER_NODE));
  const usd = range(count * gpu.purchaseUsd.low + nodes * host.usd.low, count * gpu.purchaseUsd.high + nodes * host.usd.high);
  const machines = nodes > 1 ? `${nodes}× ${host.name}` : `a ${host.name}`;
  const includes =
    `${count}× ${gpu.name} at $${groupThousands(gpu.purchaseUsd.low)}–${groupThousands(gpu.purchaseUsd.high)} each (${gpu.purchaseSource}) ` +
    `+ ${machines} at $${groupThousands(host.usd.low)}–${groupThousands(host.usd.high)} (${host.includes}; ${host.source}); ` +
    `amortized over ${AMORTIZATION_MONTHS} months; power, hosting and${nodes > 1 ? ' cluster switches' : ' support'} not included`;
  return { usd, amortizedMonthlyUsd: scale(usd, 1 / AMORTIZATION_MONTHS), includes };
}

export const engineeringUsd = (days: Range, hourlyUsd: number): Range => scale(days, HOURS_PER_WORKDAY * hourlyUsd);

/** Managed fine-tuning services that quote for this method and size, priced for these training tokens. */
export function managedQuotes(
  services: readonly ManagedService[],
  method: Method,
  paramsB: number,
  trainingTokens: number,
): ManagedQuote[] {
  const quotes: ManagedQuote[] = [];
  for (const service of services) {
    if (!service.methods.includes(method) || paramsB < service.minParamsB || paramsB > service.maxParamsB) continue;
    const tokensM = trainingTokens / 1e6;
    const only = service.onlyForTrainingTokensM;
    if (only && (tokensM < only.low || tokensM > only.high)) continue;
    let usd: Range | undefined;
    if (service.perJobUsd) usd = range(service.perJobUsd.low, service.perJobUsd.high);
    else if (service.perMillionTokensUsd !== undefined) {
      const price = Math.max((trainingTokens / 1e6) * service.perMillionTokensUsd, service.minimumUsd ?? 0);
      usd = range(price);
    }
    if (usd) quotes.push({ id: service.id, name: service.name, usd, source: service.source, asOf: service.asOf });
  }
  return quotes;
}
