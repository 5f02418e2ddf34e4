// One source instance's images during a merge: a stream, newest first, read a
// page at a time from positions only that source understands.
//
// A stream known only from the cursor is not read until its head (the sort
// key of its next image, kept in the cursor) would be the next edge, so a
// source that contributes nothing to a page costs no call. A page only partly
// consumed is read again on resume (the cursor holds positions, not images)
// and what was taken is skipped; pages consumed whole are never read again.
// A source that fails is not an error of the listing: the stream keeps why
// (`failure`), and the connection names it in `unavailableSources`.

import { cachedListPage } from '../cache/index.js';
import type { GatewayContext } from '../context-types.js';
import { ErrorCode, GatewayError } from '../errors.js';
import { type ImageListFilter, type SortKey, sortKeyOf, type SourceInstance } from '../sources/index.js';
import type { AnyImageModel } from '../models.js';
import type { CallBudget } from './budget.js';
import type { StreamState } from './cursor.js';
import { unavailableSource, type UnavailableSource } from './unavailable.js';

/** What every stream of one listing reads with. */
export interface StreamReading {
  context: GatewayContext;
  filter: ImageListFilter;
  pageSize: number;
  budget: CallBudget;
}

export class Stream {
  /** False while the stream is known only from the cursor (its page not read in this request). */
  private loaded = false;
  /** Position of the page `buffer` came from (or, not loaded, of the page to read). */
  private position: string | null;
  /** Images of that page taken so far. */
  private taken: number;
  /** Not loaded: the sort key of the next image, from the cursor (null: unknown, read it now). */
  private head: SortKey | null;
  private buffer: AnyImageModel[] = [];
  private next: string | null = null;
  /** True when the source has nothing after `buffer`. */
  private exhausted: boolean;
  /** Why the source could not be read in this request; undefined while it answers. */
  private failure: UnavailableSource | undefined;
  private totalCount: number | null;

  constructor(
    readonly instance: SourceInstance,
    /** The state the request began with (kept for a source that fails). */
    private readonly initial: StreamState,
  ) {
    this.position = initial.position;
    this.taken = initial.skip;
    this.head = initial.head;
    this.exhausted = initial.done;
    this.totalCount = initial.total;
  }

  get name(): string {
    return this.instance.config.name;
  }

  /** Why the source failed in this request, if it did. */
  get unavailable(): UnavailableSource | undefined {
    return this.failure;
  }

  private get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Must be read before the merge can know its head. */
  get headUnknown(): boolean {
    return !this.exhausted && !this.loaded && this.head === null;
  }

  /** Read, and its page ran dry, and the source has more. */
  get dry(): boolean {
    return this.loaded && !this.failed && this.buffer.length === 0 && !this.exhausted;
  }

  /** Its head is known only from the cursor: the page must be read before the image is taken. */
  get waiting(): boolean {
    return !this.loaded && !this.exhausted && this.head !== null;
  }

  /**
   * The source may have more images. A source that failed in this request does
   * not count (its state stays in the cursor, so a later page tries it again):
   * a client must not page forever against a source that keeps failing.
   */
  get open(): boolean {
    return this.headKey() !== undefined || (!this.failed && !this.exhausted);
  }

  get total(): number | null {
    return this.failed ? null : this.totalCount;
  }

  /** The sort key of the next image; undefined when it has none (or failed). */
  headKey(): SortKey | undefined {
    if (this.failed) return undefined;
    if (!this.loaded) return this.exhausted ? undefined : (this.head ?? undefined);
    return this.buffer.length > 0 ? sortKeyOf(this.buffer[0]) : undefined;
  }

  /** Takes the next image (the stream must be loaded with a head). */
  take(): AnyImageModel {
    const image = this.buffer.shift()!;
    this.taken += 1;
    return image;
  }

  /** Reads the page the stream is at (its current one when not loaded, else the next), within `maxCalls`. */
  async read(reading: StreamReading, maxCalls: number): Promise<void> {
    const [position, skip] = this.loaded ? [this.next, 0] : [this.position, this.taken];
    const { context, filter, pageSize, budget } = reading;
    try {
      const page = await cachedListPage(this.instance, {
        context,
        scope: budget.scopeWithin(context.scope),
        filter,
        position,
        pageSize,
        maxCalls,
      });
      this.loaded = true;
      this.position = position;
      this.taken = skip;
      this.buffer = page.images.slice(skip);
      this.next = page.next;
      this.exhausted = page.next === null;
      this.totalCount = typeof page.totalCount === 'number' ? page.totalCount : null;
    } catch (error) {
      // A position the source refuses comes from a tampered cursor: the client's
      // mistake, reported on `after` for the whole field, not as a failing source.
      const known = error instanceof GatewayError ? error : undefined;
      if (known?.details.code === ErrorCode.BAD_USER_INPUT && known.details.field === 'after') throw error;
      this.buffer = [];
      this.failure = unavailableSource(context, this.instance, known);
    }
  }

  /** Where the stream stands now, for the cursor. */
  state(): StreamState {
    const total = this.totalCount;
    if (this.failed) return this.initial;
    if (!this.loaded) {
      return this.exhausted
        ? { ...this.initial, total }
        : { done: false, position: this.position, skip: this.taken, head: this.head, total };
    }
    if (this.buffer.length > 0) {
      return { done: false, position: this.position, skip: this.taken, head: sortKeyOf(this.buffer[0]), total };
    }
    return this.exhausted
      ? { done: true, position: null, skip: 0, head: null, total }
      : { done: false, position: this.next, skip: 0, head: null, total };
  }
}
