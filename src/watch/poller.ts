// One upstream poller per watched image (per instance, global id and
// credential): it reads the image, decides whether what a subscriber sees has
// changed, and hands the same events to every subscriber.
//
// The life of a poller: the first subscriber starts it with a read at once;
// each read is followed by a wait from the backoff (reset when the image
// changed, longer each time it did not, longer too after a failed read); it
// stops — no timer left — when its last subscriber leaves, or after it has
// sent a terminal status (every subscriber then completes), or when the image
// is gone, or when its credential is refused. A read that is in flight when
// it stops is left to finish within the upstream timeout, and its answer is
// dropped.

import type { ImageStatus } from '../generated/graphql.js';
import { ErrorCode, GatewayError } from '../errors.js';
import type { AnyImageModel } from '../models.js';
import { MAX_WATCH_INTERVAL_MS, PollBackoff } from './backoff.js';
import { EventQueue } from './queue.js';

/** What a subscriber receives: the image, or the failure of one read. */
export type WatchEvent = { image: AnyImageModel; error?: undefined } | { error: Error; image?: undefined };

/** After these the image does not change any more: the subscription completes. */
export const TERMINAL_STATUSES: ReadonlySet<ImageStatus> = new Set<ImageStatus>(['ACTIVE', 'FAILED', 'DELETED']);

export interface PollerOptions {
  /** Reads the image once, through a fresh request context; null when it does not exist. */
  read: () => Promise<AnyImageModel | null>;
  /** The first wait between two reads, ms. */
  intervalMs: number;
  /** The longest wait, ms (default 10 s). */
  maxIntervalMs?: number;
  /** Events held for a subscriber that is not reading (the oldest are dropped). */
  bufferSize: number;
  /** Called once, when the poller stops. */
  onStop(): void;
  /** Called when a read finds the image changed since the last one sent (not for the first read). */
  onChange?: () => void;
}

/** What a change is: any of these three differs from the last image sent. */
export function changeStamp(image: AnyImageModel): string {
  const updatedAt = image.updatedAt instanceof Date ? image.updatedAt.toISOString() : (image.updatedAt ?? null);
  return JSON.stringify([image.status, image.vendorStatus ?? null, updatedAt]);
}

export class ImagePoller {
  private readonly subscribers = new Set<EventQueue<WatchEvent>>();
  private readonly backoff: PollBackoff;
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private stopped = false;
  /** The last image read, and the stamp of the last one sent. */
  private lastImage: AnyImageModel | undefined;
  private sentStamp: string | undefined;
  /** What a subscriber who joins now is sent at once: the last image read, or the last error. */
  private latest: WatchEvent | undefined;

  constructor(private readonly options: PollerOptions) {
    this.backoff = new PollBackoff(options.intervalMs, options.maxIntervalMs ?? MAX_WATCH_INTERVAL_MS);
  }

  /** Subscribers reading now. */
  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** A new subscriber: it gets the latest event at once (or the first read's, when it comes), then every change. */
  subscribe(): EventQueue<WatchEvent> {
    if (this.stopped) throw new Error('ImagePoller.subscribe: the poller has stopped');
    const queue: EventQueue<WatchEvent> = new EventQueue(this.options.bufferSize, () => this.unsubscribe(queue));
    this.subscribers.add(queue);
    if (this.latest) queue.push(this.latest);
    if (!this.started) {
      this.started = true;
      void this.poll();
    }
    return queue;
  }

  /** Ends every subscriber and stops (the gateway is stopping). */
  close(): void {
    for (const queue of this.subscribers) queue.end();
    this.subscribers.clear();
    this.stop();
  }

  private unsubscribe(queue: EventQueue<WatchEvent>): void {
    this.subscribers.delete(queue);
    if (this.subscribers.size === 0) this.stop();
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.options.onStop();
  }

  private async poll(): Promise<void> {
    this.timer = undefined;
    let image: AnyImageModel | null;
    try {
      image = await this.options.read();
    } catch (thrown) {
      if (this.stopped) return;
      const error = thrown instanceof Error ? thrown : new Error(String(thrown));
      // A refused credential stays refused: a poller reads with one credential for its whole life
      // (a caller's own token included), so the subscription ends with the error.
      if (error instanceof GatewayError && error.details.code === ErrorCode.UNAUTHENTICATED) {
        this.finish({ error });
        return;
      }
      // Sent, and the next read waits longer: a failing upstream is not hammered.
      this.sentStamp = undefined;
      this.publish({ error });
      this.schedule(this.backoff.next());
      return;
    }
    if (this.stopped) return;
    if (image === null) {
      this.finish(
        this.lastImage
          ? { image: { ...this.lastImage, status: 'DELETED', vendorStatus: null } }
          : { error: new GatewayError('no image has this id', { code: ErrorCode.NOT_FOUND, field: 'id' }) },
      );
      return;
    }
    this.lastImage = image;
    if (TERMINAL_STATUSES.has(image.status)) {
      this.finish({ image });
      return;
    }
    const stamp = changeStamp(image);
    if (stamp !== this.sentStamp) {
      if (this.sentStamp !== undefined) this.options.onChange?.();
      this.sentStamp = stamp;
      this.publish({ image });
      this.backoff.reset();
    } else {
      this.latest = { image }; // the freshest read, for subscribers who join now
    }
    this.schedule(this.backoff.next());
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => void this.poll(), delayMs);
  }

  private publish(event: WatchEvent): void {
    this.latest = event;
    for (const queue of this.subscribers) queue.push(event);
  }

  /** Sends the last event, completes every subscriber, and stops. */
  private finish(event: WatchEvent): void {
    this.publish(event);
    for (const queue of this.subscribers) queue.end();
    this.subscribers.clear();
    this.stop();
  }
}
