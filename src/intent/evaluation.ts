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
/** Slot values compare by content: a list of methods in any order is the same list; a budget by amount and currency. */
const same = (a: unknown, b: unknown): boolean => {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && [...a].sort().join() === [...b].sort().join();
  if (a && b && typeof a === 'object' && typeof b === 'object')
    return JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
  return a === b;
};

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
      if (same(want, got)) pairsRight += 1;
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

/** A labelled conversation: each turn's label is the intent and the whole case after that turn. */
export interface LabelledConversation {
  id: string;
  turns: Array<{ text: string; intent: IntentName | string; slots: Record<string, unknown> }>;
}

/** What the bot remembers after a turn: the case of an estimate, comparison, recommendation or pin. */
const REMEMBERED: readonly string[] = ['estimate', 'compare', 'recommend', 'pin'];

export interface ConversationReport {
  conversations: number;
  turns: number;
  /** Every turn after the first, read with the context the earlier turns left. */
  followUps: { intentAccuracy: number; slotAccuracy: number; turns: number };
  /** The last turn of each conversation. */
  lastTurn: { intentAccuracy: number; slotAccuracy: number };
  mistakes: Array<{ id: string; turn: number; text: string; expected: unknown; actual: unknown }>;
}

/**
 * Plays each conversation through the parser as the bot does (the context is the last remembered
 * case) and scores each turn against its label, on the slots the parser knows.
 */
export function evaluateConversations(
  conversations: readonly LabelledConversation[],
  parse: (text: string, context?: IntentContext) => Intent,
): ConversationReport {
  const tally = () => ({ intents: 0, intentsRight: 0, pairs: 0, pairsRight: 0 });
  const follow = tally();
  const last = tally();
  const mistakes: ConversationReport['mistakes'] = [];
  let turns = 0;
  for (const conversation of conversations) {
    let context: IntentContext | undefined;
    conversation.turns.forEach((turn, index) => {
      turns += 1;
      const actual = parse(turn.text, context);
      if (REMEMBERED.includes(actual.intent)) context = { intent: actual.intent, slots: actual.slots };
      const expected = { ...emptySlots(), ...(turn.slots as Partial<Slots>) };
      const cases = [index > 0 ? follow : undefined, index === conversation.turns.length - 1 ? last : undefined].filter(Boolean) as Array<
        ReturnType<typeof tally>
      >;
      let ok = actual.intent === turn.intent;
      let pairs = 0;
      let pairsRight = 0;
      // A turn that carries no case (smalltalk, help, unknown) is scored on its intent alone.
      const scoreSlots = Object.keys(turn.slots).length > 0;
      if (scoreSlots) {
        for (const key of SCORED) {
          const want = expected[key];
          const got = actual.slots[key];
          if (want === null && got === null) continue;
          pairs += 1;
          if (same(want, got)) pairsRight += 1;
          else ok = false;
        }
      }
      for (const t of cases) {
        t.intents += 1;
        if (actual.intent === turn.intent) t.intentsRight += 1;
        t.pairs += pairs;
        t.pairsRight += pairsRight;
      }
      if (!ok)
        mistakes.push({
          id: conversation.id,
          turn: index + 1,
          text: turn.text,
          expected: { intent: turn.intent, slots: filled(expected) },
          actual: { intent: actual.intent, slots: filled(actual.slots) },
        });
    });
  }
  const rate = (right: number, all: number) => (all ? right / all : 1);
  return {
    conversations: conversations.length,
    turns,
    followUps: {
      intentAccuracy: rate(follow.intentsRight, follow.intents),
      slotAccuracy: rate(follow.pairsRight, follow.pairs),
      turns: follow.intents,
    },
    lastTurn: { intentAccuracy: rate(last.intentsRight, last.intents), slotAccuracy: rate(last.pairsRight, last.pairs) },
    mistakes,
  };
}

/** A tricky number form: the figures a careful reader takes from it, or the slot it should ask about. */
export interface NumberForm {
  text: string;
  expect?: Record<string, unknown>;
  ask?: string;
}

export interface NumberReport {
  forms: number;
  right: number;
  /** Figures the parser filled with a value the text does not mean: the worst mistake, since the bot computes with them. */
  confidentlyWrong: Array<{ text: string; slot: string; got: unknown; want: unknown }>;
  /** Neither right nor wrong: a figure missed, or a question where the reading was sure. */
  missed: string[];
}

const NUMBER_SLOTS = [
  'examples',
  'epochs',
  'tokensPerExample',
  'datasetTokens',
  'budgetUsd',
  'gpus',
  'seqLen',
  'rank',
  'runs',
  'paramsB',
] as const;

/** Scores number reading: a numeric slot the parser fills must be the one the text means, or a question must be asked. */
export function evaluateNumbers(forms: readonly NumberForm[], parse: (text: string) => Intent & { ask?: string }): NumberReport {
  const confidentlyWrong: NumberReport['confidentlyWrong'] = [];
  const missed: string[] = [];
  let right = 0;
  for (const form of forms) {
    const actual = parse(form.text);
    const slots = actual.slots as unknown as Record<string, unknown>;
    let wrong = false;
    for (const slot of NUMBER_SLOTS) {
      const got = slots[slot];
      if (got === null || got === undefined || slot === 'paramsB') continue;
      const want = form.expect?.[slot];
      if (form.ask === slot || want === undefined || want !== got) {
        if (form.ask !== slot && want === undefined && slot === 'gpus' && got === 1) continue; // "an H100": one GPU, not a figure read wrongly
        confidentlyWrong.push({ text: form.text, slot, got, want: form.ask === slot ? 'a question' : (want ?? 'nothing') });
        wrong = true;
      }
    }
    if (wrong) continue;
    const asked = form.ask ? actual.ask === form.ask || (actual.problem !== undefined && actual.problem.length > 0) : true;
    const found = Object.entries(form.expect ?? {}).every(
      ([key, want]) => !(NUMBER_SLOTS as readonly string[]).includes(key) || slots[key] === want,
    );
    if (asked && found) right += 1;
    else missed.push(form.text);
  }
  return { forms: forms.length, right, confidentlyWrong, missed };
}
