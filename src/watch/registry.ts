// Every image the gateway watches, one poller each, shared by every
// subscriber that reads the same image, of the same source instance, with
// the same credentials. The key includes the credential because a poller's
// reads are made with one: a subscriber must never receive what their own
// credentials could not read (see ./credential.ts).

import { ErrorCode, GatewayError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AnyImageModel } from '../models.js';
import type { SourceInstance } from '../sources/index.js';
import { ImagePoller, type WatchEvent } from './poller.js';

/** Events held for a subscriber that is not reading; every event is a whole snapshot, so a few suffice. */
const SUBSCRIBER_BUFFER = 16;

/** One subscriber's request to watch an image. */
export interface WatchRequest {
  /** The instance the image lives in. */
  instance: SourceInstance;
  /** The image's global id. */
  id: string;
  /** Whose credentials the reads are made with (./credential.ts). */
  credentialKey: string;
  /** Reads the image once through a fresh request context; used by the poller if this request starts one. */
  read: () => Promise<AnyImageModel | null>;
}

export interface WatchRegistryOptions {
  /** First wait between two reads of an image, ms. */
  intervalMs: number;
  /** Most pollers at once. */
  maxImages: number;
  logger: Logger;
  /** Hears a poller that saw its image change (the entity cache forgets the instance's entries). */
  onChange?: (instance: SourceInstance) => void;
}

/** The watched images of a gateway: in this process (WatchRegistry), or one poller across replicas (./shared.ts). */
export interface ImageWatches {
  /** Images watched now by this process. */
  readonly size: number;
  /** A new subscriber to the image: the events it reads. */
  watch(request: WatchRequest): AsyncIterableIterator<WatchEvent>;
  /** Completes every subscriber and stops every poller. */
  close(): void;
}

export class WatchRegistry implements ImageWatches {
  private readonly pollers = new Map<string, ImagePoller>();

  constructor(private readonly options: WatchRegistryOptions) {}

  /** Images watched now (one poller each). */
  get size(): number {
    return this.pollers.size;
  }

  /**
   * A new subscriber to the image: the events it reads. Joins the image's
   * poller or starts one; LIMIT_EXCEEDED when that would be one poller more
   * than IMAGE_GATEWAY_WATCH_MAX_IMAGES.
   */
  watch(request: WatchRequest): AsyncIterableIterator<WatchEvent> {
    const key = JSON.stringify([request.instance.config.name, request.id, request.credentialKey]);
    const existing = this.pollers.get(key);
    if (existing) return existing.subscribe();
    if (this.pollers.size >= this.options.maxImages) {
      throw new GatewayError(
        `the gateway already watches ${this.options.maxImages} images, its limit (IMAGE_GATEWAY_WATCH_MAX_IMAGES)`,
        { code: ErrorCode.LIMIT_EXCEEDED, limit: 'IMAGE_GATEWAY_WATCH_MAX_IMAGES' },
      );
    }
    const log = { instance: request.instance.config.name, id: request.id };
    const poller: ImagePoller = new ImagePoller({
      read: request.read,
      intervalMs: this.options.intervalMs,
      bufferSize: SUBSCRIBER_BUFFER,
      onChange: this.options.onChange && (() => this.options.onChange!(request.instance)),
      onStop: () => {
        if (this.pollers.get(key) === poller) this.pollers.delete(key);
        this.options.logger.debug(log, 'image watch stopped');
      },
    });
    this.pollers.set(key, poller);
    this.options.logger.debug(log, 'image watch started');
    return poller.subscribe();
  }

  /** Completes every subscriber and stops every poller (the gateway is stopping). */
  close(): void {
    for (const poller of [...this.pollers.values()]) poller.close();
  }
}
