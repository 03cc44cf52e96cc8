import { ALL_INPUTS, hasMethod } from '../engine/index.js';
import { emptySlots, INPUT_SLOTS, type Slots } from '../intent/schema.js';

type Kind = 'text' | 'int' | 'num' | 'bool';

/**
 * Slots a button carries, each under the one- or two-letter key its input declares
 * (src/engine/job-inputs.ts): a Discord custom id holds at most 100 characters.
 */
const KEYS: Array<[string, keyof Slots, Kind]> = [
  ['m', 'method', 'text'],
  ['o', 'model', 'text'],
  ...INPUT_SLOTS.map((key): [string, keyof Slots, Kind] => {
    const spec = ALL_INPUTS[key];
    const kind: Kind =
      spec.kind === 'bool'
        ? 'bool'
        : spec.kind === 'count' || spec.kind === 'int'
          ? 'int'
          : spec.kind === 'text' || spec.kind === 'enum'
            ? 'text'
            : 'num';
    return [spec.chat?.short ?? key, key, kind];
  }),
];

/** Longest payload a button keeps; anything beyond it is left out rather than cut mid-value. */
export const MAX_PAYLOAD = 80;

export function encodeSlots(slots: Slots): string {
  let out = '';
  for (const [short, key, kind] of KEYS) {
    const value = slots[key];
    if (value === null || value === undefined) continue;
    const part = `${short}=${kind === 'bool' ? (value ? '1' : '0') : String(value)}`;
    if (out.length + part.length + 1 > MAX_PAYLOAD) continue;
    out = out ? `${out};${part}` : part;
  }
  return out;
}

/** Button payloads come back from the platform: read them as untrusted input. */
export function decodeSlots(payload: string): Slots | undefined {
  if (typeof payload !== 'string' || payload.length > 200) return undefined;
  const slots = emptySlots() as Record<string, unknown>;
  for (const part of payload.split(';')) {
    if (part === '') continue;
    const [short, raw = ''] = part.split('=');
    const spec = KEYS.find(([k]) => k === short);
    if (!spec || raw.length > 40) return undefined;
    const [, key, kind] = spec;
    if (kind === 'text') {
      if (!/^[a-z0-9._/-]+$/i.test(raw)) return undefined;
      const choices = Object.hasOwn(ALL_INPUTS, key) ? ALL_INPUTS[key as keyof typeof ALL_INPUTS].choices : undefined;
      if (choices && !choices.includes(raw)) return undefined;
      slots[key] = raw;
    } else if (kind === 'bool') {
      if (raw !== '0' && raw !== '1') return undefined;
      slots[key] = raw === '1';
    } else {
      const value = Number(raw);
      if (!Number.isFinite(value) || value <= 0 || (kind === 'int' && !Number.isInteger(value))) return undefined;
      slots[key] = value;
    }
  }
  if (slots.method !== null && !hasMethod(String(slots.method))) return undefined;
  return slots as Slots;
}
