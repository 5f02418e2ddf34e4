// Benchmark of the entity cache (issue 16, item 8): a repeated single-image
// read, with the cache on, against the same read with it off and against the
// upstream serving that image directly.
//
//   npm run bench:cache
//
//   BENCH_SECONDS, BENCH_WARMUP_SECONDS  as for `npm run bench`
//   BENCH_CACHE_CONNECTIONS  the concurrency levels, comma-separated (default 1,50):
//                            1 is a cache hit's own latency, 50 the throughput under load
//   BENCH_UPSTREAM_LATENCY_MS  the emulators' added round trip, ms, comma-separated
//                            (default 0,20): 0 is the in-memory emulator on loopback, which
//                            answers in a fraction of a millisecond as no cloud does; 20 is
//                            a signed cloud API call from the same region (more from farther)
//
// Processes as in bench/run.ts: the standalone sandbox, two gateways
// (IMAGE_GATEWAY_CACHE_TTL_MS=600000 and 0, otherwise alike), the load
// generator. "Upstream, direct" is the sandbox's ModelArts emulator answering
// the GET the gateway sends for the image (ShowImage), signed with the sandbox
// account like the gateway signs it: what a client calling the cloud itself
// would see from this emulator. Every answer must equal the one checked before
// the windows; the upstream calls per request show the cache answered alone.

import { setTimeout as sleep } from 'node:timers/promises';
import { signHuaweiRequest } from '../src/upstream/signing/huawei.js';
import { runMain } from './children.js';
import { startGatewayProcess, type GatewayProcess } from './gateway-process.js';
import { startLoadGenerator, type LoadResult, type LoadWindow } from './load.js';
import { projectDir } from './paths.js';
import { startSandboxProcess, type SandboxProcess } from './sandbox-process.js';
import { expectedAnswer, MODELARTS_IMAGE_ID, poster, SCENARIOS } from './scenarios.js';
import { positive } from './settings.js';

const SECONDS = positive('BENCH_SECONDS', 5);
const WARMUP_SECONDS = positive('BENCH_WARMUP_SECONDS', 2);
const LEVELS = wholeNumbers('BENCH_CACHE_CONNECTIONS', '1,50', 1);
const LATENCIES = wholeNumbers('BENCH_UPSTREAM_LATENCY_MS', '0,20', 0);

/** A comma-separated list of whole numbers ≥ `least` from the environment. */
function wholeNumbers(name: string, fallback: string, least: number): number[] {
  return (process.env[name] ?? fallback).split(',').map((item) => {
    const value = Number(item);
    if (!Number.isInteger(value) || value < least) throw new Error(`${name}: not a whole number ≥ ${least}: '${item}'`);
    return value;
  });
}

/** The one-image scenario of bench/scenarios.ts: the same query, the same image. */
const ONE_IMAGE = SCENARIOS[0];
const CACHE_TTL_MS = '600000';

interface Target {
  name: string;
  /** Everything of a load window but its connections and length. */
  request: Omit<LoadWindow, 'connections' | 'amount' | 'seconds'>;
  /** The request as it must be sent now (signed again), when time changes it. */
  fresh?(request: Target['request']): Target['request'];
}

async function main(): Promise<void> {
  const load = startLoadGenerator();
  const rows: string[] = [];
  for (const latencyMs of LATENCIES) rows.push(...(await measureAt(latencyMs, load)));
  console.log(
    `${new Date().toISOString().slice(0, 10)}, node ${process.version}; ${WARMUP_SECONDS} s warm-up + about ${SECONDS} s per window; one image (ModelArts), read again and again\n`,
  );
  console.log('| upstream round trip | read | connections | req/s | p50 ms | p99 ms | upstream calls/req |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  await load.stop();
}

/** Every target at every concurrency level, against emulators that answer after `latencyMs`. */
async function measureAt(latencyMs: number, load: ReturnType<typeof startLoadGenerator>): Promise<string[]> {
  const sandbox = await startSandboxProcess({ latencyMs });
  const cached = await startGatewayProcess({
    dir: projectDir,
    upstreamEnv: sandbox.env,
    settings: { IMAGE_GATEWAY_CACHE_TTL_MS: CACHE_TTL_MS },
  });
  const uncached = await startGatewayProcess({
    dir: projectDir,
    upstreamEnv: sandbox.env,
    settings: { IMAGE_GATEWAY_CACHE_TTL_MS: '0' },
  });
  const targets: Target[] = [
    await gatewayTarget('gateway, cache on', cached),
    await gatewayTarget('gateway, cache off', uncached),
    await upstreamTarget(sandbox),
  ];
  const rows: string[] = [];
  const roundTrip = latencyMs === 0 ? 'none (in memory)' : `${latencyMs} ms`;
  for (const connections of LEVELS) {
    for (const target of targets) {
      const result = await measure(target, connections, sandbox, load);
      const calls = (await sandbox.calls()).total / result.requests;
      console.error(
        `${roundTrip}: ${target.name}, ${connections} connection(s): ${result.requestsPerSecond.toFixed(0)} req/s, p99 ${result.p99} ms, ${calls.toFixed(2)} upstream calls/req, ${result.errors} errors`,
      );
      if (result.errors > 0) throw new Error(`${target.name}: ${result.errors} errors, e.g. ${result.errorSample}`);
      rows.push(
        `| ${roundTrip} | ${target.name} | ${connections} | ${result.requestsPerSecond.toFixed(0)} | ${result.p50} | ${result.p99} | ${calls.toFixed(2)} |`,
      );
    }
  }
  await cached.stop();
  await uncached.stop();
  await sandbox.stop();
  return rows;
}

/** The one-image query through a gateway; its answer checked once (and so, with the cache on, cached). */
async function gatewayTarget(name: string, gateway: GatewayProcess): Promise<Target> {
  const body = ONE_IMAGE.body({ nativeIds: {}, globalIds: {} });
  const expectedBody = await expectedAnswer(poster(gateway.url), ONE_IMAGE, body);
  return { name, request: { url: gateway.url, body, expectedBody } };
}

/**
 * ModelArts' ShowImage for the same image, signed as the gateway signs it.
 * Its headers are signed again before each window (`fresh`): the emulator
 * checks X-Sdk-Date against a 15-minute skew, and a long run outlasts that.
 */
async function upstreamTarget(sandbox: SandboxProcess): Promise<Target> {
  const endpoint = new URL(sandbox.env.MODELARTS_ENDPOINT);
  const projectId = sandbox.env.HUAWEICLOUD_SDK_PROJECT_ID;
  const path = `/v1/${projectId}/images/${MODELARTS_IMAGE_ID}`;
  const sign = () =>
    signHuaweiRequest(
      { method: 'GET', host: endpoint.host, path, query: '', headers: { 'X-Project-Id': projectId } },
      { ak: sandbox.env.HUAWEICLOUD_SDK_AK, sk: sandbox.env.HUAWEICLOUD_SDK_SK },
    );
  const url = new URL(path, endpoint).toString();
  const response = await fetch(url, { headers: sign() });
  const expectedBody = await response.text();
  if (response.status !== 200)
    throw new Error(`the emulator refused the signed GET: ${response.status} ${expectedBody}`);
  return {
    name: 'upstream, direct (ModelArts emulator)',
    request: { url, method: 'GET', headers: sign(), expectedBody },
    fresh: (request) => ({ ...request, headers: sign() }),
  };
}

/** A warm-up, a pause for the in-flight requests to end, then a fixed number of requests. */
async function measure(
  target: Target,
  connections: number,
  sandbox: SandboxProcess,
  load: ReturnType<typeof startLoadGenerator>,
): Promise<LoadResult> {
  const request = target.fresh ? target.fresh(target.request) : target.request;
  const warmup = await load.run({ ...request, connections, seconds: WARMUP_SECONDS });
  if (warmup.errors > 0)
    throw new Error(`${target.name}: ${warmup.errors} errors in the warm-up, e.g. ${warmup.errorSample}`);
  await sleep(300);
  await sandbox.resetCalls();
  const amount = Math.max(connections * 4, Math.round(warmup.requestsPerSecond * SECONDS));
  return load.run({ ...request, connections, amount });
}

runMain(main);
