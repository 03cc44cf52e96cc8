import { createInterface } from 'node:readline';
import type { Bot } from '../bot/core.js';
import type { ActionId, Reply } from '../reply/reply.js';
import { renderReplyText } from '../render/chat-text.js';

export interface ConsoleOptions {
  bot: Bot;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  color: boolean;
  width: number;
  user?: string;
}

const GREETING = `ftcost: fine-tuning costs, in a chat. Try:
  /ftcost qlora 70b 10k 3
  should we use LoRA? we have 8k legal docs and $500
  what about 8b?
Type "help" for more, "exit" or Ctrl-D to leave.`;

/**
 * The terminal chat: each line goes through the same `handle` as Slack and Discord. Typing an
 * action's name ("compare", "pin", "details") presses that button on the last answer.
 */
export async function runConsoleChat(options: ConsoleOptions): Promise<void> {
  const { bot, output } = options;
  const write = (text: string) => output.write(`${text}\n`);
  const rl = createInterface({ input: options.input, terminal: false });
  const interactive = Boolean((options.input as NodeJS.ReadStream).isTTY);
  const prompt = () => {
    if (interactive) output.write('\nyou> ');
  };
  write(GREETING);
  prompt();
  let last: Reply | undefined;
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === 'exit' || line === 'quit' || line === '\\q') break;
    if (line === '') {
      prompt();
      continue;
    }
    const action = last?.actions.find((a) => a.id === line.toLowerCase() || a.label.toLowerCase() === line.toLowerCase());
    const request = {
      platform: 'console' as const,
      workspace: 'local',
      channel: 'terminal',
      user: options.user ?? 'you',
      admin: true,
      ...(action ? { action: { id: action.id as ActionId, payload: action.payload } } : { text: line }),
    };
    const reply = await bot.handle(request);
    if (reply.pin) await bot.recordPin(request, 'terminal', reply.pin.slots);
    write('');
    write(
      renderReplyText(
        reply.pin
          ? {
              ...reply,
              summary: `${reply.summary}\n(Pinned for this terminal session; in Slack or Discord this becomes the channel's living pin.)`,
            }
          : reply,
        { color: options.color, width: options.width },
      ),
    );
    last = reply;
    prompt();
  }
  rl.close();
  write('bye');
}
