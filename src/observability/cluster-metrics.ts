// /metrics with IMAGE_GATEWAY_WORKERS: one scrape reads every worker.
//
// node:cluster hands each connection to one worker, so a scrape of the shared
// port (or of the shared metrics port) reaches one worker at a time; served
// from that worker's own registry, a counter would jump between the workers'
// values from one scrape to the next, and Prometheus' rate() would read each
// drop as a restart. So a worker answers a scrape with every worker's
// metrics: it asks the primary, the primary asks each worker that serves for
// its metrics as JSON (prom-client's getMetricsAsJSON) and aggregates them
// with prom-client's AggregatorRegistry.aggregate: counters and histograms
// summed, gauges by the aggregator each declares (src/observability/metrics.ts,
// src/state/metrics.ts).
//
// Why not AggregatorRegistry.clusterMetrics, which does the asking too: it
// asks every connected worker, a replacement still loading its modules
// included, and that one cannot answer yet; the scrape then waits 5 s and
// fails. The primary asks only the workers that have said they serve
// (src/workers.ts).
//
// A worker that does not answer in time fails the scrape (HTTP 500): a
// missing scrape says so to Prometheus, where a partial sum would not.

import type { Worker } from 'node:cluster';
import cluster from 'node:cluster';
import { AggregatorRegistry, Registry } from 'prom-client';
import type { Logger } from '../logger.js';

/** A worker asks the primary for every worker's metrics; the primary answers it. */
interface ScrapeRequest {
  kind: 'image-gateway-scrape';
  id: number;
}
interface ScrapeAnswer {
  kind: 'image-gateway-scrape-answer';
  id: number;
  body?: string;
  error?: string;
}
/** The primary asks a worker for its own metrics; the worker answers. */
interface CollectRequest {
  kind: 'image-gateway-collect';
  id: number;
}
interface CollectAnswer {
  kind: 'image-gateway-collect-answer';
  id: number;
  metrics: MetricJson[];
  /** The worker could not read its registries. */
  error?: string;
}

/** One metric of a worker, as prom-client's getMetricsAsJSON gives it (and its aggregate takes it). */
type MetricJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>[number];

/** How long the primary waits for the workers' metrics; the worker waits a little longer for the primary. */
const COLLECT_WITHIN_MS = 3_000;
const ANSWER_WITHIN_MS = COLLECT_WITHIN_MS + 1_000;

export type Exposition = () => Promise<{ contentType: string; body: string }>;

/** In the primary: answers each worker's scrape with the aggregate of every serving worker's metrics. */
export function serveClusterMetrics(serving: ReadonlySet<Worker>, logger: Logger): void {
  let nextCollect = 0;
  /** The collections under way: each hears its answers, and of each worker that goes away. */
  const collecting = new Map<
    number,
    { answered(worker: Worker, answer: CollectAnswer): void; gone(worker: Worker): void }
  >();
  // One listener for every collection (not one per collection and worker, which would pass Node's warning
  // at eleven scrapes in flight).
  cluster.on('disconnect', (worker) => {
    for (const collection of collecting.values()) collection.gone(worker);
  });
  cluster.on('message', (worker, message: ScrapeRequest | CollectAnswer | undefined) => {
    if (message?.kind === 'image-gateway-collect-answer') collecting.get(message.id)?.answered(worker, message);
    if (message?.kind !== 'image-gateway-scrape') return;
    const answer = (fields: Omit<ScrapeAnswer, 'kind' | 'id'>) =>
      sendQuietly(worker, { kind: 'image-gateway-scrape-answer', id: message.id, ...fields } satisfies ScrapeAnswer);
    collect(nextCollect++)
      .then((parts) => AggregatorRegistry.aggregate(parts).metrics())
      .then(
        (body) => answer({ body }),
        (error: unknown) => {
          const reason = error instanceof Error ? error.message : String(error);
          logger.warn({ reason }, 'could not gather the workers’ metrics');
          answer({ error: reason });
        },
      );
  });

  /**
   * Every serving worker's metrics, or an error when one does not answer in
   * time or fails to. A worker that goes away meanwhile (killed, not yet
   * reaped) is left out: its counts went with it. With no worker serving yet,
   * an error: an empty exposition would read as every count gone.
   */
  function collect(id: number): Promise<MetricJson[][]> {
    const asked = new Set([...serving].filter((worker) => worker.isConnected()));
    if (asked.size === 0) return Promise.reject(new Error('no worker serves yet'));
    const parts = new Map<Worker, MetricJson[]>();
    return new Promise((resolve, reject) => {
      const finish = () => {
        collecting.delete(id);
        clearTimeout(timer);
      };
      const settleIfWhole = () => {
        if (parts.size < asked.size) return;
        finish();
        if (parts.size === 0) reject(new Error('every worker asked went away'));
        else resolve([...parts.values()]);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`${asked.size - parts.size} worker(s) did not answer within ${COLLECT_WITHIN_MS} ms`));
      }, COLLECT_WITHIN_MS);
      collecting.set(id, {
        answered(worker, answer) {
          if (!asked.has(worker)) return;
          if (answer.error !== undefined) {
            finish();
            reject(new Error(`a worker could not read its metrics: ${answer.error}`));
            return;
          }
          parts.set(worker, answer.metrics);
          settleIfWhole();
        },
        gone(worker) {
          if (!asked.delete(worker)) return;
          parts.delete(worker);
          settleIfWhole();
        },
      });
      for (const worker of asked) sendQuietly(worker, { kind: 'image-gateway-collect', id } satisfies CollectRequest);
    });
  }
}

/**
 * Sends over a worker's IPC channel, ignoring a failed write: one to a worker
 * that has just died (EPIPE) would otherwise be an 'error' event on the
 * Worker, which nothing in node:cluster listens for, and take the primary
 * down. Its death is handled where it is seen ('disconnect', 'exit').
 */
function sendQuietly(worker: Worker, message: ScrapeAnswer | CollectRequest): void {
  if (worker.isConnected()) worker.send(message, undefined, () => undefined);
}

/**
 * In a worker: answers the primary's requests for `registries`, and returns
 * what answers a scrape here: every worker's metrics, aggregated by the primary.
 */
export function clusterExposition(registries: Registry[]): Exposition {
  const waiting = new Map<number, (answer: ScrapeAnswer) => void>();
  let next = 0;
  process.on('message', (message: ScrapeAnswer | CollectRequest | undefined) => {
    if (message?.kind === 'image-gateway-scrape-answer') waiting.get(message.id)?.(message);
    if (message?.kind !== 'image-gateway-collect') return;
    const { id } = message;
    const reply = (answer: Omit<CollectAnswer, 'kind' | 'id'>) =>
      process.send?.(
        { kind: 'image-gateway-collect-answer', id, ...answer } satisfies CollectAnswer,
        undefined,
        {},
        () => undefined,
      );
    Promise.all(registries.map((registry) => registry.getMetricsAsJSON())).then(
      (metrics) => reply({ metrics: metrics.flat() }),
      (error: unknown) => reply({ metrics: [], error: error instanceof Error ? error.message : String(error) }),
    );
  });
  return () =>
    new Promise((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`the primary did not answer with the workers' metrics within ${ANSWER_WITHIN_MS} ms`));
      }, ANSWER_WITHIN_MS);
      waiting.set(id, (answer) => {
        waiting.delete(id);
        clearTimeout(timer);
        if (answer.body !== undefined) resolve({ contentType: Registry.PROMETHEUS_CONTENT_TYPE, body: answer.body });
        else reject(new Error(`the workers' metrics could not be gathered: ${answer.error ?? 'no answer'}`));
      });
      process.send?.(
        { kind: 'image-gateway-scrape', id } satisfies ScrapeRequest,
        undefined,
        {},
        (error: Error | null) => {
          if (error) waiting.get(id)?.({ kind: 'image-gateway-scrape-answer', id, error: error.message });
        },
      );
    });
}
