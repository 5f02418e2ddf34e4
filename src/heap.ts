// How the gateway's V8 heap grows. Under load, a GraphQL request's
// allocations (its context, its parsed upstream answer, its result tree)
// mostly die young, but those of the requests in flight when a scavenge runs
// are promoted and die in the old generation. V8 lets the old generation grow
// to several times what is live before its next full collection (up to 4x at
// a high allocation rate): under 50 connections, ~40 MB live became ~130 MB
// of old space and a peak RSS of 216-219 MB (275 MB under `nodes`). Letting it
// grow 50% past what is live keeps the peak at 165-180 MB. 20% kept it at
// 155-166 MB, but under `nodes` it ran a full collection every quarter second
// (38 in one window against 19 at 50% and 6 at V8's default, counted with
// --trace-gc): each marks the ~40 MB live, and that cost ~3% of the CPU.
// 50% is where the RSS target (200 MB) and the CPU both hold (bench/README.md,
// issue 15).
//
// Set at startup, before the heap has grown: the flag is read at every full
// collection. An operator's own --heap-growing-percent (on node's command
// line or in NODE_OPTIONS) wins.

import v8 from 'node:v8';

/** Percent past the live size the heap may grow before the next full collection. */
const HEAP_GROWING_PERCENT = 50;

const FLAG = /--heap[-_]growing[-_]percent/;

/** Sets the growth unless the operator did; `setFlags` is V8's (a test passes its own to see the flag). */
export function limitHeapGrowth(
  execArgv = process.execArgv,
  nodeOptions = process.env.NODE_OPTIONS ?? '',
  setFlags: (flags: string) => void = v8.setFlagsFromString,
): boolean {
  if (execArgv.some((arg) => FLAG.test(arg)) || FLAG.test(nodeOptions)) return false;
  setFlags(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
