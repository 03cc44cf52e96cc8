import ask from './ask.js';
import compare from './compare.js';
import type { CommandDefinition } from './define.js';
import type { Intent } from '../src/intent/schema.js';
import type { Parsed } from '../src/engine/index.js';
import estimate from './estimate.js';
import help from './help.js';
import pin from './pin.js';
import recommend from './recommend.js';

/** Every chat command, in the order platforms list them: `/ftcost <name> …`. */
export const COMMANDS: CommandDefinition[] = [estimate, compare, recommend, pin, ask, help] as unknown as CommandDefinition[];
export const ROOT_COMMAND = { name: 'ftcost', description: 'Fine-tuning costs: memory, hardware, hours, dollars and which method to use' };

export { type CommandDefinition } from './define.js';

/** What a command's typed options ask of the bot: a ready intent, or free text to parse (`ask`). */
export type CommandRequest = { intent: Intent } | { text: string };

/**
 * Runs a command's options (as the platform hands them over: untrusted) through its zod schema and
 * `toIntent`, so every platform reads typed options the same way. A bad option yields one line naming it.
 */
export function commandRequest(name: string, raw: Record<string, unknown>): Parsed<CommandRequest> {
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) return { ok: false, error: `there is no "${name.slice(0, 40)}" command; try help` };
  const parsed = command.options.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `${String(issue?.path[0] ?? 'options')}: ${issue?.message ?? 'not understood'}` };
  }
  const result = command.toIntent(parsed.data);
  if (!result.ok) return result;
  return { ok: true, value: 'text' in result.value ? { text: result.value.text } : { intent: result.value } };
}
