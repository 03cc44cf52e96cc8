import { z } from 'zod';
import { METHOD_IDS } from '../src/engine/index.js';
import { caseOptions, defineCommand, intentOf, slotsFrom } from './define.js';

export default defineCommand({
  name: 'estimate',
  description: 'Memory, hardware, hours and cost of one fine-tuning method',
  options: z.object({
    method: z.enum(METHOD_IDS as [string, ...string[]]).describe('Fine-tuning method'),
    ...caseOptions,
  }),
  autocomplete: ['model'],
  toIntent(options) {
    const slots = slotsFrom(options);
    if (!slots.ok) return slots;
    return intentOf('estimate', { ...slots.value, method: options.method });
  },
});
