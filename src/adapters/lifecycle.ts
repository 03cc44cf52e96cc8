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
