// What one subscriber reads: an async iterator over the events its poller
// pushes, with a bounded buffer. Every event is a whole snapshot of the
// image, so a subscriber that reads slower than the image changes loses
// nothing it needs when the oldest waiting events are dropped: the buffer
// keeps the newest ones, the terminal one included.
//
// Why not a Repeater (@repeaterjs): its executor starts at the first `next()`,
// and a subscriber must count, and share its poller, from the moment its
// subscription is accepted, which is when this queue is created.

/** A subscriber's events as an async iterator; `push` and `end` are the poller's side. */
export class EventQueue<T> implements AsyncIterableIterator<T> {
  private readonly buffered: T[] = [];
  private readonly waiting: Array<(result: IteratorResult<T, undefined>) => void> = [];
  private ended = false;

  /**
   * @param capacity most events held for a subscriber that is not reading; older ones are dropped.
   * @param onReturn called once when the reader stops reading (unsubscribes) before the end.
   */
  constructor(
    private readonly capacity: number,
    private readonly onReturn: () => void,
  ) {}

  /** Hands `event` to the reader, or holds it (dropping the oldest past capacity). Ignored after the end. */
  push(event: T): void {
    if (this.ended) return;
    const reader = this.waiting.shift();
    if (reader) {
      reader({ value: event, done: false });
      return;
    }
    this.buffered.push(event);
    if (this.buffered.length > this.capacity) this.buffered.shift();
  }

  /** No more events: the reader gets what is held, then done. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const reader of this.waiting.splice(0)) reader({ value: undefined, done: true });
  }

  /** True once ended (by the poller or by the reader). */
  get done(): boolean {
    return this.ended;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.buffered.length > 0) return Promise.resolve({ value: this.buffered.shift() as T, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** The reader unsubscribes: nothing more is read, and the poller is told. */
  return(): Promise<IteratorResult<T, undefined>> {
    const early = !this.ended;
    this.buffered.length = 0;
    this.end();
    if (early) this.onReturn();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
