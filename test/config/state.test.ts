// The settings of the shared state, cache, leases, rate limits and workers:
// defaults that change nothing, and every bad value refused at start with a
// message naming its variable (and never repeating a Redis URL's password).

import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE } from '../../src/config/index.js';
import { stateSettingsFromEnv } from '../../src/config/state.js';

describe('stateSettingsFromEnv', () => {
  it('defaults: in-process, no cache, no limit, no upstream budget, no workers', () => {
    expect(stateSettingsFromEnv({})).toStrictEqual(DEFAULT_STATE);
    expect(DEFAULT_STATE).toMatchObject({
      cacheTtlMs: 0,
      rateLimitPerMinute: 0,
      upstreamRateLimitPerSecond: 0,
      workers: 0,
      redisPrefix: 'igw:',
    });
    expect(stateSettingsFromEnv({ IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT: '' }).upstreamRateLimitPerSecond).toBe(0);
  });

  it('reads every setting', () => {
    expect(
      stateSettingsFromEnv({
        IMAGE_GATEWAY_REDIS_URL: 'rediss://:pw@redis.internal:6380/2',
        IMAGE_GATEWAY_REDIS_PREFIX: 'gw-prod:',
        IMAGE_GATEWAY_REDIS_TIMEOUT_MS: '50',
        IMAGE_GATEWAY_CACHE_KEY_SECRET: 'a-long-enough-secret',
        IMAGE_GATEWAY_CACHE_TTL_MS: '30000',
        IMAGE_GATEWAY_CACHE_STALE_MS: '5000',
        IMAGE_GATEWAY_CACHE_MAX_ENTRIES: '500',
        IMAGE_GATEWAY_WATCH_LEASE_MS: '3000',
        IMAGE_GATEWAY_RATE_LIMIT: '600',
        IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT: '25',
        IMAGE_GATEWAY_WORKERS: '4',
      }),
    ).toStrictEqual({
      redisUrl: 'rediss://:pw@redis.internal:6380/2',
      redisPrefix: 'gw-prod:',
      redisTimeoutMs: 50,
      keySecret: 'a-long-enough-secret',
      cacheTtlMs: 30_000,
      cacheStaleMs: 5_000,
      cacheMaxEntries: 500,
      watchLeaseMs: 3_000,
      rateLimitPerMinute: 600,
      upstreamRateLimitPerSecond: 25,
      workers: 4,
    });
  });

  it('IMAGE_GATEWAY_WORKERS=auto is one worker per core', () => {
    expect(stateSettingsFromEnv({ IMAGE_GATEWAY_WORKERS: 'auto' }).workers).toBe(os.availableParallelism());
  });

  it.each([
    [{ IMAGE_GATEWAY_REDIS_URL: 'http://redis:6379' }, 'IMAGE_GATEWAY_REDIS_URL: must be redis:// or rediss://'],
    [{ IMAGE_GATEWAY_REDIS_URL: 'not a url with secret-pw' }, 'IMAGE_GATEWAY_REDIS_URL: not a URL'],
    [{ IMAGE_GATEWAY_REDIS_PREFIX: 'a prefix with spaces' }, 'IMAGE_GATEWAY_REDIS_PREFIX'],
    [{ IMAGE_GATEWAY_CACHE_KEY_SECRET: 'short' }, 'IMAGE_GATEWAY_CACHE_KEY_SECRET: at least 16'],
    [{ IMAGE_GATEWAY_CACHE_TTL_MS: '-1' }, 'IMAGE_GATEWAY_CACHE_TTL_MS'],
    [{ IMAGE_GATEWAY_WATCH_LEASE_MS: '10' }, 'IMAGE_GATEWAY_WATCH_LEASE_MS'],
    [{ IMAGE_GATEWAY_WORKERS: 'many' }, 'IMAGE_GATEWAY_WORKERS'],
    [
      { IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT: '-1' },
      'IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT must be an integer from 0 to 100000',
    ],
    [{ IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT: '100001' }, 'IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT must be an integer from 0'],
    [{ IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT: '2.5' }, 'IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT'],
  ])('refuses %j', (env, message) => {
    expect(() => stateSettingsFromEnv(env)).toThrow(message);
    try {
      stateSettingsFromEnv(env);
    } catch (error) {
      expect(String(error)).not.toContain('secret-pw');
    }
  });
});
