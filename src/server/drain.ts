// The gateway's serving state, and how it stops: a drain.
//
// starting ──► serving ──► draining ──► stopped
//
// Readiness (/readyz) is 200 only while serving. A drain (SIGTERM, or
// gateway.stop()) turns it 503 at once, then runs every step added with
// `add` at the same time: the HTTP step stops accepting connections and lets
// in-flight requests finish; the subscriptions transport closes its sockets
// with 1001 (going away). Each step gets a signal that aborts when the
// shutdown timeout (IMAGE_GATEWAY_SHUTDOWN_TIMEOUT_MS) has passed: it must cut
// what is left then. A step still running LATE_STEP_MS after that is given up
// on (and logged), so a drain always ends.

import type { Logger } from '../logger.js';

export type ServingState = 'starting' | 'serving' | 'draining' | 'stopped';

/** Stops one kind of work; `deadline` aborts when the shutdown timeout has passed. */
export type DrainStep = (deadline: AbortSignal) => Promise<void> | void;

/** How long a step may run past the deadline before the drain ends without it. */
const LATE_STEP_MS = 2_000;

export class Drain {
  private current: ServingState = 'starting';
  private readonly steps: Array<{ name: string; step: DrainStep }> = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {}

  get state(): ServingState {
    return this.current;
  }

  /** The gateway accepts requests: readiness turns 200. */
  serving(): void {
    if (this.current === 'starting') this.current = 'serving';
  }

  /** Adds a step every drain runs (see the file comment). */
  add(name: string, step: DrainStep): void {
    this.steps.push({ name, step });
  }

  /** Drains: readiness turns 503 now; resolves once every step ended. Called again, the same drain. */
  run(): Promise<void> {
    this.running ??= this.drain();
    return this.running;
  }

  // Private: the drain itself.

  private async drain(): Promise<void> {
    this.current = 'draining';
    const began = performance.now();
    this.logger.info({ timeoutMs: this.timeoutMs, steps: this.steps.map((s) => s.name) }, 'draining');
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const pending = new Set(this.steps);
    const steps = this.steps.map(async (entry) => {
      try {
        await entry.step(deadline);
      } catch (error) {
        this.logger.error(
          { step: entry.name, err: error instanceof Error ? error.message : String(error) },
          'drain step failed',
        );
      }
      pending.delete(entry);
    });
    let giveUp: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (giveUp = setTimeout(resolve, this.timeoutMs + LATE_STEP_MS).unref()));
    await Promise.race([Promise.all(steps), late]);
    clearTimeout(giveUp);
    if (pending.size > 0) {
      this.logger.warn({ steps: [...pending].map((s) => s.name) }, 'drain steps still running; stopping without them');
    }
    this.current = 'stopped';
    this.logger.info({ ms: Math.round(performance.now() - began), cut: deadline.aborted }, 'drained');
  }
}
