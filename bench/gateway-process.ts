// A built gateway (`node dist/src/main.js` of some checkout, started as that
// checkout starts itself) as a child process on loopback, pointed at the
// standalone sandbox with the sandbox's environment: production mode, no
// embedded emulators, so everything its pid spends is the gateway's own.
//
// Its environment is built from scratch (the sandbox's variables, a loopback
// listen address, NODE_ENV=production): a cloud endpoint or
// IMAGE_GATEWAY_SANDBOX in the caller's shell cannot leak into a measurement.
// IMAGE_GATEWAY_* settings of the caller do pass (to measure the entity cache,
// say), both sides of a comparison getting the same.

import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { spawnTracked, stopChild } from './children.js';
import { readLine } from './lines.js';

export interface GatewayProcess {
  /** http://127.0.0.1:port/graphql */
  url: string;
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface GatewayProcessOptions {
  /** The checkout whose build runs (its `dist/src/main.js`). */
  dir: string;
  /** The sandbox's environment (endpoints and the sandbox accounts). */
  upstreamEnv: Record<string, string>;
  /** Gateway settings of this process alone (IMAGE_GATEWAY_CACHE_TTL_MS for one of two gateways, say). */
  settings?: Record<string, string>;
  /** Node options before the entry point, e.g. `['--import', probe]`. */
  nodeArgs?: string[];
  /** Open an IPC channel to the child (`child.send`, `child.on('message')`). */
  ipc?: boolean;
}

/** Caller settings that must not reach a measured gateway: they would change what it talks to. */
const WITHHELD = new Set(['IMAGE_GATEWAY_SANDBOX', 'IMAGE_GATEWAY_CONFIG']);

export async function startGatewayProcess(options: GatewayProcessOptions): Promise<GatewayProcess> {
  const passed = Object.entries(process.env).filter(
    ([key]) => key.startsWith('IMAGE_GATEWAY_') && !WITHHELD.has(key),
  ) as Array<[string, string]>;
  const child = spawnTracked(
    process.execPath,
    [...(options.nodeArgs ?? []), path.join(options.dir, 'dist/src/main.js')],
    {
      cwd: options.dir,
      env: {
        PATH: process.env.PATH ?? '',
        ...Object.fromEntries(passed),
        ...options.upstreamEnv,
        ...options.settings,
        NODE_ENV: 'production',
        PORT: '0',
        HOST: '127.0.0.1',
        // The access log is one of the features measured (issue 15: every feature on).
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      },
      stdio: ['ignore', 'pipe', 'inherit', ...(options.ipc ? (['ipc'] as const) : [])],
    },
  );
  const ready = await readLine(child, (line) => line.includes('ready at '), `the gateway in ${options.dir}`);
  if (/sandbox/i.test(ready)) {
    await stopChild(child);
    throw new Error(`the gateway started its embedded sandbox instead of using the standalone one: ${ready}`);
  }
  return {
    url: /ready at (http:\/\/\S+)/.exec(ready)![1],
    pid: child.pid!,
    child,
    stop: () => stopChild(child),
  };
}
