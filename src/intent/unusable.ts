import { normalize, type Normalized } from './normalize.js';

const quote = (text: string) => `"${text.trim().slice(0, 24)}"`;

/**
 * A figure in the message that no slot can take: negative, zero, not a number, or written in a
 * form that overflows (1e400). Reading around it would answer a different question than the one
 * asked, so the reply names it instead.
 */
export const unusableNumber = (raw: string): string | undefined => unusableIn(normalize(raw));

/** The same, on text `normalize` has already read. */
export function unusableIn({ text, huge }: Normalized): string | undefined {
  if (huge) return `${quote(huge)} is not a figure I can use: write it out, e.g. 10k, 1.5M or 70b.`;
  const negative = /(?:^|(?<![\d%]\s*)\s|[$=:(])([-\u2212]\$?\d[\d,.]*(?:\s?(?:k|m|b|bn)\b)?)/.exec(text);
  if (negative)
    return `${quote(negative[1] as string)} is negative: examples, epochs, tokens, sizes, GPUs, budgets and prices must be above zero (e.g. 10k examples, 3 epochs, $500).`;
  const scientific = /(?<![\w.])(\d+(?:\.\d+)?e[+-]?\d+[a-z]?)(?![\w.])/.exec(text);
  if (scientific) return `${quote(scientific[1] as string)} is not a figure I can use: write it out, e.g. 10k, 1.5M or 70b.`;
  const notANumber = /(?<![\w.])(nan|infinity|inf)(?![\w.])/.exec(text);
  if (notANumber && /\d|\b(examples?|epochs?|tokens?|budget|lora|qlora|full)\b/.test(text))
    return `${quote(notANumber[1] as string)} is not a number: give a count such as 10k examples or 3 epochs.`;
  const zero =
    /(?<![\w.,=-])(\$?0+(?:\.0+)?(?:\s?(?:k|m|b)\b)?)(?![\w.,%-])(\s*(?:examples?|samples?|rows?|docs?|epochs?|tokens?|gpus?|x\b|dollars?)?)/.exec(
      text,
    );
  if (zero) {
    const costQuestion = /\b(q?lora|full|fft|\d+(?:\.\d+)?b|examples?|epochs?|budget|price|rate|cost)\b|\$/.test(text);
    if (costQuestion) return `${quote(zero[1] as string)} is zero: examples, epochs, tokens, GPUs, budgets and prices must be above zero.`;
  }
  return undefined;
}
