import { titleOf, type Reply } from '../reply/reply.js';
import { chartLines, monospaceTable, sanitizeTerminal } from './chat-text.js';

/** Discord's limits for a message with embeds and components. */
export const DISCORD_LIMITS = {
  content: 2000,
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  customId: 100,
  buttonLabel: 80,
  buttonsPerRow: 5,
  /** An attachment's size for a bot without boosts (Discord's default upload limit). */
  attachmentBytes: 25 * 1024 * 1024,
  attachmentDescription: 1024,
} as const;

export interface DiscordEmbed {
  title: string;
  description?: string;
  color: number;
  fields: Array<{ name: string; value: string; inline?: boolean }>;
  footer?: { text: string };
  /** `attachment://<file name>`: an image attached to the same message, shown inside the embed. */
  image?: { url: string };
}

/** An attachment the message carries (the REST body's `attachments`; the bytes travel as `files[id]`). */
export interface DiscordAttachment {
  id: number;
  filename: string;
  description?: string;
}

export interface DiscordMessage {
  content?: string;
  embeds: DiscordEmbed[];
  components: Array<{ type: 1; components: Array<{ type: 2; style: number; label: string; custom_id: string }> }>;
  /** No mentions are ever allowed: not users, not roles, not @everyone. */
  allowed_mentions: { parse: [] };
  flags?: number;
  /** Present when the message carries the comparison chart (see `renderDiscord`'s `attachChart`). */
  attachments?: DiscordAttachment[];
}

export interface DiscordRenderOptions {
  /**
   * The adapter attaches the reply's chart (reply.image) as a PNG: the embed shows it
   * (`attachment://<file name>`) in place of the text chart, and the message lists the attachment.
   */
  attachChart?: boolean;
}

const ZWSP = '\u200b';
const COLORS: Record<string, number> = { error: 0xd9534f, denied: 0xd9534f, cooldown: 0xf0ad4e, recommend: 0x2e8b57, pin: 0x5865f2 };

const breakMentions = (text: string): string => text.replace(/@(everyone|here)\b/gi, `@${ZWSP}$1`).replace(/<(@[!&]?|#)/g, `<${ZWSP}$1`);

/** Escapes Discord markdown and breaks every mention form, so quoted user text is shown as typed. */
export function escapeDiscord(text: string): string {
  return breakMentions(sanitizeTerminal(String(text)))
    .replace(/([\\*_~`|>#-])/g, '\\$1')
    .replace(/\]\(/g, `]${ZWSP}(`);
}

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
const code = (text: string, max: number): string => `\`\`\`\n${clip(text.replace(/`/g, 'ˋ'), max - 8)}\n\`\`\``;

export const customId = (actionId: string, payload: string): string => clip(`ftcost:${actionId}:${payload}`, DISCORD_LIMITS.customId);

const embedSize = (e: DiscordEmbed): number =>
  e.title.length +
  (e.description?.length ?? 0) +
  (e.footer?.text.length ?? 0) +
  e.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);

/** A file name Discord accepts in `attachment://` references: letters, digits, dot, dash, underscore. */
export function attachmentName(fileName: string): string {
  const cleaned = String(fileName)
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+/, '')
    .slice(-100);
  return /\.png$/i.test(cleaned) ? cleaned : `${cleaned || 'ftcost-compare'}.png`;
}

/** The chart's attachment for a reply with `image`: file name and description (the alt text). */
export function chartAttachment(reply: Pick<Reply, 'image'>): DiscordAttachment | undefined {
  if (!reply.image) return undefined;
  const description = breakMentions(sanitizeTerminal(reply.image.alt)).trim();
  return {
    id: 0,
    filename: attachmentName(reply.image.fileName),
    ...(description ? { description: clip(description, DISCORD_LIMITS.attachmentDescription) } : {}),
  };
}

/** One embed within Discord's limits, buttons with short custom ids, and no mentions allowed. */
export function renderDiscord(reply: Reply, options: DiscordRenderOptions = {}): DiscordMessage {
  const L = DISCORD_LIMITS;
  const attachment = options.attachChart ? chartAttachment(reply) : undefined;
  const fields: DiscordEmbed['fields'] = [];
  // Discord refuses empty field names and values.
  const nonEmpty = (text: string) => (text.trim() === '' ? ZWSP : text);
  for (const f of reply.figures)
    fields.push({
      name: nonEmpty(clip(escapeDiscord(f.label), L.fieldName)),
      value: nonEmpty(clip(escapeDiscord(f.value), L.fieldValue)),
      inline: true,
    });
  let description = escapeDiscord(reply.summary);
  if (reply.table) {
    const table = monospaceTable(
      { ...reply.table, rows: reply.table.rows.map((r) => ({ label: sanitizeTerminal(r.label), cells: r.cells.map(sanitizeTerminal) })) },
      120,
    );
    description += `\n${code(table, 2000)}`;
  }
  if (reply.chart && !attachment)
    description += `\n**${escapeDiscord(reply.chart.title)}** (low–high)\n${code(chartLines(reply.chart, 20).map(sanitizeTerminal).join('\n'), 800)}`;
  const listField = (name: string, lines: string[]) => {
    const value = lines.map((l) => `• ${escapeDiscord(l)}`).join('\n');
    // Long lists continue in further fields rather than being cut mid-line.
    let part = '';
    let first = true;
    for (const line of value.split('\n')) {
      if (part && part.length + 1 + line.length > L.fieldValue) {
        fields.push({
          name: nonEmpty(clip(first ? escapeDiscord(name) : `${escapeDiscord(name)} (cont.)`, L.fieldName)),
          value: nonEmpty(part),
        });
        first = false;
        part = clip(line, L.fieldValue);
      } else part = part ? `${part}\n${line}` : clip(line, L.fieldValue);
    }
    if (part)
      fields.push({
        name: nonEmpty(clip(first ? escapeDiscord(name) : `${escapeDiscord(name)} (cont.)`, L.fieldName)),
        value: nonEmpty(part),
      });
  };
  if (reply.reasons.length) listField('Why', reply.reasons);
  const reserved: Array<[string, string[]]> = [];
  if (reply.warnings.length) reserved.push(['⚠️ Warnings', reply.warnings]);
  if (reply.questions.length) reserved.push(['❔ To sharpen this, tell me', reply.questions]);
  for (const s of reply.sections) listField(s.title, s.lines);
  for (const [name, lines] of reserved) listField(name, lines);

  const embed: DiscordEmbed = {
    title: clip(escapeDiscord(titleOf(reply)), L.title),
    description: clip(description, L.description),
    color: COLORS[reply.kind] ?? 0x3b82f6,
    fields: [],
    ...(reply.footer ? { footer: { text: clip(breakMentions(sanitizeTerminal(reply.footer)), L.footer) } } : {}),
    ...(attachment ? { image: { url: `attachment://${attachment.filename}` } } : {}),
  };
  const fixedRoom = L.embedTotal - 1200;
  if (embedSize(embed) > fixedRoom)
    embed.description = clip(embed.description ?? '', Math.max(200, fixedRoom - embed.title.length - (embed.footer?.text.length ?? 0)));
  // Warnings and questions first among what must fit; then figures and sections in order.
  const warningFields = fields.filter((f) => f.name.startsWith('⚠️') || f.name.startsWith('❔'));
  const others = fields.filter((f) => !warningFields.includes(f));
  const note = { name: 'More', value: 'Open "Breakdown & assumptions" or run ftcost on the command line for the rest.' };
  for (const f of [...others, ...warningFields]) {
    if (
      embed.fields.length >= L.fields - 1 ||
      embedSize(embed) + f.name.length + f.value.length + note.name.length + note.value.length > L.embedTotal
    ) {
      if (!embed.fields.includes(note)) embed.fields.push(note);
      continue;
    }
    embed.fields.push(f);
  }
  if (embed.fields.includes(note)) embed.fields = [...embed.fields.filter((f) => f !== note), note];

  const buttons = reply.actions.slice(0, L.buttonsPerRow).map((a) => ({
    type: 2 as const,
    style: a.id === 'pin' ? 1 : 2,
    label: clip(breakMentions(sanitizeTerminal(a.label)), L.buttonLabel) || a.id,
    custom_id: customId(a.id, a.payload),
  }));
  return {
    embeds: [embed],
    components: buttons.length ? [{ type: 1, components: buttons }] : [],
    allowed_mentions: { parse: [] },
    ...(reply.ephemeral ? { flags: 64 } : {}),
    ...(attachment ? { attachments: [attachment] } : {}),
  };
}
