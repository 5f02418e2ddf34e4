// The parent's side of the load generator (bench/load-generator.mjs): one
// process for the whole run, asked over IPC for one window at a time.

import path from 'node:path';
import { spawnTracked, stopChild } from './children.js';
import { projectDir } from './paths.js';

export interface LoadWindow {
  url: string;
  /** POST (with `body`, as JSON) unless given. */
  method?: 'GET' | 'POST';
  /** Sent as they are (a signed upstream GET); a JSON content type when absent. */
  headers?: Record<string, string>;
  body?: string;
  /** The exact answer every request must get. */
  expectedBody: string;
  connections: number;
  /** A fixed number of requests (all answered within the window) … */
  amount?: number;
  /** … or a fixed time. */
  seconds?: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  /** Latency percentiles, ms. */
  p50: number;
  p99: number;
  errors: number;
  errorSample?: string;
}

export interface LoadGenerator {
  pid: number;
  run(window: LoadWindow): Promise<LoadResult>;
  stop(): Promise<void>;
}

export function startLoadGenerator(): LoadGenerator {
  const child = spawnTracked(process.execPath, [path.join(projectDir, 'bench/load-generator.mjs')], {
    cwd: projectDir,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    pid: child.pid!,
    run: (window) =>
      new Promise((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`the load generator exited (${code}) mid-window`));
        child.once('exit', onExit);
        child.once('message', (message: LoadResult | { failure: string }) => {
          child.off('exit', onExit);
          if ('failure' in message) reject(new Error(`the load generator failed: ${message.failure}`));
          else resolve(message);
        });
        child.send(window);
      }),
    stop: async () => {
      if (child.connected) child.send('exit');
      await stopChild(child);
    },
  };
}
