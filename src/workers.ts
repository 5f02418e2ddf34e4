// All cores of one machine (IMAGE_GATEWAY_WORKERS, a number or `auto`): the
// primary process forks that many workers, each a whole gateway, all
// listening on the one port (node:cluster hands connections out among them;
// PORT=0 gives every worker the same port). The sandbox, when on, runs once,
// in the primary, and the workers get its environment.
//
// A worker that dies is started again (after a short pause, so that one that
// cannot start does not spin). SIGTERM or SIGINT to the primary is passed to
// every worker, each drains as a single gateway does, and the primary exits
// once they all have.
//
// What workers share: with IMAGE_GATEWAY_REDIS_URL, the cache, the watch
// leases, the rate counters and the upstream rate limit's pacers (as replicas
// do); without it, nothing: each worker has its own cache, its own pollers,
// its own counters and its own pacers, so each source instance may see
// IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT times the number of workers (README,
// Many replicas). Metrics are gathered from every worker for each scrape
// (src/observability/cluster-metrics.ts), whichever worker takes it.

import cluster, { type Worker } from 'node:cluster';
import type { Logger } from './logger.js';

/** What a worker tells the primary once it serves. */
export interface WorkerReady {
  kind: 'image-gateway-ready';
  url: string;
  metricsUrl?: string;
}

const RESTART_PAUSE_MS = 1_000;

/** In a worker: tells the primary it serves. */
export function reportWorkerReady(ready: Omit<WorkerReady, 'kind'>): void {
  process.send?.({ kind: 'image-gateway-ready', ...ready } satisfies WorkerReady);
}

/**
 * In the primary: forks `count` workers with `env`, restarts any that dies,
 * resolves with the first worker's address once every one serves.
 * `serving` holds the workers that said they serve and have not exited (a
 * scrape gathers their metrics). `stop()` forwards SIGTERM to every worker
 * and waits for them all.
 */
export function runWorkers(
  count: number,
  env: Record<string, string | undefined>,
  logger: Logger,
  serving = new Set<Worker>(),
): Promise<{ ready: WorkerReady; stop: () => Promise<void> }> {
  let stopping = false;
  const live = new Set<Worker>();
  return new Promise((resolve, reject) => {
    const pending = new Set<Worker>();
    let first: WorkerReady | undefined;
    const fork = (initial: boolean) => {
      const worker = cluster.fork(env);
      live.add(worker);
      if (initial) pending.add(worker);
      logger.info({ pid: worker.process.pid }, 'worker started');
      // A failed IPC write (to a worker that has just died) is an 'error' event, which would otherwise throw in
      // the primary; the death itself is handled on 'exit'.
      worker.on('error', (error) =>
        logger.warn({ pid: worker.process.pid, reason: error.message }, 'worker IPC failed'),
      );
      worker.on('message', (message: WorkerReady) => {
        if (message?.kind !== 'image-gateway-ready') return;
        serving.add(worker);
        first ??= message;
        if (!pending.delete(worker) || pending.size > 0) return;
        resolve({ ready: first, stop });
      });
      worker.on('exit', (code, signal) => {
        live.delete(worker);
        serving.delete(worker);
        if (stopping) return;
        if (pending.has(worker)) {
          reject(new Error(`a worker exited (${code ?? signal}) before it served`));
          return;
        }
        logger.warn({ pid: worker.process.pid, code, signal }, 'worker died: starting another');
        setTimeout(() => !stopping && fork(false), RESTART_PAUSE_MS).unref();
      });
    };
    const stop = async () => {
      stopping = true;
      await Promise.all(
        [...live].map(
          (worker) =>
            new Promise<void>((done) => {
              if (worker.isDead()) return done();
              worker.once('exit', () => done());
              worker.process.kill('SIGTERM');
            }),
        ),
      );
    };
    for (let i = 0; i < count; i += 1) fork(true);
  });
}
