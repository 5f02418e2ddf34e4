// The built gateway (`node dist/src/main.js`, sandbox mode) as a child process
// on loopback, for the benchmark and the soak. Its stdout is read until the
// "ready at" line and drained after; stopping it sends SIGTERM to its pid.

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface GatewayProcess {
  /** http://127.0.0.1:port/graphql */
  url: string;
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

interface GatewayProcessOptions {
  /** Node options before the entry point, e.g. `['--import', probe]`. */
  nodeArgs?: string[];
  /** Open an IPC channel to the child (`child.send`, `child.on('message')`). */
  ipc?: boolean;
}

export async function startGatewayProcess(options: GatewayProcessOptions = {}): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), path.join(projectDir, 'dist/src/main.js')], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      IMAGE_GATEWAY_SANDBOX: '1',
    },
    stdio: ['ignore', 'pipe', 'inherit', ...(options.ipc ? (['ipc'] as const) : [])],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += String(chunk);
      const match = /ready at (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]);
      if (out.length > 65_536) out = out.slice(-4096);
    });
    child.once('exit', (code) => reject(new Error(`gateway exited with ${code}`)));
  });
  return {
    url,
    pid: child.pid!,
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
