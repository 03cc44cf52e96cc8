#!/usr/bin/env node
// Writes manifest.json (HTTP mode) and manifest.socket-mode.json from commands/. Run after `npm run build`.
import { writeFileSync } from 'node:fs';

const { slackManifest } = await import('../dist/src/adapters/slack/manifest.js');
for (const [file, mode] of [
  ['manifest.json', 'http'],
  ['manifest.socket-mode.json', 'socket'],
]) {
  writeFileSync(new URL(`../${file}`, import.meta.url), `${JSON.stringify(slackManifest(mode), null, 2)}\n`);
  console.log(`wrote ${file}`);
}
