// One conformance suite for every source, as graphql-http runs its
// serverAudits against every adapter: each audit queries the real gateway
// over HTTP against the sandbox, through the public GraphQL surface only, and
// counts what the source's emulator received. A source adapter (adapter.ts)
// says what differs between sources; test/conformance/conformance.test.ts runs the suite
// for every entry of SOURCES (sources.ts).
//
// Each audit asks the same selection of every source (`id provider nativeId
// name`: fields every source's cheapest read answers), so call counts compare
// like with like. Faults are injected on a fresh gateway each: the circuit
// breaker counts failures per source instance, and audits that fail on
// purpose must not open it for the next one.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Fault, RecordedCall } from '../../src/sandbox/index.js';
import { startTestGateway, type GraphQLResult, type TestGateway } from '../support/gateway.js';
import type { SourceAdapter } from './adapter.js';

/** The time budget of one upstream call, its retries and their waits included (IMAGE_GATEWAY_UPSTREAM_TIMEOUT_MS). */
const TIMEOUT_MS = 1_000;
/** Extra attempts after a transient failure (IMAGE_GATEWAY_UPSTREAM_RETRIES). */
const RETRIES = 2;
const ENV = {
  IMAGE_GATEWAY_UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
  IMAGE_GATEWAY_UPSTREAM_RETRIES: String(RETRIES),
};
const SELECTION = 'id provider nativeId name';
const REQUEST_ID = '5f2c0e8a-93b1-4d7e-a6c4-0b9d8e7f6a51';

/** Ids that try to reach another upstream path (or cannot be one): each sent as a variable. */
const PATH_ESCAPES = ['..', '.', '../x', '%2e%2e', 'a/b', 'x?y=1', '#', '../../v1/other/images', 'a\uD800'];

type GraphQLError = NonNullable<GraphQLResult['body']['errors']>[number];

/**
 * Runs every audit against `source`. `sibling` (another source) is asked in
 * the same query as each faulted field, to show the failure stays on its path.
 */
export function describeSourceConformance(source: SourceAdapter, sibling: SourceAdapter): void {
  if (sibling.sandboxKey === source.sandboxKey) throw new Error('the sibling must be served by another emulator');
  const [seeded] = source.seeded;
  const field = (alias: string, id: string) => `${alias}: ${source.imageField(id)} { ${SELECTION} }`;
  const upstream = (gw: TestGateway) => gw.sandbox[source.sandboxKey];
  const imageReads = (gw: TestGateway) => source.imageReads(upstream(gw).calls());
  const askedIds = (calls: RecordedCall[]) => calls.flatMap((call) => source.idsAskedBy(call));
  const expectImage = (value: unknown, image: { id: string; name: string }) =>
    expect(value).toEqual({ id: expect.any(String), provider: source.provider, nativeId: image.id, name: image.name });

  describe(`${source.name} conformance`, () => {
    // Every gateway this block starts, and every response text it got: the
    // secret audit (after each test, and the last one) reads them all.
    const started: TestGateway[] = [];
    const running = new Set<TestGateway>();
    const responses: string[] = [];
    let gw: TestGateway;

    async function start(): Promise<TestGateway> {
      const g = await startTestGateway({ env: ENV });
      started.push(g);
      running.add(g);
      return g;
    }
    async function stop(g: TestGateway): Promise<void> {
      if (running.delete(g)) await g.stop();
    }
    async function ask(g: TestGateway, document: string, variables?: Record<string, unknown>) {
      const result = await g.query(document, variables);
      responses.push(result.text);
      return result;
    }

    /** Every secret of the account found in these texts, as "NAME in where" (never the value). */
    const leaks = (texts: Array<[where: string, text: string]>) =>
      texts.flatMap(([where, text]) =>
        Object.entries(source.secrets)
          .filter(([, secret]) => text.includes(secret))
          .map(([name]) => `${name} in ${where}`),
      );
    let scannedResponses = 0;
    const scannedLogs = new Map<TestGateway, number>();
    /** The responses and log lines written since the last scan. */
    function unscanned(): Array<[string, string]> {
      const texts: Array<[string, string]> = responses.slice(scannedResponses).map((text) => ['a response', text]);
      scannedResponses = responses.length;
      for (const g of started) {
        texts.push(...g.logs.slice(scannedLogs.get(g) ?? 0).map((line): [string, string] => ['a log line', line]));
        scannedLogs.set(g, g.logs.length);
      }
      return texts;
    }

    beforeAll(async () => {
      gw = await start();
    });
    afterEach(() => {
      // Every audit is also a secret audit: nothing it made the gateway say may carry one.
      expect(leaks(unscanned())).toEqual([]);
    });
    afterAll(async () => {
      await Promise.all([...running].map(stop));
    });

    it('reads the seeded image by vendor id, by global id, and as node', async () => {
      const byVendor = await ask(gw, `query ($id: ${source.idType}) { ${field('image', '$id')} }`, { id: seeded.id });
      expect(byVendor.status).toBe(200);
      expect(byVendor.body.errors).toBeUndefined();
      expectImage(byVendor.body.data.image, seeded);
      const globalId = byVendor.body.data.image.id as string;
      expect(globalId).not.toBe(seeded.id);

      const byGlobal = await ask(
        gw,
        `query ($gid: ${source.idType}, $node: ID!) { ${field('image', '$gid')} node(id: $node) { id ... on Image { ${SELECTION} } } }`,
        { gid: globalId, node: globalId },
      );
      expect(byGlobal.body.errors).toBeUndefined();
      expectImage(byGlobal.body.data.image, seeded);
      expect(byGlobal.body.data.node).toEqual(byGlobal.body.data.image);
      expect(byGlobal.body.data.node.id).toBe(globalId);
    });

    it('answers an image that does not exist with null and no error, without retrying', async () => {
      gw.sandbox.resetCalls();
      const res = await ask(gw, `query ($id: ${source.idType}) { ${field('missing', '$id')} }`, {
        id: source.missingId,
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: { missing: null } });
      const reads = imageReads(gw);
      expect(reads).toHaveLength(source.missingCalls);
      expect(new Set(askedIds(reads))).toEqual(new Set([source.missingId]));
    });

    it('reads one image asked under several aliases, by vendor and global id and as node, with one upstream call', async () => {
      const first = await ask(gw, `query ($id: ${source.idType}) { ${field('image', '$id')} }`, { id: seeded.id });
      const globalId = first.body.data.image.id as string;
      gw.sandbox.resetCalls();
      const res = await ask(
        gw,
        `query ($id: ${source.idType}, $gid: ${source.idType}, $node: ID!) {
          ${field('a', '$id')} ${field('b', '$id')} ${field('c', '$gid')}
          d: ${source.imageField('$id')} { name }
          e: node(id: $node) { id ... on Image { ${SELECTION} } }
        }`,
        { id: seeded.id, gid: globalId, node: globalId },
      );
      expect(res.body.errors).toBeUndefined();
      for (const alias of ['a', 'b', 'c', 'e']) expectImage(res.body.data[alias], seeded);
      expect(res.body.data.d).toEqual({ name: seeded.name });
      const reads = imageReads(gw);
      expect(reads).toHaveLength(1);
      expect(askedIds(reads)).toEqual([seeded.id]);
      expect(upstream(gw).calls()).toHaveLength(1);
    });

    it('reads N distinct images (one asked twice) with the calls the source promises, each id asked once', async () => {
      const images = source.seeded;
      expect(images.length).toBeGreaterThanOrEqual(4);
      gw.sandbox.resetCalls();
      const aliases = [...images, images[1]].map((image, i) => field(`i${i}`, JSON.stringify(image.id)));
      const res = await ask(gw, `{ ${aliases.join(' ')} }`);
      expect(res.body.errors).toBeUndefined();
      [...images, images[1]].forEach((image, i) => expectImage(res.body.data[`i${i}`], image));
      const reads = imageReads(gw);
      expect(reads).toHaveLength(source.expectedCalls(images.length));
      expect(upstream(gw).calls()).toHaveLength(reads.length);
      expect(askedIds(reads).sort()).toEqual(images.map((image) => image.id).sort());
    });

    describe('upstream faults: an error on the failing field only, the sibling still resolves', () => {
      const [siblingImage] = sibling.seeded;
      const DOCUMENT = `query ($id: ${source.idType}, $sibling: ${sibling.idType}) {
        ${field('bad', '$id')}
        sibling: ${sibling.imageField('$sibling')} { ${SELECTION} }
      }`;

      /** A fresh gateway whose source answers every image read with `fault`, asked DOCUMENT once. */
      async function faulted(fault: Omit<Fault, 'pathPrefix'>) {
        const g = await start();
        try {
          upstream(g).injectFault({ pathPrefix: source.faultPathPrefix, ...fault });
          const begin = performance.now();
          const res = await ask(g, DOCUMENT, { id: seeded.id, sibling: siblingImage.id });
          const elapsedMs = performance.now() - begin;
          return { res, elapsedMs, reads: imageReads(g), g };
        } finally {
          await stop(g);
        }
      }

      /** The one error of a faulted query: on `bad` only, with its provider; the sibling answered. */
      function theError(res: GraphQLResult): GraphQLError {
        expect(res.status).toBe(200);
        expect(res.body.data.bad).toBeNull();
        expect(res.body.data.sibling).toEqual({
          id: expect.any(String),
          provider: sibling.provider,
          nativeId: siblingImage.id,
          name: siblingImage.name,
        });
        expect(res.body.errors).toHaveLength(1);
        const [error] = res.body.errors!;
        expect(error.path).toEqual(['bad']);
        expect(error.extensions?.provider).toBe(source.provider);
        expect(error.extensions?.stacktrace).toBeUndefined();
        return error;
      }

      it('no answer within the timeout → UPSTREAM_TIMEOUT, long before the upstream would have answered', async () => {
        // The hung first attempt spends the call's whole budget, plus a loaded machine's slack…
        const BOUND_MS = TIMEOUT_MS + 1_000;
        // …while the upstream would answer only after twice that.
        const { res, elapsedMs } = await faulted({ delayMs: 2 * BOUND_MS, times: Infinity });
        expect(theError(res).extensions?.code).toBe('UPSTREAM_TIMEOUT');
        expect(elapsedMs).toBeLessThan(BOUND_MS);
      });

      it(`a connection reset without an answer → UPSTREAM_UNAVAILABLE after ${RETRIES} retries`, async () => {
        const { res, reads } = await faulted({ hangUp: true, times: Infinity });
        expect(theError(res).extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
        expect(reads.map((c) => c.status)).toEqual(Array(RETRIES + 1).fill(0));
      });

      it.each([502, 503])(
        `HTTP %i → retried exactly ${RETRIES} times, then UPSTREAM_UNAVAILABLE with the vendor's code and request id`,
        async (status) => {
          const reply = source.errorReply(source.vendorCodes.unavailable, 'Service unavailable', REQUEST_ID);
          const { res, reads } = await faulted({ status, times: Infinity, ...reply });
          expect(theError(res).extensions).toMatchObject({
            code: 'UPSTREAM_UNAVAILABLE',
            vendorCode: source.vendorCodes.unavailable,
            requestId: REQUEST_ID,
            upstreamStatus: status,
          });
          expect(reads.map((c) => c.status)).toEqual(Array(RETRIES + 1).fill(status));
        },
      );

      it('one HTTP 503, then the upstream recovers → the retry answers, no error', async () => {
        const reply = source.errorReply(source.vendorCodes.unavailable, 'Service unavailable', REQUEST_ID);
        const { res, reads } = await faulted({ status: 503, times: 1, ...reply });
        expect(res.body.errors).toBeUndefined();
        expectImage(res.body.data.bad, seeded);
        expect(reads.map((c) => c.status)).toEqual([503, 200]);
      });

      it('HTTP 429 → RATE_LIMITED with the vendor code, after at most the configured retries', async () => {
        const reply = source.errorReply(source.vendorCodes.throttled, 'Too many requests', REQUEST_ID);
        const { res, reads } = await faulted({ status: 429, times: Infinity, ...reply });
        expect(theError(res).extensions).toMatchObject({
          code: 'RATE_LIMITED',
          vendorCode: source.vendorCodes.throttled,
          requestId: REQUEST_ID,
          upstreamStatus: 429,
        });
        expect(reads.length).toBeGreaterThanOrEqual(1);
        expect(reads.length).toBeLessThanOrEqual(RETRIES + 1);
      });

      // The bodies carry a marker: what the upstream said is never echoed to the client.
      const MARKER = 'marker-7c1e9d4a';
      it.each([
        ['an HTML page', `<html><body><h1>${MARKER}</h1></body></html>`, 'text/html'],
        ['garbage', `\u0000\u0001{{{${MARKER}`, 'application/json'],
        ['an empty body', '', 'application/json'],
        ['JSON of another shape', `{"${MARKER}": true}`, 'application/json'],
        ['JSON null', 'null', 'application/json'],
      ])('HTTP 200 with %s → UPSTREAM_BAD_RESPONSE, not retried, the body not echoed', async (_name, body, type) => {
        const { res, reads } = await faulted({ status: 200, body, headers: { 'content-type': type } });
        expect(theError(res).extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', upstreamStatus: 200 });
        expect(res.text).not.toContain(MARKER);
        expect(reads.map((c) => c.status)).toEqual([200]);
      });

      it("a vendor error that echoes the gateway's credentials reaches the client without them", async () => {
        const echoed = Object.values(source.credentials).join(' ');
        const reply = source.errorReply(source.vendorCodes.forbidden, `denied for ${echoed}`, REQUEST_ID);
        const { res, g } = await faulted({ status: 403, times: Infinity, ...reply });
        const error = theError(res);
        expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', vendorCode: source.vendorCodes.forbidden });
        // The vendor's message still reaches the client, scrubbed.
        expect(error.message).toContain('denied for');
        // Whatever the gateway logged about it, the afterEach scan reads.
        expect(g.logs.length).toBeGreaterThan(0);
      });
    });

    it('keeps ids that try to escape the path on this source’s image path, or refuses them before any call', async () => {
      gw.sandbox.resetCalls();
      const variables = Object.fromEntries(PATH_ESCAPES.map((id, i) => [`h${i}`, id]));
      const res = await ask(
        gw,
        `query (${PATH_ESCAPES.map((_, i) => `$h${i}: ${source.idType}`).join(', ')}) {
          ${PATH_ESCAPES.map((_, i) => field(`h${i}`, `$h${i}`)).join('\n')}
        }`,
        variables,
      );
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual(Object.fromEntries(PATH_ESCAPES.map((_, i) => [`h${i}`, null])));
      // Refused ids: BAD_USER_INPUT on their own path.
      const refused = new Set<string>();
      for (const error of res.body.errors ?? []) {
        expect(error.extensions?.code).toBe('BAD_USER_INPUT');
        expect(error.path).toHaveLength(1);
        refused.add(variables[String(error.path![0])]);
      }
      // The others reached this source intact, each asked once, on its image paths only.
      const calls = upstream(gw).calls();
      for (const call of calls) {
        if (call.rawPath === source.paths.list) continue;
        const { perId } = source.paths;
        expect(perId && call.rawPath.startsWith(perId), `${call.method} ${call.rawPath}`).toBe(true);
        const segment = call.rawPath.slice(perId!.length);
        expect(segment).toMatch(/^[^/?#]+$/);
        expect(['.', '..']).not.toContain(decodeURIComponent(segment));
        expect(call.query).toEqual({});
      }
      expect(source.imageReads(calls)).toHaveLength(calls.length);
      expect(askedIds(calls).sort()).toEqual(PATH_ESCAPES.filter((id) => !refused.has(id)).sort());
    });

    it('leaks no sandbox secret into any response or log line of this block', async () => {
      // A read with every upstream call logged (the test gateway logs at debug level).
      const res = await ask(gw, `query ($id: ${source.idType}) { ${field('image', '$id')} }`, { id: seeded.id });
      expect(res.body.errors).toBeUndefined();
      expect(gw.logs.some((line) => line.includes('upstream call'))).toBe(true);
      const everything: Array<[string, string]> = [
        ...responses.map((text): [string, string] => ['a response', text]),
        ...started.flatMap((g) => g.logs.map((line): [string, string] => ['a log line', line])),
      ];
      expect(everything.length).toBeGreaterThan(responses.length);
      expect(leaks(everything)).toEqual([]);
    });
  });
}
