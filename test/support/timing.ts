// Wall-clock upper bounds in tests. A test that runs real sockets, real
// servers or real child processes cannot fake its clock, so its "done within
// T" claims allow for what is not the code's doing: a timer firing late, an
// event loop busy with another test's server, loopback HTTP, on a loaded
// 2-core CI machine shared by several runs (measured: up to 500 ms of such
// lateness at load 15). One value for every test, not one per file: a bound
// that needs less slack to tell right from wrong needs a larger margin in the
// test (a bigger T, a longer hang), not a tighter slack. Tests driven purely
// by in-process timers use fake timers instead, and need no slack at all.

import { expect } from 'vitest';

/** What a loaded machine may add to any wall-clock bound, ms. */
export const TIMING_SLACK_MS = 1_000;

/** Asserts `ms` (a measured duration) stayed under `boundMs` plus TIMING_SLACK_MS. */
export function expectWithin(ms: number, boundMs: number, what?: string): void {
  expect(ms, what).toBeLessThan(boundMs + TIMING_SLACK_MS);
}
