import {
  closedModel,
  compare,
  estimate,
  explain,
  methodSpec,
  notYetMethods,
  recommend,
  type EngineContext,
  type PriceTable,
} from '../engine/index.js';
import { toCaseInput, toRecommendInput, type CaseInput } from '../intent/requests.js';
import type { Intent, Slots } from '../intent/schema.js';
import {
  buyVsRentReply,
  cheapestReply,
  closedModelReply,
  compareReply,
  errorReply,
  estimateReply,
  explainReply,
  helpReply,
  pricesReply,
  qualityReply,
  recommendReply,
  unknownReply,
} from '../reply/build.js';
import { blankReply, type Reply } from '../reply/reply.js';
import type { Settings } from './types.js';

/** The engine's input for a case: the slots, then the channel's settings for what the message leaves open; what was assumed, as questions. */
export function caseFrom(slots: Slots, settings: Settings): { input: CaseInput & { model: string }; questions: string[] } {
  const base = toCaseInput(slots);
  const questions: string[] = [];
  if (!base.model) questions.push('Which model? I assumed Llama 3.1 70B, the article\u2019s scenario.');
  if (slots.examples === null && slots.datasetTokens === null) questions.push('How many training examples? I assumed 10,000.');
  const input = { ...base, model: base.model ?? '70b' };
  if (!input.provider && settings.provider) input.provider = settings.provider;
  if (settings.hourlyRate !== undefined) input.engineeringHourlyUsd = settings.hourlyRate;
  return { input, questions: questions.slice(0, 2) };
}

/** "Which size?": a family named without one, with the catalog's sizes to pick from. */
export function whichSize(ask: NonNullable<Intent['askModel']>): Reply {
  const reply = blankReply(
    'question',
    'Which size?',
    `${ask.options[0]?.name.replace(/\s*[\d.x]+B$/i, '') ?? ask.family} comes in ${ask.options.map((o) => o.size).join(', ')}. Which one do you mean?`,
  );
  reply.sections = [{ title: 'For example', lines: ask.options.slice(0, 3).map((o) => o.id) }];
  reply.ephemeral = true;
  return reply;
}

/** Says that the method asked for is not modelled and which relative the answer uses instead. */
export function notModelledNote(reply: Reply, methodId: string): Reply {
  const asked = notYetMethods().find((m) => m.id === methodId);
  if (!asked || reply.kind === 'error') return reply;
  const closest = methodSpec(asked.closest).name;
  return {
    ...reply,
    summary:
      `${asked.name} isn't in ftcost yet; ${closest} is its closest relative, so these are ${closest}'s figures. ${reply.summary}`.trim(),
  };
}

/** A question about the case that asks one thing in particular: buy vs rent, quality, the cheapest way. */
function questionAbout(
  intent: Intent,
  settings: Settings,
  engine: EngineContext & { prices: PriceTable },
  detailed: boolean,
): Reply | undefined {
  const slots = intent.slots;
  const question =
    slots.question ?? (intent.intent === 'explain' && slots.topic === 'buy-vs-rent' && slots.model !== null ? 'buy-vs-rent' : null);
  if (!question || !['estimate', 'compare', 'recommend', 'explain'].includes(intent.intent)) return undefined;
  const { input } = caseFrom(slots, settings);
  if (question === 'buy-vs-rent') {
    const r = recommend({ ...toRecommendInput(slots), ...input }, engine);
    return r.ok ? buyVsRentReply(r.value, slots, detailed) : errorReply(r.error);
  }
  if (question === 'quality' || question === 'cheapest') {
    const c = compare(input, engine);
    if (!c.ok) return errorReply(c.error);
    return question === 'quality' ? qualityReply(c.value, slots, detailed) : cheapestReply(c.value, slots, detailed);
  }
  return undefined;
}

/** The answer to a question about a case or a concept: everything but settings and pins, which change state. */
export function answerQuestion(
  intent: Intent,
  detailed: boolean,
  settings: Settings,
  engine: EngineContext & { prices: PriceTable },
): Reply {
  const slots = intent.slots;
  const closed = intent.closedModel ? closedModel(intent.closedModel) : undefined;
  if (closed && intent.closedModel && ['estimate', 'compare', 'recommend', 'explain'].includes(intent.intent))
    return closedModelReply(closed, intent.closedModel);
  const special = questionAbout(intent, settings, engine, detailed);
  if (special) return special;
  switch (intent.intent) {
    case 'estimate':
    case 'compare': {
      const { input, questions } = caseFrom(slots, settings);
      if (intent.intent === 'estimate' && slots.method !== null) {
        const result = estimate({ ...input, method: slots.method }, engine);
        if (!result.ok) return errorReply(result.error);
        const reply = estimateReply(result.value, slots, detailed);
        reply.questions = questions;
        return reply;
      }
      const result = compare(input, engine);
      if (!result.ok) return errorReply(result.error);
      const reply = compareReply(result.value, slots, detailed);
      reply.questions = questions;
      return reply;
    }
    case 'recommend': {
      const input = toRecommendInput(slots);
      if (!input.provider && settings.provider) input.provider = settings.provider;
      if (settings.hourlyRate !== undefined) input.engineeringHourlyUsd = settings.hourlyRate;
      const result = recommend(input, engine);
      return result.ok ? recommendReply(result.value, slots, detailed) : errorReply(result.error);
    }
    case 'explain': {
      const { input } = caseFrom(slots, settings);
      const result = explain(slots.topic ?? 'lora', input, engine);
      return result.ok ? explainReply(result.value, slots) : errorReply(result.error);
    }
    case 'prices':
      return pricesReply(engine.prices, slots.gpu, slots.provider);
    case 'help':
      return helpReply();
    case 'smalltalk': {
      const reply = blankReply(
        'smalltalk',
        'Glad to help',
        'Ask about another case, or say "details" for the breakdown and assumptions of the last answer.',
      );
      reply.ephemeral = true;
      return reply;
    }
    default:
      return unknownReply();
  }
}
