import { z } from 'zod';
import methodData from './data/methods.json' with { type: 'json' };
import { describeZodError } from './catalog/schema.js';
import { normalizeId, quote, type Parsed } from './quantities.js';
import type { Range } from './range.js';

const range = z
  .object({ low: z.number().nonnegative(), high: z.number().nonnegative() })
  .refine((r) => r.low <= r.high, 'low must not exceed high');
const id = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'ids are lowercase with hyphens');

/**
 * One fine-tuning method, described once: everything the memory, time, cost and quality models,
 * the decision engine, the renderers and the chat vocabulary need to know about it.
 */
export const MethodSpecSchema = z
  .object({
    id,
    /** As headings use it: "Full fine-tuning", "LoRA". */
    name: z.string().min(1),
    /** For charts and tight columns: "Full". */
    shortName: z.string().min(1).max(12),
    /** What people type besides the id and the name. */
    aliases: z.array(z.string()).default([]),
    /** `all`: every weight is trained (gradients and optimizer states for each); `adapters`: low-rank adapters beside frozen weights. */
    trains: z.enum(['all', 'adapters']),
    /** How the frozen (or trained) base weights are held: 16-bit, or quantized to the job's `bits` (4: NF4, 8: LLM.int8). */
    baseWeights: z.enum(['bf16', 'quantized']),
    /** Job inputs this method changes from the engine's defaults (e.g. an 8-bit optimizer). */
    defaults: z
      .object({
        gradCkpt: z.boolean().optional(),
        optimizer: z.enum(['adamw', 'adamw-8bit', 'paged-adamw-8bit']).optional(),
        precision: z.enum(['mixed', 'bf16']).optional(),
      })
      .default({}),
    /** The article's typical setup for this method, kept to show its figures beside ftcost's plan. */
    articleSetup: z.object({ gpu: id, count: z.number().int().positive() }).optional(),
    /** The article's memory figure for its scenario (the models it means by "Llama 70B"), shown beside ftcost's when they differ. */
    articleMemory: z.object({ models: z.array(id).min(1), gb: range, quote: z.string().min(3) }).optional(),
    /**
     * Time multiplier beyond what the method trains and stores, low–high (1 for full, LoRA and QLoRA,
     * whose costs, dequantization included, the time model computes; a registered method may bring its own).
     */
    slowdown: range.default({ low: 1, high: 1 }),
    runsPerProject: range,
    engineeringDays: range,
    /** What the engineering days pay for, in a few words. */
    engineeringWork: z.string().min(3),
    quality: z.object({ vsFullPct: range, sources: z.array(z.string().min(3)).min(1) }),
    /** Chart colour (Okabe–Ito for the built-in methods). */
    colour: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    source: z.string().min(3),
  })
  .refine((m) => !(m.trains === 'all' && m.baseWeights === 'quantized'), 'a method that trains every weight cannot keep them quantized');

export type MethodSpec = z.infer<typeof MethodSpecSchema>;
export type MethodId = string;

const NotYetSchema = z.object({
  id,
  name: z.string().min(1),
  aliases: z.array(z.string()).default([]),
  closest: id,
  source: z.string().min(3),
});
export type NotYetMethod = z.infer<typeof NotYetSchema>;

const parsed = z.object({ methods: z.array(MethodSpecSchema).min(1), notYet: z.array(NotYetSchema).default([]) }).safeParse(methodData);
if (!parsed.success) throw new Error(`methods.json is invalid:\n${describeZodError(parsed.error).join('\n')}`);

/** The built-in methods, in the order comparisons show them. */
export const BUILTIN_METHOD_IDS = ['full', 'lora', 'qlora'] as const;

const table = new Map<MethodId, MethodSpec>();
const byKey = new Map<string, MethodSpec>();
const notYetByKey = new Map<string, NotYetMethod>();
/** Every method's id, in order; replaced (never mutated) when a method is registered. */
export let METHOD_IDS: readonly MethodId[] = [];

function index(spec: MethodSpec): void {
  for (const name of [spec.id, spec.name, ...spec.aliases]) byKey.set(normalizeId(name), spec);
}

for (const spec of parsed.data.methods) {
  table.set(spec.id, spec);
  index(spec);
}
for (const m of parsed.data.notYet) for (const name of [m.id, m.name, ...m.aliases]) notYetByKey.set(normalizeId(name), m);
METHOD_IDS = [...table.keys()];

/** Every method, in comparison order. */
export const methods = (): MethodSpec[] => [...table.values()];

/** The method with this id; throws for an id no caller should hold (resolve user text with `resolveMethod`). */
export function methodSpec(methodId: MethodId): MethodSpec {
  const spec = table.get(methodId);
  if (!spec) throw new Error(`unknown method id "${methodId}"`);
  return spec;
}

export const hasMethod = (methodId: string): boolean => table.has(methodId);

/**
 * Adds a method (tests, and deployments that describe their own): validated like methods.json.
 * Returns a function that removes it again.
 */
export function registerMethod(input: z.input<typeof MethodSpecSchema>): () => void {
  const spec = MethodSpecSchema.parse(input);
  if (table.has(spec.id)) throw new Error(`method "${spec.id}" already exists`);
  table.set(spec.id, spec);
  index(spec);
  METHOD_IDS = [...table.keys()];
  return () => {
    table.delete(spec.id);
    byKey.clear();
    for (const s of table.values()) index(s);
    METHOD_IDS = [...table.keys()];
  };
}

/** Why a method name was not accepted: unknown altogether, or known but not modelled (with its closest relative). */
export type MethodProblem =
  { code: 'unknown-method'; typed: string } | { code: 'method-not-modelled'; typed: string; method: NotYetMethod; closest: MethodSpec };

export function methodProblem(text: string): MethodProblem {
  const typed = String(text ?? '');
  const notYet = notYetByKey.get(normalizeId(typed));
  const closest = notYet ? table.get(notYet.closest) : undefined;
  if (notYet && closest) return { code: 'method-not-modelled', typed, method: notYet, closest };
  return { code: 'unknown-method', typed };
}

/** A method from what people type: its id, name or an alias (`fft`, `q-lora`). */
export function resolveMethod(text: string): Parsed<MethodId> {
  const spec = byKey.get(normalizeId(String(text ?? '')));
  if (spec) return { ok: true, value: spec.id };
  const problem = methodProblem(text);
  if (problem.code === 'method-not-modelled') {
    return {
      ok: false,
      error: `method: ${problem.method.name} is not in ftcost yet; ${problem.closest.name} is its closest relative (${problem.closest.id})`,
    };
  }
  return { ok: false, error: `method: ${quote(text)} is not a method; use ${methodList()}` };
}

/** "full, lora or qlora": the ids, as a sentence ends them. */
export function methodList(): string {
  const ids = [...METHOD_IDS];
  return ids.length < 2 ? ids.join('') : `${ids.slice(0, -1).join(', ')} or ${ids[ids.length - 1]}`;
}

/** Methods people name that ftcost does not model, for the chat vocabulary. */
export const notYetMethods = (): NotYetMethod[] => parsed.data.notYet;

/** Every name (id, name, alias) that means a method, for the chat vocabulary. */
export function methodNames(): Array<{ name: string; method: MethodId }> {
  return [...table.values()].flatMap((m) => [m.id, m.name, ...m.aliases].map((name) => ({ name, method: m.id })));
}

export type { Range };
