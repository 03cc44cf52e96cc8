import { z } from 'zod';
import { TASKS } from '../src/engine/index.js';
import { caseOptions, defineCommand, optionalModel, intentOf, parseUsd, slotsFrom } from './define.js';

export default defineCommand({
  name: 'recommend',
  description: 'Which method to use, with reasons, hidden costs and the upgrade path',
  options: z.object({
    ...caseOptions,
    model: optionalModel,
    budget: z.string().max(20).optional().describe('Budget for the project\u2019s training runs, e.g. $500'),
    task: z.enum(TASKS).optional().describe('What the model must learn'),
    quality_critical: z.boolean().optional().describe('A 2–5% quality difference has business impact'),
    first_time: z.boolean().optional().describe('Your first fine-tuning project'),
    multi_gpu: z.boolean().optional().describe('Engineers who can run multi-GPU training'),
  }),
  autocomplete: ['model'],
  toIntent(options) {
    const slots = slotsFrom(options);
    if (!slots.ok) return slots;
    const s = { ...slots.value };
    if (options.budget !== undefined) {
      const usd = parseUsd(options.budget);
      if (!usd.ok) return usd;
      s.budgetUsd = usd.value;
    }
    if (options.task !== undefined) s.task = options.task;
    if (options.quality_critical !== undefined) s.qualityCritical = options.quality_critical;
    if (options.first_time !== undefined) s.firstTime = options.first_time;
    if (options.multi_gpu !== undefined) s.multiGpu = options.multi_gpu;
    return intentOf('recommend', s);
  },
});
