import ask from './ask.js';
import compare from './compare.js';
import type { CommandDefinition } from './define.js';
import estimate from './estimate.js';
import help from './help.js';
import pin from './pin.js';
import recommend from './recommend.js';

/** Every chat command, in the order platforms list them: `/ftcost <name> …`. */
export const COMMANDS: CommandDefinition[] = [estimate, compare, recommend, pin, ask, help] as unknown as CommandDefinition[];
export const ROOT_COMMAND = { name: 'ftcost', description: 'Fine-tuning costs: memory, hardware, hours, dollars and which method to use' };

export { type CommandDefinition } from './define.js';
