import { createBot } from './bot/core.js';
import { Cooldown } from './bot/preconditions.js';
import type { PriceTable } from './engine/index.js';
import { createIntentParser } from './intent/parse.js';
import { renderDiscord } from './render/discord.js';
import { comparisonPngAsync } from './render/image.js';
import { renderSlack } from './render/slack.js';
import { createStore } from './store/index.js';

const SAMPLES = [
  'qlora 70b 10k 3',
  'compare 8b 50k 2',
  'should we use LoRA? we have 8k legal docs and $500',
  'lora 13b 20k 2 on 2 a100',
  'explain gradient checkpointing',
  'prices for h100',
  'what about 8b?',
  'help',
];

/**
 * Runs the answering path a few hundred times on a throwaway in-memory bot (rules only, no LLM, no
 * network; one chart drawn) before the adapters listen, so the first real requests do not pay for cold code: the
 * load harness measured a p99 spike in a fresh process's first second without it.
 */
export async function warmUp(prices?: PriceTable, rounds = 25): Promise<void> {
  const store = await createStore('memory://');
  const bot = createBot({ store, parser: createIntentParser(), cooldown: new Cooldown(1e9, 1e9), ...(prices ? { prices } : {}) });
  for (let i = 0; i < rounds; i += 1) {
    for (const text of SAMPLES) {
      const reply = await bot.handle({ platform: 'slack', workspace: 'warm-up', channel: `c${i % 3}`, user: `u${i}`, text });
      renderSlack(reply);
      renderDiscord(reply);
      // The first chart loads resvg's native module and the fonts: pay for it here, once.
      if (i === 0 && reply.image) await comparisonPngAsync(reply.image);
    }
  }
  await store.close();
}
