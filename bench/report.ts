// The benchmark's report: Markdown tables for the README, on stdout (progress
// and notes go to stderr, so `npm run -s bench > table.md` keeps only this).
// Across rounds, rates and latencies are medians (one disturbed window moves
// them least); CPU and calls per request are totals over totals; RSS is the
// largest sample. Each side's req/s and CPU ranges over the rounds are shown,
// and a ratio whose ranges overlap is marked as within this run's noise.

import os from 'node:os';
import type { Scenario } from './scenarios.js';

export interface Side {
  role: 'candidate' | 'baseline';
  /** What was built: 'this checkout', or the baseline ref and its sha. */
  label: string;
  pid: number;
  /** VmHWM at the end of the run: the gateway process's peak resident memory, MB. */
  peakRssMb: number;
}

/** One measured window of one side on one scenario. */
export interface Window {
  side: Side;
  scenario: Scenario;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  cpuMsPerRequest: number;
  /** Largest VmRSS sampled during the window, MB. */
  maxRssMb: number;
  /** Calls the sandbox received during the window, per request. */
  callsPerRequest: number;
  /** The same, per emulator that received any (`modelarts`, `ims`, …). */
  callsPerRequestByEmulator: Record<string, number>;
  errors: number;
  errorSample?: string;
}

export interface Report {
  scenarios: Scenario[];
  sides: Side[];
  windows: Window[];
  settings: { seconds: number; warmupSeconds: number; connections: number; rounds: number };
  loadBefore: number[];
  loadAfter: number[];
}

interface Range {
  low: number;
  high: number;
}

interface Summary {
  requestsPerSecond: number;
  /** Range of req/s over the rounds. */
  rate: Range;
  /** Range of CPU ms per request over the rounds. */
  cpu: Range;
  p50: number;
  p99: number;
  cpuMsPerRequest: number;
  maxRssMb: number;
  callsPerRequest: number;
  callsByEmulator: Record<string, number>;
  errors: number;
}

export function printReport(report: Report): void {
  const { settings, sides } = report;
  const cpu = os.cpus();
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  const lines = [
    `${new Date().toISOString().slice(0, 10)}, ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, node ${process.version}; ` +
      `${settings.connections} connections, ${settings.warmupSeconds} s warm-up + about ${settings.seconds} s measured per window, ` +
      `${settings.rounds} round(s)${sides.length > 1 ? ', sides alternating' : ''}; load average ${load(report.loadBefore)} before, ${load(report.loadAfter)} after`,
    `sides: ${sides.map((s) => `${s.role} = ${s.label}`).join('; ')}. Gateway, sandbox and load generator are separate processes; CPU and RSS are the gateway's own.`,
    '',
    '| scenario | side | req/s (range) | p50 ms | p99 ms | gateway CPU ms/req (range) | gateway RSS MB (max) | upstream calls/req | errors |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const summaries = new Map<string, Summary>();
  for (const scenario of report.scenarios) {
    for (const side of sides) {
      const s = summarize(report.windows.filter((w) => w.scenario === scenario && w.side === side));
      summaries.set(`${side.role}\n${scenario.name}`, s);
      lines.push(
        `| ${scenario.name} | ${side.role} | ${s.requestsPerSecond.toFixed(0)} (${s.rate.low.toFixed(0)}–${s.rate.high.toFixed(0)}) | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.cpuMsPerRequest.toFixed(2)} (${s.cpu.low.toFixed(2)}–${s.cpu.high.toFixed(2)}) | ${s.maxRssMb.toFixed(0)} | ${calls(s)} (expected: ${scenario.expectedCalls}) | ${s.errors} |`,
      );
    }
  }
  lines.push(
    '',
    `Peak RSS of each gateway over the whole run (VmHWM): ${sides.map((s) => `${s.role} ${s.peakRssMb.toFixed(0)} MB`).join(', ')}.`,
  );

  if (sides.length === 2) {
    lines.push(
      '',
      'Ratios, candidate against baseline (> 1 is better for the candidate in the first three columns):',
      ...(settings.rounds < 2 ? ['(one round: no range to judge the noise by; BENCH_ROUNDS=3 or more for that)'] : []),
      '',
      '| scenario | req/s ×  | CPU per request ÷ (baseline/candidate) | p99 ÷ (baseline/candidate) | max RSS (candidate/baseline) |',
      '|---|---|---|---|---|',
    );
    for (const scenario of report.scenarios) {
      const c = summaries.get(`candidate\n${scenario.name}`)!;
      const b = summaries.get(`baseline\n${scenario.name}`)!;
      const noise = (a: Range, z: Range) => (a.low <= z.high && z.low <= a.high ? ' (ranges overlap: noise)' : '');
      lines.push(
        `| ${scenario.name} | ${(c.requestsPerSecond / b.requestsPerSecond).toFixed(2)}${noise(c.rate, b.rate)} | ${(b.cpuMsPerRequest / c.cpuMsPerRequest).toFixed(2)}${noise(c.cpu, b.cpu)} | ${(b.p99 / c.p99).toFixed(2)} | ${(c.maxRssMb / b.maxRssMb).toFixed(2)} |`,
      );
    }
  }
  console.log(lines.join('\n'));
}

function summarize(windows: Window[]): Summary {
  const requests = windows.reduce((n, w) => n + w.requests, 0);
  const rates = windows.map((w) => w.requestsPerSecond);
  const weighted = (f: (w: Window) => number) => windows.reduce((n, w) => n + f(w) * w.requests, 0) / requests;
  return {
    requestsPerSecond: median(rates),
    rate: { low: Math.min(...rates), high: Math.max(...rates) },
    cpu: {
      low: Math.min(...windows.map((w) => w.cpuMsPerRequest)),
      high: Math.max(...windows.map((w) => w.cpuMsPerRequest)),
    },
    p50: median(windows.map((w) => w.p50)),
    p99: median(windows.map((w) => w.p99)),
    cpuMsPerRequest: weighted((w) => w.cpuMsPerRequest),
    maxRssMb: Math.max(...windows.map((w) => w.maxRssMb)),
    callsPerRequest: weighted((w) => w.callsPerRequest),
    callsByEmulator: Object.fromEntries(
      [...new Set(windows.flatMap((w) => Object.keys(w.callsPerRequestByEmulator)))].map((name) => [
        name,
        weighted((w) => w.callsPerRequestByEmulator[name] ?? 0),
      ]),
    ),
    errors: windows.reduce((n, w) => n + w.errors, 0),
  };
}

/** '1.00 (ims 1.00)': the total, and each emulator's share when more than one was called. */
function calls(s: Summary): string {
  const parts = Object.entries(s.callsByEmulator);
  const split = parts.length > 1 ? ` = ${parts.map(([name, n]) => `${name} ${n.toFixed(2)}`).join(' + ')}` : '';
  return `${s.callsPerRequest.toFixed(2)}${split}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
