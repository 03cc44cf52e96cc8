import gpuData from '../data/gpus.json' with { type: 'json' };
import { normalizeId, quote, type Parsed } from '../quantities.js';
import { describeZodError, GpuSchema, HostSchema, type GpuEntry, type HostEntry } from './schema.js';
import { z } from 'zod';

const parsed = z.object({ gpus: z.array(GpuSchema).min(1), hosts: z.array(HostSchema).min(1) }).safeParse(gpuData);
if (!parsed.success) throw new Error(`gpus.json is invalid:\n${describeZodError(parsed.error).join('\n')}`);

export const GPUS: readonly GpuEntry[] = parsed.data.gpus;
export const HOSTS: readonly HostEntry[] = parsed.data.hosts;

const BY_ID = new Map(GPUS.map((g) => [g.id, g]));
const BY_KEY = new Map<string, GpuEntry>();
for (const g of GPUS) for (const name of [g.id, g.name, ...g.aliases]) BY_KEY.set(normalizeId(name), g);

export const getGpu = (id: string): GpuEntry | undefined => BY_ID.get(id);

/** A GPU from what people type: `a100-80gb`, `A100 80GB`, `h100`, `rtx 4090`, `4090`. */
export function resolveGpu(text: string): Parsed<GpuEntry> {
  const key = normalizeId(String(text ?? '')).replace(/^nvidia-|^amd-/, '');
  const gpu = BY_KEY.get(key) ?? BY_KEY.get(key.replace(/-?(gpus?|cards?)$/, ''));
  if (gpu) return { ok: true, value: gpu };
  return {
    ok: false,
    error: `gpu: ${quote(text)} is not a GPU ftcost knows; use one of ${GPUS.map((g) => g.id).join(', ')}`,
  };
}

/** The machine that holds `perNode` GPUs of this kind: a workstation, a 4-GPU server or an 8-GPU node. */
const HOST_BY_ID = new Map(HOSTS.map((h) => [h.id, h]));
const host = (id: string): HostEntry => {
  const found = HOST_BY_ID.get(id);
  if (!found) throw new Error(`gpus.json has no host "${id}"`);
  return found;
};
const WORKSTATION = host('workstation');
const SERVER_4 = host('server-4');
const SERVER_8 = host('server-8');
const HGX_8 = host('hgx-8');

export function hostFor(gpu: GpuEntry, perNode: number): HostEntry {
  if (perNode <= 2 && gpu.formFactor === 'pcie') return WORKSTATION;
  if (perNode <= 4) return SERVER_4;
  return gpu.formFactor === 'pcie' ? SERVER_8 : HGX_8;
}
