import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRICES,
  estimate,
  GPUS,
  MODELS,
  resolveModel,
  type Estimate,
  type EstimateInput,
  type Method,
} from '../../src/engine/index.js';
import { est } from '../support/engine.js';

const methods = fc.constantFrom<Method>('full', 'lora', 'qlora');
const catalogModel = fc.constantFrom(...MODELS.map((m) => m.id));
const anyModel = fc.oneof(
  catalogModel,
  fc.integer({ min: 1, max: 500 }).map((b) => `${b}b`),
);

const validInput: fc.Arbitrary<EstimateInput> = fc.record(
  {
    method: methods,
    model: anyModel,
    examples: fc.integer({ min: 1, max: 5_000_000 }),
    epochs: fc.double({ min: 0.1, max: 20, noNaN: true }),
    tokensPerExample: fc.integer({ min: 16, max: 16_384 }),
    seqLen: fc.integer({ min: 128, max: 32_768 }),
    microBatch: fc.integer({ min: 1, max: 16 }),
    rank: fc.integer({ min: 1, max: 256 }),
    targets: fc.constantFrom('attn' as const, 'all' as const),
    gpu: fc.constantFrom(...GPUS.map((g) => g.id)),
    gpus: fc.constantFrom(1, 2, 4, 8, 16),
    provider: fc.constantFrom(...DEFAULT_PRICES.providers.map((p) => p.id)),
    gradCkpt: fc.boolean(),
    optimizer: fc.constantFrom('adamw' as const, 'adamw-8bit' as const, 'paged-adamw-8bit' as const),
    precision: fc.constantFrom('mixed' as const, 'bf16' as const),
    bits: fc.constantFrom(4 as const, 8 as const),
    runs: fc.integer({ min: 1, max: 100 }),
  },
  { requiredKeys: ['method', 'model'] },
);

/** Every number anywhere in the result. */
function numbers(value: unknown, path = ''): Array<[string, number]> {
  if (typeof value === 'number') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => numbers(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numbers(v, `${path}.${k}`));
  return [];
}

const memory = (input: EstimateInput): number => est(input).memory.totalGB;

/** Memory, or undefined when no catalog setup can hold the job at all (the engine refuses those, with a reason). */
function memoryIfPlaceable(input: EstimateInput): number | undefined {
  const result = estimate(input);
  if (result.ok) return result.value.memory.totalGB;
  if (/fits no priced catalog GPU/.test(result.error)) return undefined;
  throw new Error(result.error);
}

describe('engine invariants (fast-check)', () => {
  it('memory: QLoRA < LoRA < full for every catalog model of 7B and more, with defaults and with any shared batch shape', () => {
    const large = MODELS.filter((m) => {
      const r = resolveModel(m.id);
      return r.ok && r.value.params.total >= 6.5e9;
    }).map((m) => m.id);
    for (const model of large) {
      expect(memory({ method: 'qlora', model }), model).toBeLessThan(memory({ method: 'lora', model }));
      expect(memory({ method: 'lora', model }), model).toBeLessThan(memory({ method: 'full', model }));
    }
    fc.assert(
      fc.property(
        fc.constantFrom(...large),
        fc.integer({ min: 128, max: 16_384 }),
        fc.integer({ min: 1, max: 8 }),
        fc.boolean(),
        (model, seqLen, microBatch, gradCkpt) => {
          const shared = { model, seqLen, microBatch, gradCkpt };
          const q = memoryIfPlaceable({ method: 'qlora', ...shared });
          const l = memoryIfPlaceable({ method: 'lora', ...shared });
          const f = memoryIfPlaceable({ method: 'full', ...shared });
          // A job too big for any catalog setup has no figure; the ones that have one keep the order.
          return (
            (q === undefined || l === undefined || q < l) &&
            (l === undefined || f === undefined || l < f) &&
            (q === undefined || f === undefined || q < f)
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('within the synthesized shape family, memory never decreases with parameters', () => {
    fc.assert(
      fc.property(
        methods,
        fc.double({ min: 1, max: 1500, noNaN: true }),
        fc.double({ min: 0.001, max: 200, noNaN: true }),
        fc.boolean(),
        (method, size, extra, gradCkpt) => {
          const small = Math.round(size * 1000) / 1000;
          const big = Math.round((size + extra) * 1000) / 1000;
          if (big <= small || big > 1500) return true;
          const a = resolveModel(`${small}b`);
          const b = resolveModel(`${big}b`);
          // Sizes the catalog has (7b, 70b) are real models, not members of the synthesized family.
          if (!a.ok || !b.ok || !a.value.synthesized || !b.value.synthesized) return true;
          const ma = memoryIfPlaceable({ method, model: `${small}b`, gradCkpt });
          const mb = memoryIfPlaceable({ method, model: `${big}b`, gradCkpt });
          return ma === undefined || mb === undefined ? !(ma === undefined && mb !== undefined) : mb >= ma;
        },
      ),
      { numRuns: 200 },
    );
  });

  it('for any model, memory never decreases with sequence length or micro-batch', () => {
    fc.assert(
      fc.property(
        methods,
        anyModel,
        fc.integer({ min: 64, max: 16_384 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        (method, model, seqLen, microBatch, factor, gradCkpt) => {
          const base = memoryIfPlaceable({ method, model, seqLen, microBatch, gradCkpt });
          const longer = memoryIfPlaceable({ method, model, seqLen: seqLen * (factor + 1), microBatch, gradCkpt });
          const wider = memoryIfPlaceable({ method, model, seqLen, microBatch: microBatch * (factor + 1), gradCkpt });
          if (base === undefined) return longer === undefined && wider === undefined;
          return (longer === undefined || longer >= base) && (wider === undefined || wider >= base);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('hours minus the fixed overheads scale linearly with examples and with epochs', () => {
    const variable = (e: Estimate, side: 'low' | 'high') => e.time.hours[side] - e.time.breakdown.fixedHours[side];
    fc.assert(
      fc.property(
        methods,
        catalogModel,
        fc.integer({ min: 1000, max: 200_000 }),
        fc.integer({ min: 2, max: 6 }),
        (method, model, examples, k) => {
          // On the same setup: the plan may pick other hardware for a longer run, which is the point of planning.
          const base = est({ method, model, examples, epochs: 1 });
          const same = { gpu: base.hardware.used.gpu, gpus: base.hardware.used.count };
          const moreData = est({ method, model, examples: examples * k, epochs: 1, ...same });
          const moreEpochs = est({ method, model, examples, epochs: k, ...same });
          for (const side of ['low', 'high'] as const) {
            const expected = k * variable(base, side);
            const tolerance = 0.03 * k + 1e-3 * expected;
            if (Math.abs(variable(moreData, side) - expected) > tolerance) return false;
            if (Math.abs(variable(moreEpochs, side) - expected) > tolerance) return false;
          }
          return true;
        },
      ),
      { numRuns: 120 },
    );
  });

  it('per-run cost equals hours × GPUs × price within rounding', () => {
    fc.assert(
      fc.property(validInput, (input) => {
        const result = estimate(input);
        if (!result.ok) return true;
        const e = result.value;
        const gpus = e.hardware.used.count;
        const price = e.cost.pricePerGpuHour;
        for (const side of ['low', 'high'] as const) {
          const expected = e.time.hours[side] * gpus * price[side];
          // Hours are rounded to 0.01 h in the output.
          if (Math.abs(e.cost.perRunUsd[side] - expected) > 0.006 * gpus * price[side] + 0.01) return false;
        }
        return e.cost.projectUsd.low <= e.cost.projectUsd.high;
      }),
      { numRuns: 300 },
    );
  });

  it('no figure is ever NaN, negative or infinite; every range has low ≤ high', () => {
    fc.assert(
      fc.property(validInput, (input) => {
        const result = estimate(input);
        if (!result.ok) return result.error.length > 0;
        for (const [path, n] of numbers(result.value)) {
          if (!Number.isFinite(n) || n < 0) throw new Error(`${path} = ${n}`);
        }
        const ranges = [
          result.value.time.hours,
          result.value.cost.perRunUsd,
          result.value.cost.projectUsd,
          result.value.cost.hardwareBuyUsd,
        ];
        return ranges.every((r) => r.low <= r.high);
      }),
      { numRuns: 300 },
    );
  });

  it('invalid input is rejected with a one-line message, never thrown', () => {
    const junk = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.double(),
      fc.integer(),
      fc.constant(null),
      fc.constant(undefined),
      fc.constant(Number.NaN),
      fc.constant(-1),
      fc.constant(Number.POSITIVE_INFINITY),
      fc.constant({}),
    );
    fc.assert(
      fc.property(
        fc.record(
          {
            method: fc.oneof(methods, junk),
            model: fc.oneof(anyModel, junk),
            examples: junk,
            epochs: junk,
            gpus: junk,
            gpu: junk,
            rank: junk,
          },
          { requiredKeys: [] },
        ),
        (raw) => {
          const result = estimate(raw as unknown as EstimateInput);
          if (result.ok) return true;
          return typeof result.error === 'string' && result.error.length > 0 && !result.error.includes('\n');
        },
      ),
      { numRuns: 400 },
    );
  });
});
