// The watcher on its own, on a fake clock and a fake upstream read: the
// backoff schedule, the subscriber's bounded buffer, and the poller's life
// (what is sent when, who shares a poller, when it stops, that no timer is
// left behind). test/watch/watch.test.ts runs it against the sandbox over WebSocket.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode, GatewayError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { PollBackoff, WatchRegistry, type WatchEvent } from '../../src/watch/index.js';
import { EventQueue } from '../../src/watch/queue.js';

const silent = createLogger({ level: 'silent' });

describe('PollBackoff', () => {
  it('doubles from the first interval up to 10 s, and starts over on reset', () => {
    const backoff = new PollBackoff(1000);
    expect(Array.from({ length: 7 }, () => backoff.next())).toEqual([1000, 2000, 4000, 8000, 10000, 10000, 10000]);
    backoff.reset();
    expect([backoff.next(), backoff.next()]).toEqual([1000, 2000]);
  });

  it('never waits less than the first interval, even above the ceiling', () => {
    const backoff = new PollBackoff(10_000, 10_000);
    expect([backoff.next(), backoff.next()]).toEqual([10_000, 10_000]);
  });
});

describe('EventQueue', () => {
  it('holds at most its capacity for a reader that is not reading, keeping the newest', async () => {
    const queue = new EventQueue<number>(3, () => undefined);
    for (let i = 1; i <= 5; i++) queue.push(i);
    queue.end();
    queue.push(6); // after the end: ignored
    const read: number[] = [];
    for await (const value of queue) read.push(value);
    expect(read).toEqual([3, 4, 5]);
  });

  it('hands an event to a waiting reader at once, and tells the poller once when the reader leaves', async () => {
    const onReturn = vi.fn();
    const queue = new EventQueue<string>(2, onReturn);
    const waiting = queue.next();
    queue.push('a');
    expect(await waiting).toEqual({ value: 'a', done: false });
    const pending = queue.next();
    await queue.return();
    await queue.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(onReturn).toHaveBeenCalledTimes(1);
  });

  it('does not call onReturn when it was ended by the poller', async () => {
    const onReturn = vi.fn();
    const queue = new EventQueue<string>(2, onReturn);
    queue.end();
    await queue.return();
    expect(onReturn).not.toHaveBeenCalled();
  });
});

/** A fake image as a source's model: just what the watch reads. */
function image(
  status: string,
  updatedAt = '2024-01-01T00:00:00.000Z',
  vendorStatus: string | null = status.toLowerCase(),
) {
  return {
    __typename: 'FakeImage',
    id: 'img-1',
    provider: 'FAKE',
    nativeId: 'n1',
    status,
    vendorStatus,
    updatedAt,
  } as any;
}

/**
 * A fake upstream read: answers each call with the next step (an image, null,
 * or an Error to throw) and repeats the last; `answer` replaces the steps.
 */
function upstream(...initial: unknown[]) {
  let steps = initial;
  const read = vi.fn(async () => {
    const step = steps.length > 1 ? steps.shift() : steps[0];
    if (step instanceof Error) throw step;
    return step as any;
  });
  return Object.assign(read, {
    answer: (...next: unknown[]) => {
      steps = next;
    },
  });
}

const instance = (name = 'fake-1') => ({ config: { name } }) as any;

/** Reads a subscriber's events as they come, the way graphql-ws does (one `next()` at a time). */
function reader(events: AsyncIterableIterator<WatchEvent>) {
  const received: WatchEvent[] = [];
  let completed = false;
  void (async () => {
    for await (const event of events) received.push(event);
    completed = true;
  })();
  return {
    /** The events received since the last call (after letting pending callbacks run). */
    async take(): Promise<WatchEvent[]> {
      await vi.advanceTimersByTimeAsync(0);
      return received.splice(0);
    },
    /** True once the subscription has completed. */
    async completed(): Promise<boolean> {
      await vi.advanceTimersByTimeAsync(0);
      return completed;
    },
    leave: () => events.return?.(),
  };
}

const statuses = (events: WatchEvent[]) => events.map((e) => (e.error ? `error:${e.error.message}` : e.image.status));

describe('WatchRegistry and its pollers', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const registry = (maxImages = 10) => new WatchRegistry({ intervalMs: 1000, maxImages, logger: silent });

  it('reads at once, then backs off 1 s, 2 s, 4 s … while nothing changes, and starts over after a change', async () => {
    const read = upstream(image('QUEUED'));
    const watch = registry();
    const events = reader(watch.watch({ instance: instance(), id: 'img-1', credentialKey: 'k', read }));
    await vi.advanceTimersByTimeAsync(0);
    expect(read).toHaveBeenCalledTimes(1);
    expect(statuses(await events.take())).toEqual(['QUEUED']);

    // Reads at 1 s, 3 s, 7 s, 15 s, 25 s, 35 s: six more in 35 s, none sent (nothing changed).
    await vi.advanceTimersByTimeAsync(35_000);
    expect(read).toHaveBeenCalledTimes(7);
    expect(await events.take()).toEqual([]);

    // A change (updatedAt only) is sent, and the next read is 1 s later again.
    read.answer(image('QUEUED', '2024-01-01T00:01:00.000Z'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(read).toHaveBeenCalledTimes(8);
    expect(statuses(await events.take())).toEqual(['QUEUED']);
    read.answer(image('QUEUED', '2024-01-01T00:01:00.000Z', 'pending'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(read).toHaveBeenCalledTimes(9);
    expect((await events.take()).map((e) => e.image?.vendorStatus)).toEqual(['pending']);
    await events.leave();
  });

  it('completes every subscriber after a terminal status, and leaves no poller and no timer', async () => {
    const read = upstream(image('QUEUED'), image('CREATING'), image('ACTIVE'));
    const watch = registry();
    const first = reader(watch.watch({ instance: instance(), id: 'img-1', credentialKey: 'k', read }));
    const second = reader(watch.watch({ instance: instance(), id: 'img-1', credentialKey: 'k', read }));
    expect(watch.size).toBe(1);
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(read).toHaveBeenCalledTimes(3);
    for (const events of [first, second]) {
      expect(statuses(await events.take())).toEqual(['QUEUED', 'CREATING', 'ACTIVE']);
      expect(await events.completed()).toBe(true);
    }
    expect(watch.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ends every subscription when its credential is refused (UNAUTHENTICATED), reading no more', async () => {
    const refused = new GatewayError('the token is expired', { code: ErrorCode.UNAUTHENTICATED });
    const read = upstream(image('QUEUED'), refused);
    const watch = registry();
    const events = reader(watch.watch({ instance: instance(), id: 'img-1', credentialKey: 'k', read }));
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(statuses(await events.take())).toEqual(['QUEUED', 'error:the token is expired']);
    expect(await events.completed()).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(read).toHaveBeenCalledTimes(2);
    expect(watch.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('sends a joining subscriber the latest image at once, without reading again', async () => {
    const read = upstream(image('CREATING'));
    const watch = registry();
    const first = reader(watch.watch({ instance: instance(), id: 'img-1', credentialKey: 'k', read }));
    await vi.advanceTimersByTimeAsync(0);
    const late = reader(watch.watch({ instance: instance(), id: 'img-1', credentialKey: 'k', read }));
    expect(statuses(await late.take())).toEqual(['CREATING']);
    expect(read).toHaveBeenCalledTimes(1);
    await first.leave();
    await late.leave();
  });

  it('stops reading when the last subscriber leaves, with no timer left behind', async () => {
    const read = upstream(image('QUEUED'));
    const watch = registry();
    const a = reader(watch.watch({ instance: instance(), id: 'img-1', credentialKey: 'k', read }));
    const b = reader(watch.watch({ instance: instance(), id: 'img-1', credentialKey: 'k', read }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(read).toHaveBeenCalledTimes(2);
    await a.leave();
    await vi.advanceTimersByTimeAsync(2000);
    expect(read).toHaveBeenCalledTimes(3); // one subscriber left: still polling
    await b.leave();
    expect(watch.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(read).toHaveBeenCalledTimes(3);
  });

  it('drops the answer of a read still in flight when the last subscriber leaves', async () => {
    let answer!: (value: unknown) => void;
    const read = vi.fn(() => new Promise<any>((resolve) => (answer = resolve)));
    const watch = registry();
    const events = reader(watch.watch({ instance: instance(), id: 'img-1', credentialKey: 'k', read }));
    await vi.advanceTimersByTimeAsync(0);
    await events.leave();
    answer(image('QUEUED'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(read).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('sends a failed read as an error event, waits longer, and sends the image again once reading works', async () => {
    const read = upstream(image('QUEUED'), new Error('upstream down'), new Error('upstream down'), image('QUEUED'));
    const watch = registry();
    const events = reader(watch.watch({ instance: instance(), id: 'img-1', credentialKey: 'k', read }));
    await vi.advanceTimersByTimeAsync(0); // QUEUED; next read in 1 s
    await vi.advanceTimersByTimeAsync(1000); // error; next in 2 s
    expect(read).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(read).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1); // error; next in 4 s
    await vi.advanceTimersByTimeAsync(4000); // QUEUED again: unchanged, but sent after the errors
    expect(read).toHaveBeenCalledTimes(4);
    expect(statuses(await events.take())).toEqual(['QUEUED', 'error:upstream down', 'error:upstream down', 'QUEUED']);
    expect(await events.completed()).toBe(false);
    await events.leave();
  });

  it('sends an image that disappears once more as DELETED with no vendor status, then completes', async () => {
    const read = upstream(image('CREATING'), null);
    const watch = registry();
    const events = reader(watch.watch({ instance: instance(), id: 'img-1', credentialKey: 'k', read }));
    await vi.advanceTimersByTimeAsync(1000);
    const sent = await events.take();
    expect(sent.map((e) => [e.image?.status, e.image?.vendorStatus])).toEqual([
      ['CREATING', 'creating'],
      ['DELETED', null],
    ]);
    expect(sent[1].image?.updatedAt).toBe(sent[0].image?.updatedAt);
    expect(await events.completed()).toBe(true);
    expect(watch.size).toBe(0);
  });

  it('answers an id that names no image with one NOT_FOUND error, then completes', async () => {
    const watch = registry();
    const events = reader(watch.watch({ instance: instance(), id: 'img-1', credentialKey: 'k', read: upstream(null) }));
    await vi.advanceTimersByTimeAsync(0);
    const [event, ...rest] = await events.take();
    expect(rest).toEqual([]);
    expect(event.error).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(await events.completed()).toBe(true);
  });

  it('keeps pollers apart by instance, image and credential key', async () => {
    const read = upstream(image('QUEUED'));
    const watch = registry();
    const subscribers = [
      reader(watch.watch({ instance: instance('a'), id: 'img-1', credentialKey: 'k', read })),
      reader(watch.watch({ instance: instance('a'), id: 'img-1', credentialKey: 'k', read })),
      reader(watch.watch({ instance: instance('b'), id: 'img-1', credentialKey: 'k', read })),
      reader(watch.watch({ instance: instance('a'), id: 'img-2', credentialKey: 'k', read })),
      reader(watch.watch({ instance: instance('a'), id: 'img-1', credentialKey: 'other caller', read })),
    ];
    expect(watch.size).toBe(4);
    await vi.advanceTimersByTimeAsync(0);
    expect(read).toHaveBeenCalledTimes(4);
    for (const events of subscribers) await events.leave();
    expect(watch.size).toBe(0);
  });

  it('refuses a new image past IMAGE_GATEWAY_WATCH_MAX_IMAGES, while a watched one still takes subscribers', async () => {
    const read = upstream(image('QUEUED'));
    const watch = registry(1);
    const first = reader(watch.watch({ instance: instance(), id: 'img-1', credentialKey: 'k', read }));
    expect(() => watch.watch({ instance: instance(), id: 'img-2', credentialKey: 'k', read })).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('IMAGE_GATEWAY_WATCH_MAX_IMAGES'),
        extensions: { code: 'LIMIT_EXCEEDED', limit: 'IMAGE_GATEWAY_WATCH_MAX_IMAGES' },
      }),
    );
    const again = reader(watch.watch({ instance: instance(), id: 'img-1', credentialKey: 'k', read }));
    await first.leave();
    await again.leave();
    // Room again once the image is no longer watched.
    const other = reader(watch.watch({ instance: instance(), id: 'img-2', credentialKey: 'k', read }));
    await other.leave();
  });

  it('close() completes every subscriber and stops every poller', async () => {
    const read = upstream(image('QUEUED'));
    const watch = registry();
    const a = reader(watch.watch({ instance: instance(), id: 'img-1', credentialKey: 'k', read }));
    const b = reader(watch.watch({ instance: instance(), id: 'img-2', credentialKey: 'k', read }));
    await vi.advanceTimersByTimeAsync(0);
    watch.close();
    expect(await a.completed()).toBe(true);
    expect(await b.completed()).toBe(true);
    expect(watch.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
