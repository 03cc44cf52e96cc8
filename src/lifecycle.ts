import type { Logger } from './log.js';

/** A piece of work in flight: what it is (no user text) and since when. */
export interface Work {
  what: string;
  since: number;
}

/**
 * Work in flight, and whether new work is still taken: what a graceful shutdown waits for. The
 * adapters register each command, event and button here (begin … end) and stop taking work when
 * told; main.ts drains it on SIGTERM or SIGINT.
 */
export class Lifecycle {
  private readonly running = new Map<number, Work>();
  private nextId = 0;
  private open = true;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly now: () => number = Date.now) {}

  /** False once shutting down: adapters refuse new work (HTTP 503, the gateway closed). */
  get accepting(): boolean {
    return this.open;
  }

  get inFlight(): number {
    return this.running.size;
  }

  /** Registers work; call the returned function when it ends (more calls do nothing). */
  begin(what: string): () => void {
    const id = this.nextId++;
    this.running.set(id, { what, since: this.now() });
    return () => {
      if (!this.running.delete(id) || this.running.size > 0) return;
      for (const wake of this.waiters) wake();
      this.waiters.clear();
    };
  }

  async track<T>(what: string, work: () => Promise<T>): Promise<T> {
    const end = this.begin(what);
    try {
      return await work();
    } finally {
      end();
    }
  }

  stopAccepting(): void {
    this.open = false;
  }

  /** Resolves once nothing is in flight, or after `deadlineMs` with what is still running. */
  async drain(deadlineMs: number): Promise<Work[]> {
    if (this.running.size > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, deadlineMs));
        this.waiters.add(done);
      });
    }
    return [...this.running.values()];
  }
}

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
