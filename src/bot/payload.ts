import { emptySlots, type Slots } from '../intent/schema.js';

/** Slots a button carries, with one-letter keys: a Discord custom id holds at most 100 characters. */
const KEYS: Array<[string, keyof Slots, 'text' | 'int' | 'num']> = [
  ['m', 'method', 'text'],
  ['o', 'model', 'text'],
  ['e', 'examples', 'int'],
  ['p', 'epochs', 'num'],
  ['t', 'tokensPerExample', 'int'],
  ['d', 'datasetTokens', 'int'],
  ['g', 'gpu', 'text'],
  ['n', 'gpus', 'int'],
  ['v', 'provider', 'text'],
];

export function encodeSlots(slots: Slots): string {
  const parts: string[] = [];
  for (const [short, key] of KEYS) {
    const value = slots[key];
    if (value !== null && value !== undefined) parts.push(`${short}=${String(value)}`);
  }
  return parts.join(';');
}

/** Button payloads come back from the platform: read them as untrusted input. */
export function decodeSlots(payload: string): Slots | undefined {
  if (typeof payload !== 'string' || payload.length > 200) return undefined;
  const slots = emptySlots();
  for (const part of payload.split(';')) {
    if (part === '') continue;
    const [short, raw = ''] = part.split('=');
    const spec = KEYS.find(([k]) => k === short);
    if (!spec || raw.length > 40) return undefined;
    const [, key, kind] = spec;
    if (kind === 'text') {
      if (!/^[a-z0-9.-]+$/.test(raw)) return undefined;
      (slots as Record<string, unknown>)[key] = raw;
    } else {
      const value = Number(raw);
      if (!Number.isFinite(value) || value <= 0 || (kind === 'int' && !Number.isInteger(value))) return undefined;
      (slots as Record<string, unknown>)[key] = value;
    }
  }
  if (slots.method !== null && !['full', 'lora', 'qlora'].includes(slots.method)) return undefined;
  return slots;
}
