// One poller per watched image across replicas (with Redis; in-process state
// makes this the same as ./registry.ts, one process being every replica).
//
// Every replica with a subscriber for an image (per instance, id and
// credential: ./credential.ts, hashed into every name) listens on the image's
// channel, and tries to take its lease (SET NX PX IMAGE_GATEWAY_WATCH_LEASE_MS).
// The holder is the leader: it runs the one ImagePoller (./poller.ts: reads,
// change detection, backoff, the end of the watch), publishes each event on
// the channel, and keeps the last one (with a TTL) for subscribers who join
// later, on any replica. It renews its lease three times a lease period with
// a compare-and-extend (or once a poll interval, when that is shorter), and
// stops polling the moment a renewal fails. The others check the lease as
// often; when a leader dies its lease runs out, and within one poll interval
// another replica holds it and reads at once, so the next change reaches
// every subscriber within one lease period plus one poll interval of the
// death.
//
// Fencing, twice. A leader publishes (and keeps the last event) only while
// it holds its lease, checked in the same atomic step as the publish
// (publishIfHolder: one Lua script in Redis), so a stale leader's late read
// (one in flight when it lost its lease) is dropped at the source: it reaches
// no replica and does not overwrite the last state a later subscriber gets,
// even before the new leader has published anything; the stale leader stops
// polling there. And a new leader takes a fencing token (an INCR counter) and
// puts it on every event; a subscriber drops an event whose token is below
// the highest it has seen (what this guards once Redis comes and goes, and
// leaders of in-process state meet Redis's again). A replica also drops an
// event equal to the last one it delivered (a new leader's first read is
// usually that).
//
// Redis away: leases, counters and channels fall back to in-process state
// (src/state/redis.ts), so every replica becomes the leader of its own
// subscribers; when Redis answers again their renewals fail and one leader is
// elected again.

import { randomUUID } from 'node:crypto';
import { ErrorCode, GatewayError } from '../errors.js';
import type { AnyImageModel } from '../models.js';
import { decodeCached, encodeCached } from '../cache/index.js';
import type { GatewayState } from '../state/index.js';
import { changeStamp, ImagePoller, TERMINAL_STATUSES, type WatchEvent } from './poller.js';
import { EventQueue } from './queue.js';
import type { ImageWatches, WatchRegistryOptions, WatchRequest } from './registry.js';

const SUBSCRIBER_BUFFER = 16;
/** A fencing counter outlives any watch. */
const FENCE_TTL_MS = 7 * 24 * 3600 * 1000;

/** What goes over the channel. */
interface WatchMessage {
  /** The publishing leader's fencing token. */
  fence: number;
  image?: AnyImageModel;
  error?: { message: string; code?: string };
  /** The watch is over (terminal status, gone, credential refused): subscribers complete. */
  end?: boolean;
}

export interface SharedWatchOptions extends WatchRegistryOptions {
  state: GatewayState;
  /** Scrubs configured secrets from an error's message before it is published. */
  scrub: (text: string) => string;
}

export class SharedWatchRegistry implements ImageWatches {
  private readonly watches = new Map<string, SharedImageWatch>();

  constructor(private readonly options: SharedWatchOptions) {}

  get size(): number {
    return this.watches.size;
  }

  watch(request: WatchRequest): AsyncIterableIterator<WatchEvent> {
    const key = JSON.stringify([request.instance.config.name, request.id, request.credentialKey]);
    const existing = this.watches.get(key);
    if (existing) return existing.subscribe();
    if (this.watches.size >= this.options.maxImages) {
      throw new GatewayError(
        `the gateway already watches ${this.options.maxImages} images, its limit (IMAGE_GATEWAY_WATCH_MAX_IMAGES)`,
        { code: ErrorCode.LIMIT_EXCEEDED, limit: 'IMAGE_GATEWAY_WATCH_MAX_IMAGES' },
      );
    }
    const watch: SharedImageWatch = new SharedImageWatch(request, this.options, () => {
      if (this.watches.get(key) === watch) this.watches.delete(key);
    });
    this.watches.set(key, watch);
    return watch.subscribe();
  }

  close(): void {
    for (const watch of [...this.watches.values()]) watch.close();
  }
}

/**
 * One term of this replica as the image's leader: the lease token it took
 * (new for each term, so that a late word of an earlier term, its publish or
 * its renewal, never passes for this one's), its fencing token, its poller.
 */
interface Term {
  token: string;
  fence: number;
  poller: ImagePoller;
}

/** One image watched on this replica: its local subscribers, and its term when this replica leads. */
class SharedImageWatch {
  private readonly subscribers = new Set<EventQueue<WatchEvent>>();
  private readonly names: { lease: string; fence: string; last: string; channel: string };
  private readonly leaseMs: number;
  private readonly unsubscribe: () => void;
  private readonly ticker: NodeJS.Timeout;
  private term: Term | undefined;
  private highestFence = 0;
  private lastStamp: string | undefined;
  private latest: WatchEvent | undefined;
  private stopped = false;
  private ticking = false;

  constructor(
    private readonly request: WatchRequest,
    private readonly options: SharedWatchOptions,
    private readonly onStop: () => void,
  ) {
    const { keys } = options.state;
    const about = [request.instance.config.name, request.id, request.credentialKey];
    this.names = {
      lease: keys.control('lease', ...about),
      fence: keys.control('fence', ...about),
      last: keys.control('last', ...about),
      channel: keys.channel('watch', ...about),
    };
    this.leaseMs = options.state.settings.watchLeaseMs;
    this.unsubscribe = options.state.store.subscribe(this.names.channel, (text) => this.heard(text));
    // A follower looks at a dead leader's lease at least once a poll interval, so it takes over within a lease
    // period plus one interval of the death; a leader renews as often (at least three times a lease period).
    const tickMs = Math.max(10, Math.min(Math.floor(this.leaseMs / 3), options.intervalMs));
    this.ticker = setInterval(() => void this.tick(), tickMs);
    void this.start();
  }

  subscribe(): EventQueue<WatchEvent> {
    const queue: EventQueue<WatchEvent> = new EventQueue(SUBSCRIBER_BUFFER, () => {
      this.subscribers.delete(queue);
      if (this.subscribers.size === 0) this.stop();
    });
    this.subscribers.add(queue);
    if (this.latest) queue.push(this.latest);
    return queue;
  }

  close(): void {
    for (const queue of this.subscribers) queue.end();
    this.subscribers.clear();
    this.stop();
  }

  // Private: the last state any leader published, then the first try for the lease.
  private async start(): Promise<void> {
    const [last] = await this.options.state.store.getMany([this.names.last]);
    if (last && !this.latest) this.heard(last);
    await this.tick();
  }

  // Private: lead (take or renew the lease), or follow.
  private async tick(): Promise<void> {
    if (this.stopped || this.ticking) return;
    this.ticking = true;
    try {
      const { store } = this.options.state;
      const term = this.term;
      if (term) {
        if (!(await store.extendIfEqual(this.names.lease, term.token, this.leaseMs))) this.follow(term);
        return;
      }
      const token = randomUUID();
      if (await store.setIfAbsent(this.names.lease, token, this.leaseMs)) {
        const fence = (await store.increment(this.names.fence, FENCE_TTL_MS)).value;
        // This replica's own word is the newest from now on (its fence may come from in-process state).
        this.highestFence = fence;
        if (this.stopped) void store.deleteIfEqual(this.names.lease, token);
        else this.lead(token, fence);
      }
    } finally {
      this.ticking = false;
    }
  }

  private lead(token: string, fence: number): void {
    this.options.logger.debug({ instance: this.request.instance.config.name, id: this.request.id }, 'watch leader');
    const poller = new ImagePoller({
      read: this.request.read,
      intervalMs: this.options.intervalMs,
      bufferSize: SUBSCRIBER_BUFFER,
      onChange: this.options.onChange && (() => this.options.onChange!(this.request.instance)),
      onStop: () => undefined,
    });
    const term: Term = { token, fence, poller };
    this.term = term;
    const events = poller.subscribe();
    void (async () => {
      for await (const event of events) await this.publish(term, this.messageOf(event));
      // The poller ended by itself (not because this replica stopped leading): the watch is over.
      if (this.term === term) await this.publish(term, { end: true });
    })();
  }

  /** Ends `term` (its poller stops), if it is still this replica's: a later term is left alone. */
  private follow(term: Term): void {
    if (this.term !== term) return;
    this.term = undefined;
    term.poller.close();
  }

  private messageOf(event: WatchEvent): Omit<WatchMessage, 'fence'> {
    if (event.image) return { image: event.image };
    const code = event.error instanceof GatewayError ? event.error.details.code : undefined;
    return { error: { message: this.options.scrub(event.error.message), code } };
  }

  /** Publishes, under the term's fencing token, while `term` still holds the lease; a term that lost it ends instead. */
  private async publish(term: Term, message: Omit<WatchMessage, 'fence'>): Promise<void> {
    const text = encodeCached({ fence: term.fence, ...message } satisfies WatchMessage);
    const keep = message.end ? undefined : { key: this.names.last, ttlMs: Math.max(60_000, 3 * this.leaseMs) };
    const lease = { key: this.names.lease, holder: term.token };
    if (!(await this.options.state.store.publishIfHolder(lease, this.names.channel, text, keep))) this.follow(term);
  }

  // Private: a message from whichever replica leads (this one included).
  private heard(text: string): void {
    if (this.stopped) return;
    const message = decodeCached(text) as WatchMessage;
    if (message.fence < this.highestFence) return; // a stale leader's late word
    this.highestFence = message.fence;
    if (message.end) {
      this.close();
      return;
    }
    let event: WatchEvent;
    if (message.image) {
      const stamp = changeStamp(message.image);
      if (stamp === this.lastStamp) return;
      this.lastStamp = stamp;
      event = { image: message.image };
    } else {
      this.lastStamp = undefined;
      const { message: why, code } = message.error ?? { message: 'the watch failed' };
      event = { error: new GatewayError(why, { code: (code as ErrorCode) ?? ErrorCode.UPSTREAM_UNAVAILABLE }) };
    }
    this.latest = event;
    for (const queue of this.subscribers) queue.push(event);
    if (message.image && TERMINAL_STATUSES.has(message.image.status)) this.close();
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.ticker);
    this.unsubscribe();
    const term = this.term;
    if (term) {
      this.follow(term);
      void this.options.state.store.deleteIfEqual(this.names.lease, term.token);
    }
    this.onStop();
  }
}
