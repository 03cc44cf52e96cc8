import { z } from 'zod';
import { defineCommand } from './define.js';

export default defineCommand({
  name: 'ask',
  description: 'Ask in your own words, e.g. "qlora 70b 10k 3" or "should we use LoRA?"',
  options: z.object({ text: z.string().min(1).max(2000).describe('Your question') }),
  toIntent: (options) => ({ ok: true, value: { text: options.text } }),
});
