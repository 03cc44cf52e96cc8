import { z } from 'zod';
import { caseOptions, defineCommand, factOptions, intentOf, optionalModel, slotsFrom } from './define.js';

export default defineCommand({
  name: 'recommend',
  description: 'Which method to use, with reasons, hidden costs and the upgrade path',
  options: z.object({ ...caseOptions, model: optionalModel, ...factOptions }),
  autocomplete: ['model'],
  toIntent(options) {
    const slots = slotsFrom(options);
    return slots.ok ? intentOf('recommend', slots.value) : slots;
  },
});
