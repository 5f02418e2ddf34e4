// The gateway's structured logger (pino, JSON lines on stdout).
//
// Writing never stalls the gateway. Lines go to stdout asynchronously
// (`stdoutDestination`), so the event loop never waits for the reader: a slow
// reader leaves lines queued, up to MAX_QUEUED_BYTES (past that they are
// dropped, never held in memory without bound). A reader that goes away
// costs nothing either: EPIPE ends the writing, a full pipe is waited for by
// the event loop (never a busy loop, never a blocked thread), and `flushLog`
// waits for what is queued for a bounded time before the process exits.
// pino.destination() is not used: it registers a synchronous flush on process
// exit, and sonic-boom's flushSync sleeps and retries forever while a pipe is
// full or broken (the gateway that never exited on SIGTERM).
//
// Secrets never reach a log line, and redaction is decided when the logger
// is built, not searched for on every line: the gateway never logs headers
// or bodies, and the values it logs are its own (ids, codes, durations). The
// places a secret could still enter are the keys named below (a credential
// kind's secret fields and headers, src/upstream/auth/index.ts, passed as
// `redact`), and what sits under `err`, `headers`, `auth` or `config`: their
// serializers replace every secret-named key, however deep. A request's own
// secrets are scrubbed by its context's logger (src/request-secrets.ts).

import { fstatSync, type Stats } from 'node:fs';
import net from 'node:net';
import { pino, type Logger } from 'pino';
// A CommonJS module: its class is a property of the default export (Node sees no named one).
import sonicBoom from 'sonic-boom';

export type { Logger };

/** Keys redacted whatever else is configured. */
const ALWAYS_REDACTED = ['authorization', 'Authorization', 'cookie', 'password', 'Password', 'secret', 'token'];

/** Objects a secret could travel in (an error's request options, a header map, a credential, a config). */
const CARRIERS = ['err', 'headers', 'auth', 'config'] as const;

const CENSOR = '[redacted]';

/** Most bytes of log lines queued for a reader that does not keep up; past it, lines are dropped. */
export const MAX_QUEUED_BYTES = 16 * 1024 * 1024;

interface LoggerOptions {
  level?: string;
  /** Where lines go; stdout, asynchronously (see `stdoutDestination`), when absent. */
  destination?: pino.DestinationStream;
  /** More keys to redact: at the top of a line, and anywhere inside `err`, `headers`, `auth` and `config`. */
  redact?: readonly string[];
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const keys = new Set([...ALWAYS_REDACTED, ...(options.redact ?? [])].map((key) => key.toLowerCase()));
  const serializers: Record<string, (value: unknown) => unknown> = {};
  for (const key of [...ALWAYS_REDACTED, ...(options.redact ?? [])]) serializers[key] = () => CENSOR;
  for (const carrier of CARRIERS) serializers[carrier] = (value) => withoutSecretKeys(value, keys, new WeakSet());
  const errSerializer = pino.stdSerializers.err;
  serializers.err = (value) =>
    withoutSecretKeys(value instanceof Error ? errSerializer(value) : value, keys, new WeakSet());
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { service: 'image-gateway' },
      serializers,
    },
    options.destination ?? stdoutDestination(),
  );
}

/** Where log lines go; `flush` calls back once what is queued is written (or can never be). */
export interface LogDestination extends pino.DestinationStream {
  flush(callback: () => void): void;
}

/**
 * Stdout, written asynchronously (see the file comment). A pipe or socket
 * (a supervisor, a container runtime, `| jq`) is written through the event
 * loop, as a non-blocking socket: a full pipe queues, a closed one ends the
 * writing. A file or terminal, which never waits on a reader, goes through
 * sonic-boom (asynchronous, like pino.destination({ sync: false })). Errors
 * end the writing (a log that cannot be written has nowhere to report it).
 */
export function stdoutDestination(): LogDestination {
  let kind: Stats | undefined;
  try {
    kind = fstatSync(STDOUT);
  } catch {
    kind = undefined;
  }
  return kind?.isFIFO() || kind?.isSocket() ? socketDestination(STDOUT) : fileDestination(STDOUT);
}

const STDOUT = 1;

/** What Linux writes to a pipe in one piece, never interleaved with another writer's bytes. */
const PIPE_BUF = 4096;

/**
 * Not sonic-boom for a pipe: its asynchronous writes run on libuv's thread
 * pool, where a write to a pipe nobody reads blocks a thread for good, and
 * Node's exit waits for that thread: the exit that never came. A net.Socket
 * on the descriptor makes it non-blocking and writes from the event loop.
 */
function socketDestination(fd: number): LogDestination {
  const socket = new net.Socket({ fd, readable: false, writable: true });
  let open = true;
  socket.on('error', () => {
    // EPIPE (the reader is gone) or worse: stop writing, drop what is queued.
    open = false;
    socket.destroy();
  });
  // The lines of one turn of the event loop go out in one writev: under load, many requests
  // end per turn, and a system call per access-log line cost more than building it. A batch
  // stops at PIPE_BUF bytes, which a pipe takes whole: IMAGE_GATEWAY_WORKERS share the
  // primary's stdout, and a larger write could be split with another worker's lines in between.
  // That holds while the reader keeps up. Once the pipe is full, Node's stream joins what
  // waited into one writev, as it did before the cork; and a line over PIPE_BUF is never whole.
  let corked = false;
  let corkedBytes = 0;
  const uncork = () => {
    if (!corked) return;
    corked = false;
    socket.uncork();
  };
  uncorkOnExit(uncork);
  return {
    write(line: string) {
      if (!open || socket.writableLength >= MAX_QUEUED_BYTES) return;
      const bytes = Buffer.byteLength(line);
      if (corked && corkedBytes + bytes > PIPE_BUF) uncork();
      if (!corked) {
        corked = true;
        corkedBytes = 0;
        socket.cork();
        setImmediate(uncork);
      }
      corkedBytes += bytes;
      socket.write(line);
    },
    flush(callback) {
      uncork();
      if (!open || socket.writableLength === 0) return callback();
      socket.write('', () => callback()); // called once everything before it is written, or failed
    },
  };
}

/**
 * A line logged just before process.exit() (a second signal, a fatal error)
 * still goes out: uncorking writes at once when the pipe has room, as every
 * write did before the cork. One 'exit' listener for every destination.
 */
function uncorkOnExit(uncork: () => void): void {
  if (uncorkers.size === 0) process.once('exit', () => uncorkers.forEach((each) => each()));
  uncorkers.add(uncork);
}

const uncorkers = new Set<() => void>();

function fileDestination(fd: number): LogDestination {
  // minLength 1 writes every line at once, as 0 does, but makes flush() wait for what is queued:
  // with 0, sonic-boom calls flush's callback at once, and the lines a shutdown logs last
  // (draining, stopped) were lost when the process exited after it.
  const destination = new sonicBoom.SonicBoom({ fd, sync: false, minLength: 1, maxLength: MAX_QUEUED_BYTES });
  let open = true;
  destination.on('error', () => {
    open = false;
  });
  return {
    write(line: string) {
      if (open) destination.write(line);
    },
    flush(callback) {
      if (!open) return callback();
      destination.flush(() => callback());
    },
  };
}

/**
 * Waits until the logger's queued lines are written, or `timeoutMs` has
 * passed (a reader that stopped reading), whichever comes first. Call it
 * before `process.exit`.
 */
export function flushLog(logger: Logger, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    timer.unref();
    try {
      logger.flush(() => {
        clearTimeout(timer);
        resolve();
      });
    } catch {
      // A destination already ended has nothing to flush.
      clearTimeout(timer);
      resolve();
    }
  });
}

// Private: a copy of a value with every key named in `keys` (case-insensitive) censored.
function withoutSecretKeys(value: unknown, keys: ReadonlySet<string>, seen: WeakSet<object>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => withoutSecretKeys(item, keys, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = keys.has(key.toLowerCase()) ? CENSOR : withoutSecretKeys(item, keys, seen);
  }
  return out;
}
