import { z } from 'zod';
import { emptySlots } from '../src/intent/schema.js';
import { defineCommand, intentOf } from './define.js';

export default defineCommand({
  name: 'help',
  description: 'What ftcost answers, with examples',
  options: z.object({}),
  toIntent: () => intentOf('help', emptySlots()),
});
