// /metrics with IMAGE_GATEWAY_WORKERS: one scrape reads every worker.
//
// node:cluster hands each connection to one worker, so a scrape of the shared
// port (or of the shared metrics port) reaches one worker at a time; served
// from that worker's own registry, a counter would jump between the workers'
// values from one scrape to the next, and Prometheus' rate() would read each
// drop as a restart. So a worker answers a scrape with the sum of all
// workers: it asks the primary, and the primary gathers every worker's
// metrics through prom-client's AggregatorRegistry (its own IPC messages to
// each worker, answered by prom-client in the worker) and aggregates them:
// counters and histograms summed, gauges by the aggregator each declares
// (src/observability/metrics.ts, src/state/metrics.ts).
//
// A primary that does not answer in time fails the scrape (HTTP 500): a
// missing scrape says so to Prometheus, where one worker's numbers would not.

import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { Logger } from '../logger.js';

/** A worker's request for the aggregate, and the primary's answer. */
interface MetricsRequest {
  kind: 'image-gateway-metrics-request';
  id: number;
}
interface MetricsAnswer {
  kind: 'image-gateway-metrics';
  id: number;
  body?: string;
  contentType?: string;
  error?: string;
}

/** Longer than prom-client's own wait for the workers (5 s), so that its answer, or its error, comes first. */
const ANSWER_WITHIN_MS = 6_000;

export type Exposition = () => Promise<{ contentType: string; body: string }>;

/** In the primary: answers each worker's request with the aggregate of every worker's metrics. */
export function serveClusterMetrics(logger: Logger): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: MetricsRequest | undefined) => {
    if (message?.kind !== 'image-gateway-metrics-request') return;
    const answer = (fields: Omit<MetricsAnswer, 'kind' | 'id'>) => {
      if (worker.isConnected()) worker.send({ kind: 'image-gateway-metrics', id: message.id, ...fields });
    };
    aggregator.clusterMetrics().then(
      (body) => answer({ body, contentType: aggregator.contentType }),
      (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        logger.warn({ reason }, 'could not gather the workers’ metrics');
        answer({ error: reason });
      },
    );
  });
}

/**
 * In a worker: lets the primary read `registries`, and returns what answers a
 * scrape here: every worker's metrics, aggregated by the primary.
 */
export function clusterExposition(registries: Registry[]): Exposition {
  // The constructor is what sets up prom-client's answer to the primary's requests in a worker.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries(registries);
  const waiting = new Map<number, (answer: MetricsAnswer) => void>();
  let next = 0;
  process.on('message', (message: MetricsAnswer | undefined) => {
    if (message?.kind === 'image-gateway-metrics') waiting.get(message.id)?.(message);
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
        if (answer.body !== undefined && answer.contentType)
          resolve({ contentType: answer.contentType, body: answer.body });
        else reject(new Error(`the workers' metrics could not be gathered: ${answer.error ?? 'no answer'}`));
      });
      process.send?.({ kind: 'image-gateway-metrics-request', id } satisfies MetricsRequest);
    });
}
