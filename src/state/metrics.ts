// The shared state's metrics, on the gateway's registry: whether Redis
// answers, and how the entity cache answers, per source. Labels come from the
// gateway's configuration alone (provider, instance name), never a key.

import { Counter, Gauge, type Registry } from 'prom-client';
import type { SharedState } from './types.js';

/** How the cache answered one key: from a fresh entry, not at all, or from an expired one while it is refreshed. */
export type CacheOutcome = 'hit' | 'miss' | 'stale';

export interface StateMetrics {
  cacheAnswered(provider: string, instance: string, outcome: CacheOutcome, count?: number): void;
}

export function registerStateMetrics(registry: Registry, store: SharedState): StateMetrics {
  const registers = [registry];
  if (store.store === 'redis') {
    new Gauge({
      name: 'image_gateway_redis_up',
      help: '1 while Redis answers; 0 while the gateway runs on in-process state (cache misses, local pollers, local rate counters and upstream pacing).',
      // Workers' scrapes are aggregated (src/observability/cluster-metrics.ts): 0 when any worker is without Redis.
      aggregator: 'min',
      registers,
      collect() {
        this.set(store.health().up ? 1 : 0);
      },
    });
  }
  const cache = new Counter({
    name: 'image_gateway_cache_requests_total',
    help: 'Entity cache lookups (image details and list pages), by provider, source instance and outcome (hit, miss, stale).',
    labelNames: ['provider', 'instance', 'outcome'],
    registers,
  });
  return {
    cacheAnswered(provider, instance, outcome, count = 1) {
      cache.inc({ provider, instance, outcome }, count);
    },
  };
}
