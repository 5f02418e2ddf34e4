// Entry point: configuration → (sandbox, when nothing is configured) →
// tracing (when OTEL_EXPORTER_OTLP_ENDPOINT is set) → server.
//
// With no endpoint and no IMAGE_GATEWAY_CONFIG (or IMAGE_GATEWAY_SANDBOX=1),
// the embedded sandbox starts on loopback and the gateway is configured for it
// exactly as for a real cloud: same env names, same signing, same HTTP path.
//
// SIGTERM (or SIGINT) drains the gateway (see src/server/drain.ts), flushes
// the traces and the log, and exits 0. A second signal during the drain exits
// at once (1). Nothing here waits on stdout's reader: the log is written
// asynchronously and its last flush is bounded (src/logger.ts), so a reader
// that stalls or goes away never keeps the process alive.
//
// With IMAGE_GATEWAY_WORKERS, this process is the primary: it starts the
// sandbox (when on), then forks the workers (src/workers.ts), each of which
// runs this file again as a whole gateway with the primary's environment.

import cluster, { type Worker } from 'node:cluster';
import { ConfigError, loadConfig, wantsSandbox, type Env } from './config/index.js';
import { limitHeapGrowth } from './heap.js';
import { createLogger, flushLog, stdoutDestination, type Logger } from './logger.js';
import { serveClusterMetrics } from './observability/cluster-metrics.js';
import { startTracing } from './observability/tracing.js';
import { startGateway } from './server/index.js';
import { SOURCES } from './sources/index.js';
import { LOG_REDACTIONS } from './upstream/auth/index.js';
import { reportWorkerReady, runWorkers } from './workers.js';

/** How the primary hands a worker its environment: exactly this, not the primary's own. */
const WORKER_ENV = 'IMAGE_GATEWAY_WORKER_SETUP';

interface WorkerSetup {
  env: Env;
  sandbox: boolean;
}

/** How long the last log lines may take to reach stdout's reader before the process exits without them. */
const LOG_FLUSH_MS = 1_000;

/** Settings that keep their meaning in sandbox mode; cloud endpoints and credentials do not. */
const SANDBOX_KEPT = /^(PORT|HOST|LOG_LEVEL|NODE_ENV|OTEL_.*|IMAGE_GATEWAY_(?!CONFIG$).*)$/;

async function main(): Promise<void> {
  limitHeapGrowth();
  // The banner goes the same way as the log lines: process.stdout writes to a pipe synchronously.
  const stdout = stdoutDestination();
  const logger = createLogger({ redact: LOG_REDACTIONS, destination: stdout });
  let env: Env = { ...process.env };
  let stopSandbox: (() => Promise<void>) | undefined;
  let banner = '';
  const setup = cluster.isWorker ? (JSON.parse(process.env[WORKER_ENV] ?? '{}') as WorkerSetup) : undefined;
  if (setup) env = setup.env;

  if (!setup && wantsSandbox(env, SOURCES)) {
    const { startSandbox } = await import('./sandbox/index.js');
    const sandbox = await startSandbox({ host: '127.0.0.1' });
    stopSandbox = () => sandbox.stop();
    env = Object.fromEntries(Object.entries(env).filter(([key]) => SANDBOX_KEPT.test(key)));
    Object.assign(env, sandbox.env);
    banner = ` (sandbox mode: embedded emulators of ${listed(sandbox.titles)})`;
    logger.info(
      { endpoints: sandbox.endpoints },
      'sandbox mode: no cloud endpoint is configured, serving the embedded emulators',
    );
  }

  // Refuses to start on a non-loopback address without IMAGE_GATEWAY_AUTH (ConfigError, below).
  const sandboxOn = setup?.sandbox ?? stopSandbox !== undefined;
  const config = loadConfig(env, SOURCES, { sandbox: sandboxOn });
  const workers = setup ? 0 : (config.state?.workers ?? 0);
  if (workers > 0) {
    await serveWithWorkers(workers, { env, sandbox: sandboxOn }, banner, stopSandbox, logger, stdout);
    return;
  }
  if (config.clientAuth.explicit && config.clientAuth.methods.length === 0) {
    logger.warn(
      { host: config.host },
      'IMAGE_GATEWAY_AUTH=none: client authentication is off; every caller reads and writes with the configured cloud credentials',
    );
  }
  const tracing = startTracing();
  const gateway = await startGateway(config, { logger, clusterWorker: setup !== undefined });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal while draining: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await gateway.stop();
    await stopSandbox?.();
    await tracing?.shutdown();
    logger.info({ signal }, 'stopped');
    await flushLog(logger, LOG_FLUSH_MS);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // A request must never take the process down; log and carry on.
  process.on('unhandledRejection', (reason) => logger.error({ err: String(reason) }, 'unhandled rejection'));
  if (setup) {
    logger.info({ url: gateway.url, pid: process.pid }, 'image-gateway worker ready');
    reportWorkerReady({ url: gateway.url, metricsUrl: gateway.metricsUrl });
    return;
  }
  // Ready only once the signal handlers are in place: a supervisor may send SIGTERM as soon as it reads this.
  logger.info(
    {
      url: gateway.url,
      metricsUrl: gateway.metricsUrl,
      tracing: tracing !== undefined,
      sources: config.sources.map((s) => s.name),
    },
    'image-gateway ready',
  );
  stdout.write(`image-gateway ready at ${gateway.url}${banner}\n`);
}

/** The primary of IMAGE_GATEWAY_WORKERS: forks the workers, passes signals on, exits when they have. */
async function serveWithWorkers(
  count: number,
  setup: WorkerSetup,
  banner: string,
  stopSandbox: (() => Promise<void>) | undefined,
  logger: Logger,
  stdout: ReturnType<typeof stdoutDestination>,
): Promise<void> {
  // A scrape reaches one worker; it answers with every serving worker's metrics, gathered here.
  const serving = new Set<Worker>();
  serveClusterMetrics(serving, logger);
  const workers = await runWorkers(count, { [WORKER_ENV]: JSON.stringify(setup) }, logger, serving);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down the workers');
    await workers.stop();
    await stopSandbox?.();
    await flushLog(logger, LOG_FLUSH_MS);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  const { url, metricsUrl } = workers.ready;
  logger.info({ url, metricsUrl, workers: count }, 'image-gateway ready');
  stdout.write(`image-gateway ready at ${url} (${count} workers)${banner}\n`);
}

/** "A, B and C". */
function listed(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`image-gateway: configuration error: ${error.message}\n`);
  } else {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`image-gateway: failed to start: ${detail}\n`);
  }
  process.exit(1);
});
