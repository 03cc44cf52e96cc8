import { z } from 'zod';
import { caseOptions, defineCommand, intentOf, slotsFrom } from './define.js';

export default defineCommand({
  name: 'compare',
  description: 'Full fine-tuning, LoRA and QLoRA side by side',
  options: z.object(caseOptions),
  autocomplete: ['model'],
  toIntent(options) {
    const slots = slotsFrom(options);
    return slots.ok ? intentOf('compare', slots.value) : slots;
  },
});
