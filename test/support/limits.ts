import { expect } from 'vitest';
import { DISCORD_LIMITS, type DiscordMessage } from '../../src/render/discord.js';
import { SLACK_LIMITS, type SlackMessage } from '../../src/render/slack.js';

/** Fails the test unless the message is within Slack's limits and carries no live mention. */
export function checkSlack(m: SlackMessage): void {
  const L = SLACK_LIMITS;
  expect(m.text.length).toBeGreaterThan(0);
  expect(m.text.length).toBeLessThanOrEqual(L.fallbackText);
  expect(m.blocks.length).toBeLessThanOrEqual(L.blocks);
  for (const b of m.blocks) {
    const text = (b.text as { text?: string } | undefined)?.text;
    if (b.type === 'header') expect(text!.length).toBeLessThanOrEqual(L.header);
    if (b.type === 'section' && text !== undefined) expect(text.length).toBeLessThanOrEqual(L.sectionText);
    if (b.type === 'section' && b.fields) {
      const fields = b.fields as Array<{ text: string }>;
      expect(fields.length).toBeLessThanOrEqual(L.fields);
      for (const f of fields) expect(f.text.length).toBeLessThanOrEqual(L.fieldText);
    }
    if (b.type === 'actions') {
      for (const e of b.elements as Array<{ text: { text: string }; value: string; action_id: string }>) {
        expect(e.text.text.length).toBeLessThanOrEqual(L.buttonText);
        expect(e.value.length).toBeLessThanOrEqual(L.buttonValue);
        expect(e.action_id.length).toBeLessThanOrEqual(L.actionId);
      }
    }
    if (b.type === 'context') {
      const elements = b.elements as Array<{ text: string }>;
      expect(elements.length).toBeLessThanOrEqual(L.contextElements);
      for (const e of elements) expect(e.text.length).toBeLessThanOrEqual(L.sectionText);
    }
  }
  // Button values are data sent back to the app, never shown, so they cannot mention anyone.
  const all = JSON.stringify(m, (key, value: unknown) => (key === 'value' && typeof value === 'string' ? '' : value));
  expect(all).not.toMatch(/<!(channel|here|everyone)|<@[UW]|(?<!\u200b)@(everyone|here|channel)\b/i);
}

export const embedSize = (e: DiscordMessage['embeds'][number]) =>
  e.title.length +
  (e.description?.length ?? 0) +
  (e.footer?.text.length ?? 0) +
  e.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);

/** Fails the test unless the message is within Discord's limits, allows no mention and contains none. */
export function checkDiscord(m: DiscordMessage): void {
  const L = DISCORD_LIMITS;
  expect(m.allowed_mentions).toEqual({ parse: [] });
  if (m.content) expect(m.content.length).toBeLessThanOrEqual(L.content);
  for (const e of m.embeds) {
    expect(embedSize(e)).toBeLessThanOrEqual(L.embedTotal);
    expect(e.title.length).toBeLessThanOrEqual(L.title);
    expect((e.description ?? '').length).toBeLessThanOrEqual(L.description);
    expect(e.fields.length).toBeLessThanOrEqual(L.fields);
    for (const f of e.fields) {
      expect(f.name.length).toBeLessThanOrEqual(L.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(L.fieldValue);
      expect(f.value.length).toBeGreaterThan(0);
    }
    if (e.footer) expect(e.footer.text.length).toBeLessThanOrEqual(L.footer);
  }
  for (const row of m.components) {
    expect(row.components.length).toBeLessThanOrEqual(L.buttonsPerRow);
    for (const b of row.components) expect(b.custom_id.length).toBeLessThanOrEqual(L.customId);
  }
  // Custom ids are data sent back to the bot, never shown, so they cannot mention anyone.
  expect(JSON.stringify(m, (key, value: unknown) => (key === 'custom_id' ? '' : value))).not.toMatch(
    /(?<!\u200b)@(everyone|here)\b|<@!?\d|<@&\d/i,
  );
}
