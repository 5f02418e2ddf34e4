// The `images` cursor (src/listing/cursor.ts): the merge state after an edge
// survives a round trip exactly, is tied to the filter it was issued for, and
// anything that is not such a cursor is BAD_USER_INPUT on `after`.

import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors.js';
import { decodeCursor, encodeCursor, fingerprint, type StreamState } from '../../src/listing/cursor.js';

const MAX_PAGE_SIZE = 200;

/** The error `decodeCursor` throws for `after`. */
function refusal(after: string, filterPrint = fingerprint(null)): GatewayError {
  try {
    decodeCursor(after, filterPrint, MAX_PAGE_SIZE);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error(`accepted ${after}`);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('images cursor', () => {
  const states = new Map<string, StreamState>([
    ['done', { done: true, position: null, skip: 0, head: null, total: 42 }],
    ['at-head', { done: false, position: 'marker/é?&', skip: 3, head: [1_700_000_000_000, 'id-9'], total: null }],
    ['undated-head', { done: false, position: '20', skip: 0, head: [null, 'id-1'], total: 7 }],
    ['unread', { done: false, position: null, skip: 0, head: null, total: null }],
  ]);

  it('round-trips every kind of stream state and the page size', () => {
    const filterPrint = fingerprint({ providers: ['IMS'], nameContains: 'x' });
    const cursor = encodeCursor({ filterPrint, pageSize: 51 }, states);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, filterPrint, MAX_PAGE_SIZE)).toEqual({ pageSize: 51, states });
  });

  it('is tied to its filter; lists in another order are the same filter', () => {
    const cursor = encodeCursor({ filterPrint: fingerprint({ providers: ['IMS', 'EHPC'] }), pageSize: 10 }, states);
    expect(decodeCursor(cursor, fingerprint({ providers: ['EHPC', 'IMS'] }), MAX_PAGE_SIZE).pageSize).toBe(10);
    const error = refusal(cursor, fingerprint({ providers: ['IMS'] }));
    expect(error.details).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(error.message).toBe('after was issued for a different filter');
  });

  it('refuses garbage and tampered cursors as BAD_USER_INPUT on after', () => {
    const f = fingerprint(null);
    const valid = JSON.parse(
      Buffer.from(encodeCursor({ filterPrint: f, pageSize: 10 }, states), 'base64url').toString(),
    );
    const tampered = (change: (data: any) => void) => {
      const data = structuredClone(valid);
      change(data);
      return b64(data);
    };
    for (const after of [
      'garbage!!',
      '',
      b64('a string'),
      b64([1, 2]),
      b64({ v: 1, f, p: 10, s: {} }),
      tampered((d) => (d.p = 0)),
      tampered((d) => (d.p = MAX_PAGE_SIZE + 2)),
      tampered((d) => (d.s = null)),
      tampered((d) => (d.s.unread = 'x')),
      tampered((d) => (d.s['at-head'][1] = -1)),
      tampered((d) => (d.s['at-head'][1] = 1.5)),
      tampered((d) => (d.s['at-head'][0] = 5)),
      tampered((d) => (d.s['at-head'][2] = 'many')),
      tampered((d) => (d.s['at-head'][4] = 9)),
      tampered((d) => d.s['at-head'].pop()),
      tampered((d) => (d.s.done = [0, -1])),
    ]) {
      const error = refusal(after, f);
      expect(error.details, after).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
      expect(error.message).toBe('after is not a cursor of this listing');
    }
  });
});
