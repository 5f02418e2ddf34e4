// Logging never stalls the gateway (src/logger.ts). The built gateway runs as
// a real process with its stdout on a pipe, and the reader misbehaves: it
// stops reading while the gateway writes (the pipe fills: EAGAIN), or it goes
// away with its whole process group on SIGTERM (EPIPE). Either way the
// gateway drains and exits within its shutdown timeout, and a reader that
// stays still gets the last lines. Secrets in objects a line carries are
// censored by the logger's serializers.

import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { projectRoot } from '../../src/project.js';
import { LOG_REDACTIONS } from '../../src/upstream/auth/index.js';
import { ensureBuilt, spawnBuiltGateway, stopAll } from '../support/built-gateway.js';
import { TIMING_SLACK_MS } from '../support/timing.js';

const MAIN = path.join(projectRoot(), 'dist', 'src', 'main.js');
const SHUTDOWN_TIMEOUT_MS = 2_000;
/** How long the gateway waits for its last log lines after the drain (LOG_FLUSH_MS in src/main.ts). */
const LOG_FLUSH_MS = 1_000;
/** What the exit may take after SIGTERM: the shutdown timeout, the log flush, and a loaded machine's slack. */
const EXIT_WITHIN_MS = SHUTDOWN_TIMEOUT_MS + LOG_FLUSH_MS + TIMING_SLACK_MS;
const QUERY = '{ images(first: 1) { edges { node { id } } } }';

beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => stopAll());

/** Sends `count` small queries, enough access-log lines to fill a pipe nobody reads (64 KiB). */
async function load(url: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += 20) {
    await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: QUERY, operationName: null }),
        }).then((response) => response.text()),
      ),
    );
  }
}

/** Whether a process still runs (a zombie nobody reaped has exited). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

async function exitedWithin(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!running(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !running(pid);
}

describe('logging to a pipe', () => {
  it('exits 0 within the shutdown timeout while its reader has stopped reading (the pipe full)', async () => {
    // At debug level every request writes several lines (its upstream calls too): the pipe fills sooner.
    const gateway = await spawnBuiltGateway({
      IMAGE_GATEWAY_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      LOG_LEVEL: 'debug',
    });
    gateway.child.stdout!.pause();
    await load(gateway.url, 300);
    const signalled = Date.now();
    gateway.child.kill('SIGTERM');
    const outcome = await Promise.race([
      gateway.exited,
      new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), EXIT_WITHIN_MS)),
    ]);
    gateway.child.stdout!.resume();
    expect(outcome).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(EXIT_WITHIN_MS);
  }, 180_000);

  it('writes its last lines, through the shutdown, to a reader that keeps reading', async () => {
    const gateway = await spawnBuiltGateway({ IMAGE_GATEWAY_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) });
    await load(gateway.url, 200);
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toEqual({ code: 0, signal: null });
    const stdout = gateway.child.stdout!;
    if (!stdout.closed) await new Promise((resolve) => stdout.once('close', resolve));
    const messages = gateway.lines
      .filter((line) => line.startsWith('{'))
      .map((line) => (JSON.parse(line) as { msg?: string }).msg);
    expect(messages.filter((msg) => msg === 'request')).toHaveLength(200);
    expect(messages).toContain('shutting down');
    expect(messages.at(-1)).toBe('stopped');
  }, 180_000);

  it('writes the lines of one turn of the event loop to a pipe in few system calls, none past PIPE_BUF', async () => {
    // A process whose stdout is a pipe logs 100 lines in one turn; the socket's writes are counted and sized.
    const script = `
      import net from 'node:net';
      import { createLogger, flushLog } from ${JSON.stringify(path.join(projectRoot(), 'dist', 'src', 'logger.js'))};
      let writes = 0;
      let largest = 0;
      const size = (data) => Array.isArray(data)
        ? data.reduce((sum, entry) => sum + Buffer.byteLength(entry.chunk), 0)
        : Buffer.byteLength(data);
      for (const method of ['_write', '_writev']) {
        const original = net.Socket.prototype[method];
        net.Socket.prototype[method] = function (...args) {
          writes += 1;
          largest = Math.max(largest, size(args[0]));
          return original.apply(this, args);
        };
      }
      const logger = createLogger({ level: 'info' });
      for (let i = 0; i < 100; i += 1) logger.info({ i }, 'request');
      await flushLog(logger, 5_000);
      process.stderr.write(JSON.stringify({ writes, largest }));
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect(code, stderr).toBe(0);
    expect(stdout.split('\n').filter(Boolean)).toHaveLength(100);
    const { writes, largest } = JSON.parse(stderr) as { writes: number; largest: number };
    const bytes = Buffer.byteLength(stdout);
    // About 100 bytes a line: the 100 lines in about as many 4 KiB writes as they fill (100 without the cork).
    expect(writes).toBeLessThanOrEqual(Math.ceil(bytes / 4096) + 1);
    expect(largest).toBeLessThanOrEqual(4096);
  });

  it('a line logged just before process.exit() in the same turn still reaches the pipe', async () => {
    const script = `
      import { createLogger } from ${JSON.stringify(path.join(projectRoot(), 'dist', 'src', 'logger.js'))};
      const logger = createLogger({ level: 'info' });
      logger.warn('second signal while draining: exiting now');
      process.exit(1);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    expect(await new Promise((resolve) => child.once('close', resolve))).toBe(1);
    expect(stdout).toContain('second signal while draining');
  });

  it('to a file: flushLog waits for the queued lines, so the last ones before the exit are written', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'igw-log-')), 'stdout.log');
    const script = `
      import { createLogger, flushLog } from ${JSON.stringify(path.join(projectRoot(), 'dist', 'src', 'logger.js'))};
      const logger = createLogger({ level: 'info' });
      logger.info('first');
      await new Promise((resolve) => setTimeout(resolve, 50));
      // One write in flight, the next two queued behind it: what a shutdown logs last.
      for (const msg of ['draining', 'drained', 'stopped']) logger.info(msg);
      await flushLog(logger, 5_000);
      process.exit(0);
    `;
    const out = openSync(file, 'w');
    try {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        stdio: ['ignore', out, 'inherit'],
      });
      expect(await new Promise((resolve) => child.once('close', resolve))).toBe(0);
    } finally {
      closeSync(out);
    }
    const messages = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toEqual(['first', 'draining', 'drained', 'stopped']);
  });

  it('exits within the shutdown timeout when SIGTERM takes its process group and the reading parent with it', async () => {
    // The parent reads the gateway's stdout until it is ready, tells the test its pid, then stops
    // reading; SIGTERM to the group ends the parent at once (no handler), the gateway drains.
    const parentScript = `
      const { spawn } = require('node:child_process');
      const gateway = spawn(process.execPath, [${JSON.stringify(MAIN)}], {
        env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1',
               IMAGE_GATEWAY_SHUTDOWN_TIMEOUT_MS: '${SHUTDOWN_TIMEOUT_MS}' },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let text = '';
      gateway.stdout.on('data', (chunk) => {
        text += chunk;
        const ready = text.split('\\n').find((line) => line.includes('"msg":"image-gateway ready"'));
        if (!ready) return;
        gateway.stdout.pause();
        process.stdout.write(JSON.stringify({ pid: gateway.pid, url: JSON.parse(ready).url }) + '\\n');
      });`;
    const parent = spawn(process.execPath, ['-e', parentScript], {
      detached: true, // its own process group, which the test signals as a whole
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const { pid, url } = await new Promise<{ pid: number; url: string }>((resolve, reject) => {
      createInterface({ input: parent.stdout }).once('line', (line) => resolve(JSON.parse(line)));
      parent.once('exit', (code) => reject(new Error(`the parent exited (${code}) before the gateway was ready`)));
    });
    try {
      await load(url, 600);
      process.kill(-parent.pid!, 'SIGTERM');
      expect(await exitedWithin(pid, EXIT_WITHIN_MS)).toBe(true);
    } finally {
      if (running(pid)) process.kill(pid, 'SIGKILL');
      if (parent.exitCode === null && parent.signalCode === null) parent.kill('SIGKILL');
    }
  }, 180_000);
});

describe('redaction at the source', () => {
  it("censors the credential kinds' secret fields and headers wherever they sit in what a line carries", () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(String(chunk));
        callback();
      },
    });
    const logger = createLogger({ level: 'info', destination, redact: LOG_REDACTIONS });
    const secretKey = LOG_REDACTIONS.find((key) => /secret/i.test(key)) ?? 'secret';
    const error = Object.assign(new Error('upstream failed'), {
      options: { headers: { Authorization: 'Bearer tok-123456', 'X-Auth-Token': 'iam-token-7890' } },
    });
    logger.info(
      {
        password: 'pw-top-level',
        [secretKey]: 'sk-top-level',
        config: { sources: [{ auth: { [secretKey]: 'sk-in-config', region: 'cn-north-4' } }] },
        headers: { authorization: 'Bearer header-tok', accept: 'application/json' },
        err: error,
      },
      'carrying',
    );
    expect(lines).toHaveLength(1);
    for (const secret of [
      'pw-top-level',
      'sk-top-level',
      'sk-in-config',
      'header-tok',
      'tok-123456',
      'iam-token-7890',
    ]) {
      expect(lines[0]).not.toContain(secret);
    }
    const line = JSON.parse(lines[0]);
    expect(line.config.sources[0].auth).toEqual({ [secretKey]: '[redacted]', region: 'cn-north-4' });
    expect(line.headers).toEqual({ authorization: '[redacted]', accept: 'application/json' });
    expect(line.err).toMatchObject({ message: 'upstream failed', type: 'Error' });
  });
});
