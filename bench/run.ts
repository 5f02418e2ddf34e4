// Benchmark: what a request costs the gateway, and nothing else.
//
//   npm run bench                            this checkout (builds first)
//   npm run bench -- --baseline fa2af3c      this checkout against that commit, in the same run
//   npm run bench -- --scenario nodes        only the scenarios whose name contains 'nodes'
//
//   BENCH_SECONDS      length of a measured window (default 5)
//   BENCH_WARMUP_SECONDS  warm-up before each window (default 2)
//   BENCH_CONNECTIONS  concurrent keep-alive connections (default 50)
//   BENCH_ROUNDS       windows per scenario and side (default 3 with --baseline, 1 without)
//
// Three kinds of process, each measured or charged on its own: the standalone
// sandbox (src/sandbox/serve.ts: the emulators, and the count of calls each
// received), the gateway(s) (`node dist/src/main.js`, NODE_ENV=production,
// configured with the sandbox's environment, not in sandbox mode), and the
// load generator (bench/load-generator.mjs, autocannon). With --baseline, the
// candidate (this checkout's build) and the baseline (bench/baseline.ts) run
// side by side against the same sandbox, and windows alternate between them
// (A B, then B A in the next round, so a machine getting busier or quieter
// during the run favours neither side).
//
// Each window: a warm-up, then a fixed number of requests (the warm-up's rate
// × BENCH_SECONDS, so no request is in flight at either edge), bracketed by
// the gateway's CPU time (/proc/<pid>/stat), sampled RSS (/proc/<pid>/status)
// and the sandbox's call counter. Every answer must be byte-identical to the
// answer checked before the window (bench/scenarios.ts): any other answer is
// an error, and a scenario with errors fails the run.
//
// The targets of issue 15 (not asserted; read them off the ratios):
//   against fa2af3c — one image ≥ 2× req/s, 20 batched ids ≥ 1.5× req/s,
//   gateway CPU per request halved (≥ 2× in the CPU column), and peak RSS
//   under 50 connections ≤ 200 MB.

import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { prepareBaseline } from './baseline.js';
import { runMain } from './children.js';
import { positive } from './settings.js';
import { startGatewayProcess, type GatewayProcess } from './gateway-process.js';
import { startLoadGenerator, type LoadGenerator } from './load.js';
import { projectDir } from './paths.js';
import { cpuMillis, residentMb, sampleRss } from './proc-stats.js';
import { printReport, type Side, type Window } from './report.js';
import { startSandboxProcess, type SandboxProcess } from './sandbox-process.js';
import { discover, expectedAnswer, poster, selectScenarios, type Scenario } from './scenarios.js';

const { values: args } = parseArgs({
  options: { baseline: { type: 'string' }, scenario: { type: 'string' } },
});
const SECONDS = positive('BENCH_SECONDS', 5);
const WARMUP_SECONDS = positive('BENCH_WARMUP_SECONDS', 2);
const CONNECTIONS = Math.round(positive('BENCH_CONNECTIONS', 50));
const ROUNDS = Math.round(positive('BENCH_ROUNDS', args.baseline ? 3 : 1));
/** Enough IMS images for the 20-id scenario beside the seed's. */
const SYNTHETIC_IMAGES = 30;

interface Contender {
  side: Side;
  gateway: GatewayProcess;
  /** Per scenario: the request body and the answer every request must get. */
  prepared: Map<Scenario, { body: string; expected: string }>;
}

async function main(): Promise<void> {
  const scenarios = selectScenarios(args.scenario);
  // Built before anything starts: a failing build must not leave processes behind.
  const baseline = args.baseline ? await prepareBaseline(args.baseline) : undefined;
  const loadBefore = os.loadavg();

  const sandbox = await startSandboxProcess({ synthetic: SYNTHETIC_IMAGES });
  const load = startLoadGenerator();
  const contenders: Contender[] = [await contender('candidate', 'this checkout', projectDir, sandbox, scenarios)];
  if (baseline) contenders.push(await contender('baseline', baseline.label, baseline.dir, sandbox, scenarios));
  noteDifferentAnswers(contenders, scenarios);

  const windows: Window[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const scenario of scenarios) {
      for (const c of order) {
        const window = await measure(c, scenario, sandbox, load);
        windows.push(window);
        console.error(
          `round ${round + 1}/${ROUNDS} ${c.side.role.padEnd(9)} ${scenario.name}: ${window.requestsPerSecond.toFixed(0)} req/s, ${window.cpuMsPerRequest.toFixed(2)} ms CPU/req, ${window.callsPerRequest.toFixed(2)} calls/req, ${window.errors} errors`,
        );
      }
    }
  }
  for (const c of contenders) c.side.peakRssMb = residentMb(c.gateway.pid).peak;

  printReport({
    scenarios,
    sides: contenders.map((c) => c.side),
    windows,
    settings: { seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, connections: CONNECTIONS, rounds: ROUNDS },
    loadBefore,
    loadAfter: os.loadavg(),
  });
  await load.stop();
  const failed = windows.filter((w) => w.errors > 0);
  if (failed.length > 0) {
    const lines = failed.map((w) => `  ${w.side.role} ${w.scenario.name}: ${w.errors} errors, e.g. ${w.errorSample}`);
    throw new Error(`FAILED: ${failed.length} window(s) had errors; their numbers mean nothing:\n${lines.join('\n')}`);
  }
}

async function contender(
  role: Side['role'],
  label: string,
  dir: string,
  sandbox: SandboxProcess,
  scenarios: Scenario[],
): Promise<Contender> {
  const gateway = await startGatewayProcess({ dir, upstreamEnv: sandbox.env });
  const post = poster(gateway.url);
  // Proof it talks to this sandbox: listing ids costs the sandbox calls.
  await sandbox.resetCalls();
  const ids = await discover(post);
  if ((await sandbox.calls()).total === 0) throw new Error(`the ${role} gateway answered without calling the sandbox`);
  const prepared = new Map<Scenario, { body: string; expected: string }>();
  for (const scenario of scenarios) {
    const body = scenario.body(ids);
    prepared.set(scenario, { body, expected: await expectedAnswer(post, scenario, body) });
  }
  return { side: { role, label, pid: gateway.pid, peakRssMb: 0 }, gateway, prepared };
}

/** A warm-up, then the measured window. */
async function measure(
  c: Contender,
  scenario: Scenario,
  sandbox: SandboxProcess,
  load: LoadGenerator,
): Promise<Window> {
  const { body, expected } = c.prepared.get(scenario)!;
  const request = { url: c.gateway.url, body, expectedBody: expected, connections: CONNECTIONS };
  const warmup = await load.run({ ...request, seconds: WARMUP_SECONDS });
  if (warmup.errors > 0) {
    throw new Error(
      `${c.side.role} ${scenario.name}: ${warmup.errors} errors in the warm-up, e.g. ${warmup.errorSample}`,
    );
  }
  // As many requests as the warm-up's rate fills BENCH_SECONDS with, at least a few per connection.
  const amount = Math.max(CONNECTIONS * 4, Math.round(warmup.requestsPerSecond * SECONDS));
  // The warm-up ends on time, with requests in flight that the gateway still finishes: their
  // upstream calls and CPU must not land in the window.
  await quiesce(sandbox, c.gateway.pid);

  await sandbox.resetCalls();
  const cpuBefore = cpuMillis(c.gateway.pid);
  const rss = sampleRss(c.gateway.pid);
  const result = await load.run({ ...request, amount });
  const cpuMs = cpuMillis(c.gateway.pid) - cpuBefore;
  const maxRssMb = rss.stop();
  const calls = await sandbox.calls();
  return {
    side: c.side,
    scenario,
    requests: result.requests,
    requestsPerSecond: result.requestsPerSecond,
    p50: result.p50,
    p99: result.p99,
    cpuMsPerRequest: cpuMs / result.requests,
    maxRssMb,
    callsPerRequest: calls.total / result.requests,
    callsPerRequestByEmulator: Object.fromEntries(
      Object.entries(calls)
        .filter(([name, count]) => name !== 'total' && count > 0)
        .map(([name, count]) => [name, count / result.requests]),
    ),
    errors: result.errors,
    errorSample: result.errorSample,
  };
}

/**
 * Waits until the gateway is idle: over QUIET_MS, the sandbox received no call and the gateway
 * spent at most one clock tick of CPU (the requests the warm-up left in flight are done). At most 30 s.
 */
async function quiesce(sandbox: SandboxProcess, pid: number): Promise<void> {
  const QUIET_MS = 300;
  const sample = async () => ({ calls: (await sandbox.calls()).total, cpu: cpuMillis(pid) });
  let last = await sample();
  for (let waited = 0; waited < 30_000; waited += QUIET_MS) {
    await sleep(QUIET_MS);
    const now = await sample();
    if (now.calls === last.calls && now.cpu - last.cpu <= 10) return;
    last = now;
  }
  throw new Error('the gateway kept working for 30 s after the warm-up ended');
}

/** Both gateways should answer alike; a difference is worth knowing before comparing speeds. */
function noteDifferentAnswers(contenders: Contender[], scenarios: Scenario[]): void {
  if (contenders.length < 2) return;
  for (const scenario of scenarios) {
    const [a, b] = contenders.map((c) => c.prepared.get(scenario)!.expected);
    if (a !== b) console.error(`note: ${scenario.name}: candidate and baseline answer differently (both error-free)`);
  }
}

runMain(main);
