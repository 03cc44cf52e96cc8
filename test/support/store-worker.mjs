// A second process racing for the same keys: `node test/support/store-worker.mjs` with
// STORE_URL, OP (lock | setIfAbsent | claim), KEYS (how many keys), CALLS (simultaneous calls per
// key), PREFIX (key prefix) and START_AT (ms since epoch: when to fire, so that two processes
// start together). Prints one JSON line: how many calls won, per key. Needs `npm run build`.
import { setTimeout } from 'node:timers';
import { createStore } from '../../dist/src/store/index.js';

const { STORE_URL, OP, KEYS = '50', CALLS = '10', PREFIX = 'race', START_AT = '0', HOLD_MS = '200' } = process.env;
const store = await createStore(STORE_URL, { timeoutMs: 5000 });
await store.connect();
if (!store.ready()) throw new Error(`store not ready: ${JSON.stringify(store.status())}`);
const wait = Number(START_AT) - Date.now();
if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
const late = wait < 0; // started after the agreed moment: the race did not happen as planned

const attempt = async (key, n) => {
  if (OP === 'lock') {
    const lock = await store.lock('pins', key, 10_000);
    if (!lock) return false;
    await new Promise((resolve) => setTimeout(resolve, Number(HOLD_MS))); // held while the others try
    await lock.release();
    return true;
  }
  if (OP === 'setIfAbsent') return store.ns('pins').setIfAbsent(key, { by: process.pid, n }, 60_000);
  if (OP === 'claim') return store.claim('events', key, 60_000);
  throw new Error(`unknown OP ${OP}`);
};
const keys = Array.from({ length: Number(KEYS) }, (_, i) => `${PREFIX}:${i}`);
const results = await Promise.all(keys.map((key) => Promise.all(Array.from({ length: Number(CALLS) }, (_, n) => attempt(key, n)))));
process.stdout.write(`${JSON.stringify({ late, wins: results.map((calls) => calls.filter(Boolean).length) })}\n`);
await store.close();
