// Which pacer each source instance gets (src/rate-limit/upstream.ts): its own
// `rateLimit` from IMAGE_GATEWAY_CONFIG when it has one (each vendor's quota
// is its own), else IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT; none where that is 0.
// The pacers themselves: test/state/store.test.ts, test/upstream/http-client.test.ts.

import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, type SourceInstanceConfig } from '../../src/config/index.js';
import { upstreamPacers } from '../../src/rate-limit/index.js';
import { MemoryState, StateKeys, type GatewayState } from '../../src/state/index.js';

const keys = new StateKeys('t:', Buffer.alloc(32, 1));
const stateWith = (upstreamRateLimitPerSecond: number): GatewayState => ({
  store: new MemoryState({ maxEntries: 10, isControlKey: (key) => keys.isControlKey(key) }),
  keys,
  settings: { ...DEFAULT_STATE, upstreamRateLimitPerSecond },
});
const instance = (name: string, rateLimit?: number) =>
  ({
    provider: 'IMS',
    name,
    endpoint: `https://${name}.example`,
    ...(rateLimit === undefined ? {} : { rateLimit }),
  }) as SourceInstanceConfig;

describe('each instance’s pacer', () => {
  it.each<[string, number, number | undefined, number | undefined]>([
    ['no limit anywhere: none', 0, undefined, undefined],
    ['the global limit', 4, undefined, 4],
    ['its own limit, with no global one', 0, 5, 5],
    ['its own limit over the global one', 4, 20, 20],
    ['its own 0: none, whatever the global one', 4, 0, undefined],
  ])('%s', (_name, global, own, expected) => {
    const pacer = upstreamPacers(stateWith(global))(instance('one', own));
    expect(pacer?.callsPerSecond).toBe(expected);
  });

  it('paces at its own interval, and apart from another instance', async () => {
    const pacerFor = upstreamPacers(stateWith(0));
    const slow = pacerFor(instance('slow', 2))!;
    const fast = pacerFor(instance('fast', 100))!;
    expect(await slow.reserve(10_000)).toMatchObject({ granted: true, waitMs: 0 });
    const second = await slow.reserve(10_000);
    // 2 a second: the next slot half a second on.
    expect(second.granted).toBe(true);
    expect(second.waitMs).toBeGreaterThan(400);
    // Another instance's pacer is its own: its first slot is now.
    expect(await fast.reserve(10_000)).toMatchObject({ granted: true, waitMs: 0 });
    const fastSecond = await fast.reserve(10_000);
    expect(fastSecond.waitMs).toBeLessThanOrEqual(10);
  });
});
