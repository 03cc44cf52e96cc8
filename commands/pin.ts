import { z } from 'zod';
import { caseOptions, defineCommand, optionalModel, intentOf, slotsFrom } from './define.js';

export default defineCommand({
  name: 'pin',
  description: 'Pin the comparison in this channel (one living pin, updated in place)',
  options: z.object({ ...caseOptions, model: optionalModel }),
  autocomplete: ['model'],
  toIntent(options) {
    const slots = slotsFrom(options);
    return slots.ok ? intentOf('pin', slots.value) : slots;
  },
});
