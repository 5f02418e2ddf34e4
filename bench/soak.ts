// Soak: the gateway under a fixed request rate for a long time, to see that
// it stays correct (no errors), that its memory levels off and that its event
// loop keeps up.
//
//   npm run soak                                 (builds first; 10 minutes)
//   SOAK_DURATION_S=30 npm run soak              (a quick check)
//
//   SOAK_DURATION_S  how long the load runs (default 600)
//   SOAK_RATE        requests per second, sent on schedule (default 50)
//   SOAK_CONNECTIONS keep-alive connections of the client pool (default 16)
//   SOAK_SAMPLE_S    seconds between memory samples (default duration / 60, 1 to 10)
//
// Starts the standalone sandbox (src/sandbox/serve.ts) in a process of its
// own, and `node dist/src/main.js` (NODE_ENV=production) pointed at it with
// bench/gateway-probe.mjs preloaded, which answers the gateway's own RSS, heap
// and event-loop delay over IPC: the emulators' state (their call records, the
// images the soak saves) grows in the sandbox's process, not in the numbers.
// The first and last samples follow a full GC, so the heap they show is what
// is retained.
//
// The load is open-loop: request i is due at start + i / rate whatever the
// earlier ones are doing, and its latency counts from when it was due, so a
// stall shows up as latency instead of silently lowering the rate. The
// operations and their shares are the list in bench/soak-mix.ts. Loopback
// only; it sends exactly rate × duration requests, stops the gateway and the
// sandbox by pid (also on failure and ctrl-C), and exits 1 when any request failed.

import os from 'node:os';
import path from 'node:path';
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { runMain } from './children.js';
import { positive } from './settings.js';
import { startGatewayProcess, type GatewayProcess } from './gateway-process.js';
import { projectDir } from './paths.js';
import { startSandboxProcess } from './sandbox-process.js';
import { PAGE_SIZE, SEED_QUERY, SOAK_MIX, soakCycle, type GraphQLRequest, type SoakSeed } from './soak-mix.js';

const DURATION_S = positive('SOAK_DURATION_S', 600);
const RATE = positive('SOAK_RATE', 50);
const CONNECTIONS = positive('SOAK_CONNECTIONS', 16);
const SAMPLE_S = positive('SOAK_SAMPLE_S', Math.min(10, Math.max(1, DURATION_S / 60)));

/** What bench/gateway-probe.mjs answers to 'sample'. */
interface ProbeSample {
  rssBytes: number;
  heapUsedBytes: number;
  cpuMicros: number;
  loopDelay: { p50: number; p99: number; max: number; resolution: number };
}

interface MemoryPoint {
  minutes: number;
  rssMb: number;
  heapMb: number;
}

type Failure = 'http' | 'graphql' | 'empty';

interface OperationStats {
  name: string;
  mutation: boolean;
  sent: number;
  failures: Record<Failure, number>;
  latencyUs: RecordableHistogram;
}

async function main(): Promise<void> {
  const sandbox = await startSandboxProcess();
  const gateway = await startGatewayProcess({
    dir: projectDir,
    upstreamEnv: sandbox.env,
    nodeArgs: ['--expose-gc', '--import', path.join(projectDir, 'bench/gateway-probe.mjs')],
    ipc: true,
  });
  const origin = new URL(gateway.url);
  const pool = new Pool(origin.origin, { connections: CONNECTIONS });
  const post = async (request: GraphQLRequest) => {
    const response = await pool.request({
      method: 'POST',
      path: origin.pathname,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    return { status: response.statusCode, text: await response.body.text() };
  };
  try {
    const seed = await discover(post);
    const loadAverageBefore = os.loadavg();
    const stats = await runLoad(gateway, post, seed);
    const loadAverageAfter = os.loadavg();
    const failed = report(stats, loadAverageBefore, loadAverageAfter);
    process.exitCode = failed ? 1 : 0;
  } finally {
    await pool.close();
    await gateway.stop();
    await sandbox.stop();
  }
}

type Post = (request: GraphQLRequest) => Promise<{ status: number; text: string }>;

/** The ids the reads ask for, from the gateway itself. */
async function discover(post: Post): Promise<SoakSeed> {
  const list = async (first: number) => {
    const { status, text } = await post({ query: SEED_QUERY, variables: { first } });
    const body = JSON.parse(text);
    if (status !== 200 || body.errors) throw new Error(`the soak could not list images: ${text}`);
    return body.data.images;
  };
  const many = await list(60);
  const nativeIds: Record<string, string[]> = {};
  for (const { node } of many.edges) (nativeIds[node.provider] ??= []).push(node.nativeId);
  const firstPage = await list(PAGE_SIZE);
  return {
    nativeIds,
    globalIds: many.edges.map((edge: any) => edge.node.id),
    secondPageCursor: firstPage.pageInfo.endCursor,
  };
}

interface LoadResult {
  operations: OperationStats[];
  memory: MemoryPoint[];
  loopDelay: ProbeSample['loopDelay'];
  elapsedS: number;
  /** The gateway's CPU time over the run, in seconds (user + system). */
  cpuS: number;
  maxInFlight: number;
  errorExamples: string[];
}

async function runLoad(gateway: GatewayProcess, post: Post, seed: SoakSeed): Promise<LoadResult> {
  const cycle = soakCycle(SOAK_MIX);
  const stats = new Map(
    SOAK_MIX.map((operation) => [
      operation,
      {
        name: operation.name,
        mutation: operation.mutation ?? false,
        sent: 0,
        failures: { http: 0, graphql: 0, empty: 0 },
        latencyUs: createHistogram(),
      } satisfies OperationStats,
    ]),
  );
  const errorExamples = new Set<string>();
  const total = Math.round(RATE * DURATION_S);
  const inFlight = new Set<Promise<void>>();
  let maxInFlight = 0;

  const probe = probeOf(gateway);
  gateway.child.send('reset');
  const started = performance.now();
  const memory: MemoryPoint[] = [];
  const sampleMemory = async (afterGc = false) => {
    const sample = await probe(afterGc);
    memory.push({
      minutes: (performance.now() - started) / 60_000,
      rssMb: sample.rssBytes / 2 ** 20,
      heapMb: sample.heapUsedBytes / 2 ** 20,
    });
    return sample;
  };
  const initial = await sampleMemory(true);
  const sampler = setInterval(() => void sampleMemory(), SAMPLE_S * 1000);

  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const operation = cycle[i % cycle.length];
    const entry = stats.get(operation)!;
    const request = operation.request(entry.sent, seed);
    entry.sent += 1;
    const sent = post(request)
      .then(
        ({ status, text }) => classify(status, text),
        (error: unknown) => ({ failure: 'http' as const, detail: String(error) }),
      )
      .then((outcome) => {
        entry.latencyUs.record(Math.max(1, Math.round((performance.now() - due) * 1000)));
        if (outcome) {
          entry.failures[outcome.failure] += 1;
          if (errorExamples.size < 5) errorExamples.add(`${operation.name}: ${outcome.detail.slice(0, 300)}`);
        }
      })
      .finally(() => inFlight.delete(sent));
    inFlight.add(sent);
    maxInFlight = Math.max(maxInFlight, inFlight.size);
  }
  await Promise.all(inFlight);
  clearInterval(sampler);
  const elapsedS = (performance.now() - started) / 1000;
  const last = await sampleMemory(true);
  return {
    operations: [...stats.values()],
    memory,
    loopDelay: last.loopDelay,
    elapsedS,
    cpuS: (last.cpuMicros - initial.cpuMicros) / 1e6,
    maxInFlight,
    errorExamples: [...errorExamples],
  };
}

/** Undefined for a good answer: HTTP 200, no GraphQL error, and every root field (and list item) present. */
function classify(status: number, text: string): { failure: Failure; detail: string } | undefined {
  if (status !== 200) return { failure: 'http', detail: `HTTP ${status} ${text}` };
  const body = JSON.parse(text);
  if (body.errors?.length) return { failure: 'graphql', detail: JSON.stringify(body.errors) };
  const values = Object.values(body.data ?? {});
  const empty = values.length === 0 || values.some((v) => v === null || (Array.isArray(v) && v.includes(null)));
  return empty ? { failure: 'empty', detail: text } : undefined;
}

/** Asks the probe in the gateway for a sample; one question at a time. */
function probeOf(gateway: GatewayProcess): (afterGc: boolean) => Promise<ProbeSample> {
  let queue = Promise.resolve<unknown>(undefined);
  return (afterGc) => {
    const answer = queue.then(
      () =>
        new Promise<ProbeSample>((resolve) => {
          gateway.child.once('message', (message) => resolve(message as ProbeSample));
          gateway.child.send(afterGc ? 'sample-after-gc' : 'sample');
        }),
    );
    queue = answer;
    return answer;
  };
}

/** Prints the run; true when any request failed. */
function report(result: LoadResult, loadBefore: number[], loadAfter: number[]): boolean {
  const { operations, memory } = result;
  const sum = (f: (o: OperationStats) => number) => operations.reduce((n, o) => n + f(o), 0);
  const sent = sum((o) => o.sent);
  const mutations = sum((o) => (o.mutation ? o.sent : 0));
  const failures = (o: OperationStats) => o.failures.http + o.failures.graphql + o.failures.empty;
  const errors = sum(failures);
  const all = createHistogram();
  for (const o of operations) all.add(o.latencyUs);
  const ms = (h: RecordableHistogram, p: number) => (h.count === 0 ? '-' : (h.percentile(p) / 1000).toFixed(1));
  const first = memory[0];
  const final = memory.at(-1)!;
  const secondHalf = memory.filter((p) => p.minutes >= final.minutes / 2);
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');

  const lines = [
    `soak: ${DURATION_S} s at ${RATE} req/s, ${CONNECTIONS} connections, gateway and sandbox in separate processes, loopback, node ${process.version}`,
    `load average (1, 5, 15 min): ${load(loadBefore)} at start, ${load(loadAfter)} at end (${os.cpus().length} cores)`,
    `requests: ${sent} (${sent - mutations} queries, ${mutations} mutations) in ${result.elapsedS.toFixed(1)} s, at most ${result.maxInFlight} in flight`,
    `errors: ${errors} (HTTP ${sum((o) => o.failures.http)}, GraphQL ${sum((o) => o.failures.graphql)}, missing data ${sum((o) => o.failures.empty)})`,
    `gateway CPU: ${result.cpuS.toFixed(1)} s over the run (${((100 * result.cpuS) / result.elapsedS).toFixed(0)}% of one core), ${((1000 * result.cpuS) / sent).toFixed(1)} ms a request`,
    `latency from the scheduled send: p50 ${ms(all, 50)} ms, p99 ${ms(all, 99)} ms, max ${(all.max / 1000).toFixed(1)} ms`,
    `gateway RSS: ${first.rssMb.toFixed(1)} MB at start, ${final.rssMb.toFixed(1)} MB at end; slope ${slope(memory, 'rssMb')} MB/min over ${memory.length} samples (${slope(secondHalf, 'rssMb')} MB/min over the second half)`,
    `gateway heap after a full GC: ${first.heapMb.toFixed(1)} MB at start, ${final.heapMb.toFixed(1)} MB at end (${((1024 * (final.heapMb - first.heapMb)) / sent).toFixed(2)} KB retained per request)`,
    `gateway event-loop delay: p50 ${result.loopDelay.p50.toFixed(1)} ms, p99 ${result.loopDelay.p99.toFixed(1)} ms, max ${result.loopDelay.max.toFixed(1)} ms (beyond its ${result.loopDelay.resolution} ms sampling timer)`,
    '',
    '| operation | requests | errors | p50 ms | p99 ms |',
    '|---|---|---|---|---|',
    ...operations.map(
      (o) => `| ${o.name} | ${o.sent} | ${failures(o)} | ${ms(o.latencyUs, 50)} | ${ms(o.latencyUs, 99)} |`,
    ),
  ];
  if (result.errorExamples.length > 0) lines.push('', 'first errors:', ...result.errorExamples);
  console.log(lines.join('\n'));
  return errors > 0;
}

/** Least-squares slope of `key` over minutes, as a string with two decimals. */
function slope(points: readonly MemoryPoint[], key: 'rssMb'): string {
  if (points.length < 2) return '-';
  const meanX = points.reduce((s, p) => s + p.minutes, 0) / points.length;
  const meanY = points.reduce((s, p) => s + p[key], 0) / points.length;
  let covariance = 0;
  let variance = 0;
  for (const p of points) {
    covariance += (p.minutes - meanX) * (p[key] - meanY);
    variance += (p.minutes - meanX) ** 2;
  }
  return (covariance / variance).toFixed(2);
}

runMain(main);
