// How often a watched image is read: at once, then after the first interval,
// doubling while nothing changes, up to a ceiling; back to the first interval
// after a change. No jitter: pollers are per image, not per client, so there
// is no herd of clients to spread out, and a fixed schedule is one a test can
// derive its call counts from.

import { ExponentialBackoff, noJitterGenerator, type IBackoff } from 'cockatiel';

/** The longest wait between two polls of an image that does not change. */
export const MAX_WATCH_INTERVAL_MS = 10_000;

/** The delays between the polls of one image. */
export class PollBackoff {
  private readonly first: IBackoff<unknown>;
  private current: IBackoff<unknown>;

  constructor(intervalMs: number, maxIntervalMs = MAX_WATCH_INTERVAL_MS) {
    const factory = new ExponentialBackoff({
      initialDelay: intervalMs,
      maxDelay: Math.max(intervalMs, maxIntervalMs),
      generator: noJitterGenerator,
    });
    this.first = factory.next();
    this.current = this.first;
  }

  /** The wait before the next poll; the one after it is twice as long (up to the ceiling). */
  next(): number {
    const delay = this.current.duration;
    this.current = this.current.next(undefined);
    return delay;
  }

  /** Something changed: the next wait is the first interval again. */
  reset(): void {
    this.current = this.first;
  }
}
