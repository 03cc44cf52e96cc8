import { createInterface } from 'node:readline';
import type { Bot, BotRequest } from '../bot/core.js';
import { deliver, type Conversation } from '../bot/delivery.js';
import { silentLogger } from '../log.js';
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

/** The terminal as a conversation: everything is printed; the living pin is this session's, recorded like a channel's. */
function terminalConversation(write: (reply: Reply) => void, where: Conversation['where']): Conversation {
  return {
    where,
    canPin: true,
    images: false,
    answer: async (out) => write(out.reply),
    tell: async (reply) => write(reply),
    post: async (out) => {
      write(out.reply);
      return 'terminal';
    },
    update: async (_id, out) => write(out.reply),
    pin: async () => undefined,
    remove: async () => undefined,
  };
}

/**
 * The terminal chat: each line goes through the same delivery flow as Slack and Discord. Typing an
 * action's name ("compare", "pin", "details") presses that button on the last answer.
 */
export async function runConsoleChat(options: ConsoleOptions): Promise<void> {
  const { bot, output } = options;
  const print = (text: string) => output.write(`${text}\n`);
  const rl = createInterface({ input: options.input, terminal: false });
  const interactive = Boolean((options.input as NodeJS.ReadStream).isTTY);
  const prompt = () => {
    if (interactive) output.write('\nyou> ');
  };
  const where = { platform: 'console' as const, workspace: 'local', channel: 'terminal' };
  const conversation = terminalConversation((reply) => {
    print('');
    print(renderReplyText(reply, { color: options.color, width: options.width }));
  }, where);
  print(GREETING);
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
    const request: BotRequest = {
      ...where,
      user: options.user ?? 'you',
      admin: true,
      ...(action ? { action: { id: action.id as ActionId, payload: action.payload } } : { text: line }),
    };
    last = await deliver({ bot, logger: silentLogger, draw: async () => undefined }, conversation, request);
    prompt();
  }
  rl.close();
  print('bye');
}
