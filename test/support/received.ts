// What an emulator received, whole: the sandbox records calls without their
// bodies or raw query strings, so a test that asserts them wraps the
// emulator's handler to keep each request as it arrived.

import type { Emulator, EmulatorRequest } from '../../src/sandbox/emulator.js';

/**
 * Keeps every request `emulator` handles from now on, in order (empty the
 * array to start over); `before` runs before each is answered, so a test can
 * change the emulator's state between two calls of one GraphQL request.
 */
export function recordRequests(emulator: Emulator, before?: (request: EmulatorRequest) => void): EmulatorRequest[] {
  const received: EmulatorRequest[] = [];
  const handle = emulator.handle.bind(emulator);
  (emulator as { handle: Emulator['handle'] }).handle = (request) => {
    received.push(request);
    before?.(request);
    return handle(request);
  };
  return received;
}
