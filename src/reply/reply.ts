import type { Method } from '../engine/index.js';
import type { Slots } from '../intent/schema.js';
import type { ComparisonImage } from './chart.js';

export type ReplyKind =
  | 'estimate'
  | 'compare'
  | 'recommend'
  | 'explain'
  | 'prices'
  | 'settings'
  | 'help'
  | 'pin'
  | 'error'
  | 'unknown'
  | 'question'
  | 'smalltalk'
  | 'cooldown'
  | 'denied';

export interface Figure {
  label: string;
  value: string;
}

export interface Table {
  columns: string[];
  rows: Array<{ label: string; cells: string[] }>;
}

export interface ChartBar {
  label: string;
  low: number;
  high: number;
  /** The figure as written next to the bar. */
  text: string;
}

export interface Section {
  title: string;
  lines: string[];
}

export type ActionId = 'compare' | 'pin' | 'details';

export interface Action {
  id: ActionId;
  label: string;
  /** Encoded slots, so that pressing the button recomputes from the same inputs (≤ 80 characters). */
  payload: string;
}

/** What a pin reply asks the adapter to do: post the comparison and pin it, or update the living pin. */
export interface PinInstruction {
  channelKey: string;
  slots: Slots;
  pricesAsOf: string;
  settingsHash: string;
  /** The message already pinned in this channel, to update in place. */
  existingMessageId?: string;
}

/**
 * A platform-neutral answer. Renderers turn it into Slack blocks, a Discord message or text; they
 * escape every string, so user text quoted in an error cannot become a mention or markup.
 */
export interface Reply {
  kind: ReplyKind;
  title: string;
  summary: string;
  figures: Figure[];
  table?: Table;
  chart?: { title: string; bars: ChartBar[] };
  reasons: string[];
  sections: Section[];
  warnings: string[];
  questions: string[];
  actions: Action[];
  footer: string;
  /** Shown to the asker alone (errors, refusals, cool-downs). */
  ephemeral: boolean;
  pin?: PinInstruction;
  method?: Method;
  /**
   * The comparison as a picture (compare and pin replies): what to draw, not the pixels. Adapters
   * that can attach files render it with `comparisonPng` and upload it beside the message.
   */
  image?: ComparisonImage;
  /**
   * The channel's pinned comparison, recomputed because the prices or the channel's settings changed
   * since it was posted: adapters update the pinned message in place after sending this reply.
   */
  refreshPin?: Reply;
}

export const blankReply = (kind: ReplyKind, title: string, summary = ''): Reply => ({
  kind,
  title,
  summary,
  figures: [],
  reasons: [],
  sections: [],
  warnings: [],
  questions: [],
  actions: [],
  footer: '',
  ephemeral: false,
});

/** A reply's title, never blank: Slack refuses an empty header and Discord an empty embed. */
export const titleOf = (reply: Pick<Reply, 'title'>): string => (String(reply.title ?? '').trim() === '' ? 'ftcost' : reply.title);
