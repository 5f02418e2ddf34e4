// What an emulator received, bodies included: the sandbox records calls
// without their bodies, so a test that checks the exact JSON sent wraps the
// emulator's handler once and reads this log.

import type { Emulator, EmulatorRequest } from '../../src/sandbox/emulator.js';

/** One request as the emulator received it. */
export interface ReceivedRequest {
  method: string;
  /** Path as it arrived, undecoded. */
  rawPath: string;
  /** Query string as it arrived, without `?` ('' when none). */
  rawQuery: string;
  contentType: string | undefined;
  body: string;
}

/** Starts keeping every request `emulator` handles; returns the (live) log, which the test may empty. */
export function recordRequests(emulator: Emulator): ReceivedRequest[] {
  const received: ReceivedRequest[] = [];
  const handle = emulator.handle.bind(emulator);
  (emulator as { handle: Emulator['handle'] }).handle = (request: EmulatorRequest) => {
    received.push({
      method: request.method,
      rawPath: request.rawPath,
      rawQuery: request.rawQuery,
      contentType: request.headers['content-type'],
      body: request.body.toString('utf8'),
    });
    return handle(request);
  };
  return received;
}
