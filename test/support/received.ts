// What an emulator received, whole: the sandbox records calls without their
// bodies or raw query strings, so a test that asserts them wraps the
// emulator's handler to keep each request as it arrived.

import type { Emulator, EmulatorRequest } from '../../src/sandbox/emulator.js';

/** One request as the emulator received it, with its body as text and its content type at hand. */
export interface ReceivedRequest extends EmulatorRequest {
  contentType: string | undefined;
  /** The body as text (the raw bytes are `EmulatorRequest['body']`). */
  text: string;
}

/**
 * Keeps every request `emulator` handles from now on, in order (empty the
 * array to start over); `before` runs before each is answered, so a test can
 * change the emulator's state between two calls of one GraphQL request.
 */
export function recordRequests(emulator: Emulator, before?: (request: EmulatorRequest) => void): ReceivedRequest[] {
  const received: ReceivedRequest[] = [];
  const handle = emulator.handle.bind(emulator);
  (emulator as { handle: Emulator['handle'] }).handle = (request) => {
    received.push({ ...request, contentType: request.headers['content-type'], text: request.body.toString('utf8') });
    before?.(request);
    return handle(request);
  };
  return received;
}
