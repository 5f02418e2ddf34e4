// The standalone sandbox (src/sandbox/serve.ts, built) as a child process:
// the emulators' work happens there, not in the gateway being measured, and
// its control server counts the calls that reach each emulator.
//
// It always comes from this checkout's build, also when the gateway measured
// is an older commit that had no standalone sandbox.

import path from 'node:path';
import type { SandboxAnnouncement } from '../src/sandbox/serve.js';
import { spawnTracked, stopChild } from './children.js';
import { projectDir } from './paths.js';
import { readLine } from './lines.js';

/** Calls received per emulator (`modelarts`, `ims`, `ehpc`, …) and their `total`. */
export type CallCounts = Record<string, number> & { total: number };

export interface SandboxProcess {
  pid: number;
  /** The configuration that points a gateway at it. */
  env: Record<string, string>;
  calls(): Promise<CallCounts>;
  resetCalls(): Promise<void>;
  stop(): Promise<void>;
}

/** `latencyMs`: every emulator answer waits that long (a cloud's round trip; serve.ts --latency). */
export async function startSandboxProcess(
  options: { synthetic?: number; latencyMs?: number } = {},
): Promise<SandboxProcess> {
  const child = spawnTracked(
    process.execPath,
    [
      path.join(projectDir, 'dist/src/sandbox/serve.js'),
      '--json',
      '--synthetic',
      String(options.synthetic ?? 0),
      '--latency',
      String(options.latencyMs ?? 0),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { PATH: process.env.PATH ?? '' } },
  );
  const line = await readLine(child, (text) => text.startsWith('{'), 'the sandbox');
  const announcement = JSON.parse(line) as SandboxAnnouncement;
  const control = announcement.control;
  return {
    pid: child.pid!,
    env: announcement.env,
    async calls() {
      const response = await fetch(`${control}/calls`);
      if (!response.ok) throw new Error(`sandbox control: GET /calls answered ${response.status}`);
      return (await response.json()) as CallCounts;
    },
    async resetCalls() {
      const response = await fetch(`${control}/calls/reset`, { method: 'POST' });
      if (response.status !== 204) throw new Error(`sandbox control: POST /calls/reset answered ${response.status}`);
    },
    stop: () => stopChild(child),
  };
}
