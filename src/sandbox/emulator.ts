// The sandbox's shared plumbing: one loopback HTTP server per emulated cloud
// API, a record of the requests each one received (tests count upstream calls
// and check that calls overlapped from these records), and injectable faults.
// The record keeps the latest RECORDED_CALLS_KEPT calls only: `npm start`
// serves the sandbox for as long as it runs, and a record of every call (with
// its headers) would grow without end.
//
// The sandbox and the gateway share no code (README.md, "Sandbox"): nothing under
// src/sandbox imports from the rest of src/, and nothing outside it imports the
// sandbox except src/main.ts (to start it) and tests.

import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as an emulator saw it, raw: the path is exactly what arrived on the wire. */
export interface RecordedCall {
  service: string;
  method: string;
  /** The request target's path, undecoded, as received. */
  rawPath: string;
  /** The decoded query parameters; repeated keys keep every value. */
  query: Record<string, string[]>;
  headers: http.IncomingHttpHeaders;
  status: number;
  /** performance.now() at arrival and at the end of the response, in ms. */
  startedAt: number;
  endedAt: number;
}

/** What an emulator answers. `body` is sent as JSON unless it is a string or Buffer. */
export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** An incoming request, read whole, handed to an emulator. */
export interface EmulatorRequest {
  method: string;
  /** The raw request target path, undecoded (signatures are checked over it). */
  rawPath: string;
  /** The raw query string without `?`, undecoded ('' when none). */
  rawQuery: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** An emulator of one cloud API: a pure request → response function over its own state. */
export interface Emulator {
  readonly service: string;
  handle(request: EmulatorRequest): Promise<EmulatorResponse> | EmulatorResponse;
}

/** A fault the next matching requests get instead of the emulator's answer. */
export interface Fault {
  /** Matches when the raw path starts with this (default: every path). */
  pathPrefix?: string;
  method?: string;
  /** How many requests it applies to (default 1; Infinity for all). */
  times?: number;
  /** Wait this long before answering (a timeout test sets it above the client's timeout). */
  delayMs?: number;
  /** Answer with this status and body; with only delayMs, the emulator answers after the delay. */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Destroy the socket without answering. */
  hangUp?: boolean;
}

/** A running emulator: its base URL, its calls and its faults. */
export interface RunningEmulator {
  readonly service: string;
  readonly url: string;
  readonly port: number;
  /** The latest calls, oldest first (at most the number it keeps). */
  calls(): RecordedCall[];
  /** How many calls arrived since the start or the last resetCalls(), however many of them the record still keeps. */
  callCount(): number;
  resetCalls(): void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How many of its latest calls an emulator remembers: far more than any one test makes between resets. */
export const RECORDED_CALLS_KEPT = 10_000;

/** The latest `size` calls: a ring, so that recording one costs the same however long the sandbox runs. */
class CallRing {
  private readonly items: RecordedCall[] = [];
  /** Where the next call goes once the ring is full (the oldest call's slot). */
  private next = 0;

  constructor(private readonly size: number) {}

  add(call: RecordedCall): void {
    if (this.items.length < this.size) {
      this.items.push(call);
      return;
    }
    this.items[this.next] = call;
    this.next = (this.next + 1) % this.size;
  }

  /** Oldest first. */
  inOrder(): RecordedCall[] {
    return [...this.items.slice(this.next), ...this.items.slice(0, this.next)];
  }

  clear(): void {
    this.items.length = 0;
    this.next = 0;
  }
}

export interface ServeOptions {
  /** How many of its latest calls it remembers (default RECORDED_CALLS_KEPT). */
  keepCalls?: number;
  /**
   * Every answer waits this long first, ms, as a cloud's round trip would: the
   * emulators otherwise answer from memory in a fraction of a millisecond,
   * which no cloud API does (default 0).
   */
  latencyMs?: number;
}

/** Starts an emulator on its own loopback port (0 = any free port). */
export async function serveEmulator(
  emulator: Emulator,
  host = '127.0.0.1',
  port = 0,
  { keepCalls = RECORDED_CALLS_KEPT, latencyMs = 0 }: ServeOptions = {},
): Promise<RunningEmulator> {
  const calls = new CallRing(keepCalls);
  // Counted apart from the ring: a benchmark's window outlasts the record.
  let callCount = 0;
  let faults: Array<Fault & { remaining: number }> = [];

  const takeFault = (method: string, rawPath: string) => {
    const fault = faults.find(
      (f) =>
        f.remaining > 0 && (!f.pathPrefix || rawPath.startsWith(f.pathPrefix)) && (!f.method || f.method === method),
    );
    if (fault) fault.remaining -= 1;
    faults = faults.filter((f) => f.remaining > 0);
    return fault;
  };

  const server = http.createServer((req, res) => void answer(req, res));
  async function answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const startedAt = performance.now();
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const rawPath = q === -1 ? target : target.slice(0, q);
    const rawQuery = q === -1 ? '' : target.slice(q + 1);
    const query = new URLSearchParams(rawQuery);
    const record = (status: number) => {
      callCount += 1;
      const grouped: Record<string, string[]> = {};
      for (const [key, value] of query) (grouped[key] ??= []).push(value);
      calls.add({
        service: emulator.service,
        method: req.method ?? 'GET',
        rawPath,
        query: grouped,
        headers: req.headers,
        status,
        startedAt,
        endedAt: performance.now(),
      });
    };
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const method = req.method ?? 'GET';
      if (latencyMs > 0) await sleep(latencyMs);
      const fault = takeFault(method, rawPath);
      if (fault?.delayMs) await sleep(fault.delayMs);
      if (fault?.hangUp) {
        record(0);
        req.socket.destroy();
        return;
      }
      const answer: EmulatorResponse =
        fault?.status !== undefined
          ? { status: fault.status, headers: fault.headers, body: fault.body }
          : await emulator.handle({ method, rawPath, rawQuery, query, headers: req.headers, body });
      send(res, answer);
      record(answer.status);
    } catch (error) {
      send(res, { status: 500, body: { message: `emulator failure: ${(error as Error).message}` } });
      record(500);
    }
  }
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    service: emulator.service,
    url: `http://${host}:${address.port}`,
    port: address.port,
    calls: () => calls.inOrder(),
    callCount: () => callCount,
    resetCalls: () => {
      calls.clear();
      callCount = 0;
    },
    injectFault: (fault) => faults.push({ ...fault, remaining: fault.times ?? 1 }),
    clearFaults: () => void (faults = []),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: http.ServerResponse, answer: EmulatorResponse): void {
  if (res.headersSent) return;
  const isRaw = typeof answer.body === 'string' || Buffer.isBuffer(answer.body);
  const payload =
    answer.body === undefined ? '' : isRaw ? (answer.body as string | Buffer) : JSON.stringify(answer.body);
  const headers: Record<string, string> = { ...(answer.headers ?? {}) };
  if (!isRaw && answer.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  res.writeHead(answer.status, headers);
  res.end(payload);
}
