import { emptySlots, type Intent, type IntentContext, type IntentName, type Slots } from './schema.js';

export interface LabelledMessage {
  text: string;
  intent: IntentName;
  slots: Partial<Slots>;
  context?: { intent: IntentName; slots: Partial<Slots> };
}

export interface Mistake {
  text: string;
  expected: { intent: IntentName; slots: Partial<Slots> };
  actual: { intent: IntentName; slots: Partial<Slots> };
}

export interface EvaluationReport {
  messages: number;
  intentAccuracy: number;
  slotAccuracy: number;
  /** Slot pairs compared: every slot either side fills (paramsB follows the model and is not scored). */
  slotPairs: number;
  mistakes: Mistake[];
}

const SCORED = (Object.keys(emptySlots()) as Array<keyof Slots>).filter((k) => k !== 'paramsB');

export const contextOf = (m: LabelledMessage): IntentContext | undefined =>
  m.context ? { intent: m.context.intent, slots: { ...emptySlots(), ...m.context.slots } } : undefined;

const filled = (slots: Slots | Partial<Slots>): Partial<Slots> =>
  Object.fromEntries(Object.entries(slots).filter(([k, v]) => v !== null && v !== undefined && k !== 'paramsB')) as Partial<Slots>;

/**
 * Intent accuracy: share of messages with the right intent. Slot accuracy: over every slot that
 * the label or the parse fills, the share where both agree (so a missed slot and an invented one
 * both count against it).
 */
export function evaluate(set: readonly LabelledMessage[], parse: (text: string, context?: IntentContext) => Intent): EvaluationReport {
  let intentsRight = 0;
  let pairs = 0;
  let pairsRight = 0;
  const mistakes: Mistake[] = [];
  for (const message of set) {
    const actual = parse(message.text, contextOf(message));
    const expected = { ...emptySlots(), ...message.slots };
    let ok = actual.intent === message.intent;
    if (ok) intentsRight += 1;
    for (const key of SCORED) {
      const want = expected[key];
      const got = actual.slots[key];
      if (want === null && got === null) continue;
      pairs += 1;
      if (want === got) pairsRight += 1;
      else ok = false;
    }
    if (!ok)
      mistakes.push({
        text: message.text,
        expected: { intent: message.intent, slots: filled(expected) },
        actual: { intent: actual.intent, slots: filled(actual.slots) },
      });
  }
  return {
    messages: set.length,
    intentAccuracy: set.length ? intentsRight / set.length : 1,
    slotAccuracy: pairs ? pairsRight / pairs : 1,
    slotPairs: pairs,
    mistakes,
  };
}
