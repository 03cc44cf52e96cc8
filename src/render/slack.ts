import { titleOf, type Reply } from '../reply/reply.js';
import { chartLines, monospaceTable, sanitizeTerminal } from './chat-text.js';

/** Slack's limits for Block Kit messages. */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  header: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  contextElements: 10,
  fallbackText: 3000,
  imageAltText: 2000,
  blockId: 255,
} as const;

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export type SlackBlock = Record<string, unknown> & { type: string };

const ZWSP = '\u200b';

/**
 * Escapes text for mrkdwn: &, < and > (so `<!channel>` or `<@U…>` cannot form), breaks @everyone,
 * @here and @channel, and swaps the emphasis characters for look-alikes so quoted user text cannot
 * restyle the message.
 */
export function escapeSlack(text: string): string {
  return sanitizeTerminal(String(text))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(everyone|here|channel)\b/gi, `@${ZWSP}$1`)
    .replace(/\*/g, '∗')
    .replace(/_/g, 'ˍ')
    .replace(/~/g, '∼')
    .replace(/`/g, 'ˋ');
}

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Splits lines into mrkdwn chunks that each fit one section. */
function chunks(title: string, lines: string[], max: number): string[] {
  const out: string[] = [];
  let current = `*${escapeSlack(title)}*`;
  for (const line of lines) {
    const item = `\n• ${escapeSlack(line)}`;
    if (current.length + item.length > max) {
      out.push(current);
      current = clip(`• ${escapeSlack(line)}`, max);
    } else current += item;
  }
  out.push(current);
  return out;
}

const codeBlock = (text: string, max: number): string => `\`\`\`${clip(text.replace(/`/g, 'ˋ'), max - 6)}\`\`\``;

export interface SlackRenderOptions {
  /**
   * The comparison chart, already uploaded to Slack (files.uploadV2): shown as an image block under
   * the summary, in place of the text chart. Its block id carries the file id, so a message updated
   * with a new chart gets a new block.
   */
  chart?: { fileId: string };
}

/** Plain text (headers, buttons, alt text): no control characters, and no mention can form. */
const plainText = (text: string): string =>
  sanitizeTerminal(String(text))
    .replace(/@(everyone|here|channel)\b/gi, `@${ZWSP}$1`)
    .replace(/<([@!#])/g, `<${ZWSP}$1`);

/** The image block showing an uploaded chart (`slack_file` by id), with the reply's alt text. */
export function chartBlock(fileId: string, alt: string): SlackBlock {
  const L = SLACK_LIMITS;
  const safeId = String(fileId).replace(/[^A-Za-z0-9]/g, '');
  return {
    type: 'image',
    block_id: clip(`ftcost_chart_${safeId}`, L.blockId),
    slack_file: { id: safeId },
    alt_text: clip(plainText(alt).trim() || 'Comparison chart', L.imageAltText),
  };
}

/** Block Kit within Slack's limits, always with a plain-text fallback. */
export function renderSlack(reply: Reply, options: SlackRenderOptions = {}): SlackMessage {
  const L = SLACK_LIMITS;
  const blocks: SlackBlock[] = [];
  const section = (text: string): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text: clip(text, L.sectionText) } });

  blocks.push({ type: 'header', text: { type: 'plain_text', text: clip(plainText(titleOf(reply)), L.header), emoji: false } });
  if (reply.summary) blocks.push(section(escapeSlack(reply.summary)));
  const chart = options.chart ? chartBlock(options.chart.fileId, reply.image?.alt ?? titleOf(reply)) : undefined;
  if (chart) blocks.push(chart);
  for (let i = 0; i < reply.figures.length; i += L.fields) {
    const fields = reply.figures
      .slice(i, i + L.fields)
      .map((f) => ({ type: 'mrkdwn', text: clip(`*${escapeSlack(f.label)}*\n${escapeSlack(f.value)}`, L.fieldText) }));
    blocks.push({ type: 'section', fields });
  }
  if (reply.table) {
    const table = monospaceTable(
      { ...reply.table, rows: reply.table.rows.map((r) => ({ label: sanitizeTerminal(r.label), cells: r.cells.map(sanitizeTerminal) })) },
      200,
    );
    blocks.push(section(codeBlock(table, L.sectionText)));
  }
  if (reply.chart && !chart)
    blocks.push(
      section(
        `*${escapeSlack(reply.chart.title)}* (low–high)\n${codeBlock(chartLines(reply.chart, 24).map(sanitizeTerminal).join('\n'), L.sectionText - 60)}`,
      ),
    );
  if (reply.reasons.length) for (const text of chunks('Why', reply.reasons, L.sectionText)) blocks.push(section(text));
  const tail: SlackBlock[] = [];
  if (reply.warnings.length) for (const text of chunks(':warning: Warnings', reply.warnings, L.sectionText)) tail.push(section(text));
  if (reply.questions.length)
    for (const text of chunks(':grey_question: To sharpen this, tell me', reply.questions, L.sectionText)) tail.push(section(text));
  if (reply.actions.length) {
    tail.push({
      type: 'actions',
      elements: reply.actions.map((a) => ({
        type: 'button',
        text: { type: 'plain_text', text: clip(plainText(a.label), L.buttonText) },
        action_id: `ftcost_${a.id}`,
        value: clip(a.payload, L.buttonValue),
        ...(a.id === 'pin' ? { style: 'primary' } : {}),
      })),
    });
  }
  if (reply.footer) tail.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(escapeSlack(reply.footer), L.sectionText) }] });

  // Sections fill what the header, figures, warnings, actions and footer leave, in order; the rest is cut with a note.
  const room = L.blocks - blocks.length - tail.length - 1;
  const sectionBlocks: SlackBlock[] = [];
  for (const s of reply.sections) for (const text of chunks(s.title, s.lines, L.sectionText)) sectionBlocks.push(section(text));
  if (sectionBlocks.length > room) {
    blocks.push(...sectionBlocks.slice(0, Math.max(0, room)));
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'More in "Breakdown & assumptions" or with ftcost on the command line.' }],
    });
  } else blocks.push(...sectionBlocks);
  blocks.push(...tail);

  const fallback = [titleOf(reply), reply.summary, ...reply.figures.map((f) => `${f.label}: ${f.value}`)].filter(Boolean).join('\n');
  return { text: clip(escapeSlack(fallback), L.fallbackText), blocks: blocks.slice(0, L.blocks) };
}
