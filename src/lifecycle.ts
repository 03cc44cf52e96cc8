import type { Lifecycle } from './adapters/lifecycle.js';
import type { Logger } from './log.js';

export { Lifecycle, type Work } from './adapters/lifecycle.js';

/** Something that takes work: stops taking it, then stops for good once the work in flight is done. */
export interface Stoppable {
  name: string;
  stopAccepting(): Promise<void>;
  stop(): Promise<void>;
}

export interface ShutdownOptions {
  lifecycle: Lifecycle;
  adapters: Stoppable[];
  store: { flush(): Promise<string[]>; close(): Promise<void> };
  logger: Logger;
  /** How long the work in flight may take to finish (SHUTDOWN_DEADLINE_MS, default 10,000 ms). */
  deadlineMs: number;
  signal: string;
  now?: () => number;
}

const within = async <T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([promise.catch(() => fallback), timeout]);
  } finally {
    clearTimeout(timer);
  }
};

const list = (items: string[], max = 20) => (items.length > max ? [...items.slice(0, max), `… ${items.length - max} more`] : items);

/**
 * Graceful shutdown: stop taking work (adapters answer 503 or close the gateway), let what is in
 * flight finish within the deadline, stop the adapters, write back what the store still holds in
 * memory, close it. Returns the exit status: 0 when nothing was abandoned, else 1, after one log
 * line naming what was abandoned.
 */
export async function shutdown(options: ShutdownOptions): Promise<number> {
  const { lifecycle, adapters, store, logger, deadlineMs } = options;
  const now = options.now ?? Date.now;
  const started = now();
  lifecycle.stopAccepting();
  logger.info('shutting down: taking no new work, finishing what is in flight', {
    signal: options.signal,
    inFlight: lifecycle.inFlight,
    deadlineMs,
  });
  await Promise.all(adapters.map((a) => within(a.stopAccepting(), 2000, undefined)));
  const abandoned = await lifecycle.drain(deadlineMs - (now() - started));
  for (const adapter of adapters) await within(adapter.stop(), 3000, undefined);
  const unwritten = await within(store.flush(), 5000, ['(the store did not answer)']);
  await within(store.close(), 5000, undefined);
  const tookMs = now() - started;
  if (abandoned.length > 0 || unwritten.length > 0) {
    logger.error('shutdown abandoned work', {
      inFlight: list(abandoned.map((w) => `${w.what} (running ${now() - w.since} ms)`)),
      unwrittenStoreKeys: list(unwritten),
      tookMs,
    });
    return 1;
  }
  logger.info('shutdown complete', { tookMs });
  return 0;
}
