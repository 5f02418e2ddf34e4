// The request's deadline (IMAGE_GATEWAY_REQUEST_TIMEOUT_MS) holds for the
// whole response: a hung upstream costs the request its deadline, not the
// upstream client's own (longer) budget, and its field ends with
// UPSTREAM_TIMEOUT while the rest of the query resolves. A resolver waiting on
// something that is not an upstream call is cut at the deadline too.
//
// Time bounds: through the gateway (real sockets), T plus TIMING_SLACK_MS,
// far below what the broken behaviour costs (the upstream budget: 10 s). In
// process, resolvers run on fake timers: a field ends within a few fake ms
// of the deadline, and not before it.

import v8 from 'node:v8';
import vm from 'node:vm';
import { ApolloServer } from '@apollo/server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GatewayContext } from '../../src/context-types.js';
import { createContext } from '../../src/context.js';
import { createLogger } from '../../src/logger.js';
import { IMS_SEED_IDS, MODELARTS_SEED, SANDBOX_HUAWEI } from '../../src/sandbox/index.js';
import { withRequestDeadline } from '../../src/server/request-deadline.js';
import { SourceRegistry } from '../../src/sources/registry.js';
import { CallDeadline } from '../../src/upstream/deadline.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { expectWithin, TIMING_SLACK_MS } from '../support/timing.js';

const T = 400;
/** On fake timers: how long after its deadline a waiting field may end (the upstream's own error gets 20 ms first). */
const SETTLE_MS = 50;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timed<R>(work: () => Promise<R>): Promise<{ result: R; ms: number }> {
  const began = performance.now();
  const result = await work();
  return { result, ms: performance.now() - began };
}

describe('through the gateway', () => {
  let gw: TestGateway | undefined;
  afterEach(async () => {
    await gw?.stop();
    gw = undefined;
  });
  const IMAGE = MODELARTS_SEED.imageIds.docDetails;
  const imagePath = `/v1/${SANDBOX_HUAWEI.projectId}/images/${IMAGE}`;

  it(`a hung ModelArts, IMAGE_GATEWAY_REQUEST_TIMEOUT_MS=${T}, a 10 s upstream budget: answered at the deadline, IMS resolved`, async () => {
    gw = await startTestGateway({
      env: { IMAGE_GATEWAY_REQUEST_TIMEOUT_MS: String(T), IMAGE_GATEWAY_UPSTREAM_TIMEOUT_MS: '10000' },
    });
    await gw.query(`{ modelArtsImage(id: "${MODELARTS_SEED.imageIds.docRegistered}") { name } }`); // warm-up
    gw.sandbox.resetCalls();
    // It answers after the bound below: a gateway that waited for it fails the bound.
    const hungMs = T + TIMING_SLACK_MS + 500;
    gw.sandbox.modelarts.injectFault({ pathPrefix: imagePath, delayMs: hungMs, times: Infinity });
    const { result, ms } = await timed(() =>
      gw!.query(
        `query Hung { modelArtsImage(id: "${IMAGE}") { name } imsImage(id: "${IMS_SEED_IDS.docCentos}") { name } }`,
      ),
    );
    expectWithin(ms, T);
    expect(result.status).toBe(200);
    expect(result.body.data.modelArtsImage).toBeNull();
    expect(result.body.data.imsImage).toEqual({ name: expect.any(String) });
    expect(result.body.errors).toHaveLength(1);
    expect(result.body.errors?.[0]).toMatchObject({
      path: ['modelArtsImage'],
      extensions: { code: 'UPSTREAM_TIMEOUT', provider: 'MODELARTS' },
    });
    // One attempt: the deadline is the call's budget, no retry after a timeout.
    await sleep(hungMs + 100); // the emulator records the hung call when its delayed answer is written
    expect(gw.sandbox.modelarts.calls().filter((c) => c.rawPath === imagePath)).toHaveLength(1);
  });
});

describe('resolvers waiting on anything else', () => {
  const typeDefs = 'type Query { fast: String, slow: String, list: [Int] }';
  const never = () => new Promise<never>(() => undefined);
  const resolvers = {
    Query: { fast: async () => 'ok', slow: never, list: () => [Promise.resolve(1), never()] },
  };
  const logger = createLogger({ level: 'silent' });
  const registry = new SourceRegistry([], []);

  let apollo: ApolloServer<GatewayContext>;
  beforeAll(async () => {
    apollo = new ApolloServer<GatewayContext>({ typeDefs, resolvers: withRequestDeadline(resolvers) });
    await apollo.start();
  });
  afterAll(() => apollo.stop());

  async function run(context: GatewayContext) {
    const response = await apollo.executeOperation({ query: '{ fast slow list }' }, { contextValue: context });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult;
  }

  afterEach(() => {
    vi.useRealTimers();
  });

  /** Runs the query on fake timers: settled only after `beforeMs`, and by `beforeMs + SETTLE_MS`. */
  async function runOnFakeTimers(context: () => GatewayContext, beforeMs: number) {
    vi.useFakeTimers();
    let settled = false;
    const running = run(context()).finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(beforeMs - 1);
    expect(settled, `settled before ${beforeMs} ms`).toBe(false);
    await vi.advanceTimersByTimeAsync(1 + SETTLE_MS);
    expect(settled, `settled within ${SETTLE_MS} ms after ${beforeMs} ms`).toBe(true);
    return running;
  }

  it(`the deadline (${T} ms) passes: the waiting fields end with UPSTREAM_TIMEOUT, the others keep their values`, async () => {
    const result = await runOnFakeTimers(() => createContext(registry, logger, { timeoutMs: T }), T);
    expect(result.data).toEqual({ fast: 'ok', slow: null, list: [1, null] });
    expect(result.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['slow'], 'UPSTREAM_TIMEOUT'],
      [['list', 1], 'UPSTREAM_TIMEOUT'],
    ]);
    expect(result.errors?.[0].message).toContain('IMAGE_GATEWAY_REQUEST_TIMEOUT_MS');
  });

  it('the client goes away: the waiting fields end at once, as cancelled', async () => {
    const gone = new AbortController();
    const context = () => {
      const made = createContext(registry, logger, {
        timeoutMs: 60_000,
        cancellation: gone,
      });
      setTimeout(() => gone.abort(), 50);
      return made;
    };
    const result = await runOnFakeTimers(context, 50);
    expect(result.data).toEqual({ fast: 'ok', slow: null, list: [1, null] });
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE']);
  });

  it('the scope carries the deadline to every upstream call, and its signal aborts as a TimeoutError', async () => {
    vi.useFakeTimers();
    const context = createContext(registry, logger, { timeoutMs: 50 });
    expect(context.scope.deadline).toBe(Date.now() + 50);
    await vi.advanceTimersByTimeAsync(49);
    expect(context.scope.signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(context.scope.signal?.aborted).toBe(true);
    expect((context.scope.signal?.reason as DOMException).name).toBe('TimeoutError');
  });
});

describe('deadlines that survive garbage collection', () => {
  /** A full collection, now (the flag only makes `gc` reachable). */
  function collectGarbage(): void {
    v8.setFlagsFromString('--expose-gc');
    (vm.runInNewContext('gc') as () => void)();
  }

  // Node 20's AbortSignal.any holds its sources weakly: a timeout signal that
  // nothing else holds is collected before it fires, and the deadline never comes.
  it("the request's signal and an upstream call's, each combined with a caller's signal, still fire", async () => {
    const request = createContext(new SourceRegistry([], []), createLogger({ level: 'silent' }), {
      timeoutMs: 100,
      cancellation: new AbortController(),
    });
    const call = new CallDeadline(100, { signal: new AbortController().signal });
    await sleep(20); // out of the frame that made them, where V8 may still hold them
    collectGarbage();
    await sleep(100 + TIMING_SLACK_MS); // real timers: fake ones would hold what the collection must be free to take
    expect(request.scope.signal?.aborted).toBe(true);
    expect(call.signal.aborted).toBe(true);
    expect((call.signal.reason as DOMException).name).toBe('TimeoutError');
  });
});
