import type { Reply } from '../reply/reply.js';

/** Removes terminal control sequences and other control characters (keeps newlines). */
export const sanitizeTerminal = (text: string): string =>
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  text.replace(/\u001b\[[0-9;?]*[A-Za-z]|[\u0000-\u0009\u000b-\u001f\u007f\u2028\u2029]/g, '');

export interface TextStyle {
  color: boolean;
  width: number;
}

const ansi = (on: boolean, code: string) => (text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

function wrap(text: string, width: number, indent: string): string {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/)) {
      if (line && line.length + 1 + word.length > width - indent.length) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out.map((l, i) => (i === 0 ? l : indent + l)).join('\n');
}

/** Solid to the low figure, shaded to the high one. */
export function rangeBar(low: number, high: number, max: number, width: number): string {
  if (!(max > 0) || !(high > 0)) return '';
  const solid = Math.max(1, Math.round((low / max) * width));
  const span = Math.max(0, Math.round((high / max) * width) - solid);
  return '█'.repeat(solid) + '░'.repeat(span);
}

/**
 * A table in monospace: label column, then one column per method. A table wider than `maxWidth` is
 * split into blocks of columns, each with the labels, so no figure is cut off.
 */
export function monospaceTable(table: NonNullable<Reply['table']>, maxWidth = 120): string {
  const labelWidth = Math.max(...table.rows.map((r) => r.label.length), 0) + 2;
  const widths = table.columns.map((c, i) => Math.max(c.length, ...table.rows.map((r) => (r.cells[i] ?? '').length)) + 2);
  const blocks: number[][] = [];
  let used = labelWidth;
  for (const [i, w] of widths.entries()) {
    const block = blocks.at(-1);
    if (block && used + w - 2 <= maxWidth) {
      block.push(i);
      used += w;
    } else {
      blocks.push([i]);
      used = labelWidth + w;
    }
  }
  const line = (label: string, cells: string[], block: number[]) =>
    (label.padEnd(labelWidth) + block.map((i) => (cells[i] ?? '').padEnd(widths[i] ?? 0)).join('')).trimEnd();
  return blocks
    .map((block) => [line('', table.columns, block), ...table.rows.map((r) => line(r.label, r.cells, block))].join('\n'))
    .join('\n\n');
}

export function chartLines(chart: NonNullable<Reply['chart']>, barWidth: number): string[] {
  const max = Math.max(...chart.bars.map((b) => b.high));
  const labelWidth = Math.max(...chart.bars.map((b) => b.label.length)) + 2;
  return chart.bars.map((b) => `${b.label.padEnd(labelWidth)}${rangeBar(b.low, b.high, max, barWidth)} ${b.text}`);
}

/**
 * A reply for the terminal (colour only on a TTY) or as plain text: the same content as the chat
 * renderings, laid out for a fixed-width screen. Every string is stripped of control sequences.
 */
export function renderReplyText(reply: Reply, style: TextStyle = { color: false, width: 100 }): string {
  const width = Math.max(40, style.width);
  const bold = ansi(style.color, '1');
  const dim = ansi(style.color, '2');
  const yellow = ansi(style.color, '33');
  const cyan = ansi(style.color, '36');
  const clean = sanitizeTerminal;
  const out: string[] = [bold(clean(reply.title))];
  if (reply.summary) out.push(wrap(clean(reply.summary), width, ''));
  if (reply.figures.length) {
    const labelWidth = Math.max(...reply.figures.map((f) => f.label.length)) + 2;
    out.push('');
    for (const f of reply.figures)
      out.push(`  ${clean(f.label).padEnd(labelWidth)}${wrap(clean(f.value), width - labelWidth - 2, ' '.repeat(labelWidth + 2))}`);
  }
  if (reply.table)
    out.push(
      '',
      ...monospaceTable(
        { ...reply.table, rows: reply.table.rows.map((r) => ({ label: clean(r.label), cells: r.cells.map(clean) })) },
        width,
      )
        .split('\n')
        .map((l) => `  ${l}`),
    );
  if (reply.chart) {
    out.push('', `  ${bold(clean(reply.chart.title))} (low–high)`);
    for (const line of chartLines(reply.chart, Math.max(10, width - 40))) out.push(`  ${clean(line)}`);
  }
  if (reply.reasons.length) {
    out.push('', bold('Why'));
    for (const r of reply.reasons) out.push(`  · ${wrap(clean(r), width - 4, '    ')}`);
  }
  for (const section of reply.sections) {
    out.push('', bold(clean(section.title)));
    for (const line of section.lines) out.push(`  · ${wrap(clean(line), width - 4, '    ')}`);
  }
  if (reply.warnings.length) {
    out.push('');
    for (const w of reply.warnings) out.push(yellow(`  ! ${wrap(clean(w), width - 4, '    ')}`));
  }
  if (reply.questions.length) {
    out.push('');
    for (const q of reply.questions) out.push(cyan(`  ? ${wrap(clean(q), width - 4, '    ')}`));
  }
  if (reply.actions.length) {
    out.push('', dim(`  Next: ${reply.actions.map((a) => `"${a.id}" (${clean(a.label).toLowerCase()})`).join(' · ')}`));
  }
  if (reply.footer) out.push(dim(wrap(clean(reply.footer), width, '')));
  return out.join('\n');
}
