import { closedModel, CLOSED_MODELS } from '../engine/index.js';
import type { Question } from './schema.js';
import { phrasePattern } from './vocabulary.js';

/**
 * Two things a question about a case may ask in particular, read from the words: what it asks
 * (buy vs rent, quality, the cheapest way) and whether it names a closed model (GPT-4o, Claude,
 * Gemini: fine-tuned through their vendor, from src/engine/data/closed-models.json).
 */
const QUESTION_CUES: Array<[RegExp, Question]> = [
  [
    /\b(cheaper|better|worth it|makes? sense|pay off)\b[^.?]{0,30}\b(buy|buying|own|owning|purchase)\b|\b(buy|purchase)\b[^.?]{0,20}\b(or|vs\.?|versus|instead of)\b[^.?]{0,10}\brent|\brent\w*\b[^.?]{0,20}\b(or|vs\.?|versus)\b[^.?]{0,10}\bbuy/,
    'buy-vs-rent',
  ],
  [
    /\bhow good\b|\bhow much (quality|accuracy)\b|\bquality\b[^.?]{0,30}\b(compared|vs\.?|versus|against)\b|\b(compared|vs\.?|versus)\b[^.?]{0,40}\bquality\b/,
    'quality',
  ],
  [/\bcheapest (way|setup|option|route|plan|method)\b|\bleast expensive\b|\bcheapest\b[^.?]{0,20}\bfine[\s-]?tune/, 'cheapest'],
];

export function questionOf(words: string): Question | null {
  for (const [pattern, question] of QUESTION_CUES) if (pattern.test(words)) return question;
  return null;
}

const CLOSED = new RegExp(
  `(?<![a-z0-9])(${CLOSED_MODELS.flatMap((m) => [m.id, m.name, ...m.aliases])
    .map(phrasePattern)
    .sort((a, b) => b.length - a.length)
    .join('|')})(?![a-z0-9])`,
);

/** The closed model a message names, as written ("gpt-5"), when it is one of the closed-model list. */
export function closedModelNamed(words: string): string | undefined {
  const match = CLOSED.exec(words);
  return match && closedModel(match[1] as string) ? (match[1] as string) : undefined;
}
