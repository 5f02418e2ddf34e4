// A real Redis for the tests of the shared state (test/state/): Debian's
// redis-server on a free loopback port, in a temporary directory, with
// persistence off, stopped by its pid. Installed by
// scripts/install-system-deps.sh; a machine without it fails the test with a
// message saying so (never a skip: a skipped test proves nothing).

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { closedPort } from './ports.js';

export const REDIS_SERVER = '/usr/bin/redis-server';

export interface TestRedis {
  /** redis://127.0.0.1:port */
  url: string;
  port: number;
  pid: number;
  /** Stops the server (SIGKILL when `abruptly`, else SIGTERM) and waits for it to exit. */
  stop(options?: { abruptly?: boolean }): Promise<void>;
  /** Starts it again on the same port (after `stop`), empty. */
  restart(): Promise<void>;
  /** Sends one command (RESP), returns the raw reply text: for assertions that must not go through the gateway's client. */
  command(...args: string[]): Promise<string>;
}

/** Starts redis-server on a free loopback port and waits until it answers PING. */
export async function startRedis(): Promise<TestRedis> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(
      `${REDIS_SERVER} is missing: run scripts/install-system-deps.sh (it installs Debian's redis-server) before these tests`,
    );
  }
  const port = await closedPort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'igw-redis-'));
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const launch = async () => {
    mkdirSync(dir, { recursive: true });
    const started = spawn(
      REDIS_SERVER,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    exited = new Promise((resolve) => started.once('exit', () => resolve()));
    child = started;
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (started.exitCode !== null) throw new Error(`redis-server exited at start: ${output}`);
      try {
        if ((await send(port, ['PING'])).startsWith('+PONG')) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`redis-server did not answer PING within 10 s: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const stop = async (options: { abruptly?: boolean } = {}) => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.pid === undefined) return;
    process.kill(running.pid, options.abruptly ? 'SIGKILL' : 'SIGTERM');
    await exited;
  };

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child?.pid ?? -1;
    },
    async stop(options) {
      await stop(options);
      rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await stop();
      await launch();
    },
    command: (...args) => send(port, args),
  };
}

/** One RESP command on a fresh connection; resolves with everything the server sent until it went quiet. */
function send(port: number, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    let quiet: NodeJS.Timeout | undefined;
    socket.setTimeout(2_000, () => socket.destroy(new Error('redis did not answer within 2 s')));
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('utf8');
      clearTimeout(quiet);
      quiet = setTimeout(() => {
        socket.end();
        resolve(reply);
      }, 30);
    });
    socket.on('connect', () => {
      socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
    });
  });
}
