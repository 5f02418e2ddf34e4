// The sandbox on its own: the emulators in a process of their own, on
// loopback, for a gateway started separately (a frontend developer's, or the
// benchmark's, whose gateway must not pay for the emulators' work).
//
//   npm run sandbox                      prints `export …` lines, then serves until SIGTERM/SIGINT
//   node dist/src/sandbox/serve.js --json   one JSON line instead: { env, endpoints, control }
//
// Options (flags or environment):
//   --host / SANDBOX_HOST        loopback listen address of every port (default 127.0.0.1)
//   --synthetic N / SANDBOX_SYNTHETIC_IMAGES=N   add N generated images to each emulator
//   --latency MS / SANDBOX_LATENCY_MS=MS         every answer waits MS first, as a cloud's round
//                                                trip would (default 0: answered from memory)
//
// A control server on its own loopback port answers
//   GET  /calls        {"modelarts": n, "ims": n, "ehpc": n, "total": n}: calls each emulator
//                      received since the start or the last reset (counted, not the capped record)
//   POST /calls/reset  sets them to zero (204)
// so a benchmark reads upstream calls where they arrive, not from the gateway.
//
// Like the rest of the sandbox, this imports nothing from the gateway.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { startSandbox, type EmulatorName, type Sandbox } from './index.js';

/** What `--json` prints, one line: everything a gateway or a benchmark needs to use this sandbox. */
export interface SandboxAnnouncement {
  /** The configuration that points a gateway at the emulators (the real clouds' variable names). */
  env: Record<string, string>;
  endpoints: Record<string, string>;
  /** Base URL of the control server (`GET /calls`, `POST /calls/reset`). */
  control: string;
  pid: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      host: { type: 'string', default: process.env.SANDBOX_HOST ?? '127.0.0.1' },
      synthetic: { type: 'string', default: process.env.SANDBOX_SYNTHETIC_IMAGES ?? '0' },
      latency: { type: 'string', default: process.env.SANDBOX_LATENCY_MS ?? '0' },
    },
  });
  // The emulators accept the sandbox accounts, whose keys this command prints: loopback only.
  if (!/^(127\.\d+\.\d+\.\d+|localhost)$/.test(values.host)) {
    throw new Error(`--host must be an IPv4 loopback address (127.0.0.1) or localhost, got '${values.host}'`);
  }
  const synthetic = Number(values.synthetic);
  if (!Number.isInteger(synthetic) || synthetic < 0 || synthetic > 100_000) {
    throw new Error(`--synthetic must be a whole number from 0 to 100000, got '${values.synthetic}'`);
  }

  const latencyMs = /^\d{1,5}$/.test(values.latency) ? Number(values.latency) : NaN;
  if (!(latencyMs <= 60_000)) {
    throw new Error(`--latency must be a whole number of ms from 0 to 60000, got '${values.latency}'`);
  }

  const sandbox = await startSandbox({ host: values.host, latencyMs });
  const names = Object.keys(sandbox.endpoints) as EmulatorName[];
  if (synthetic > 0) for (const name of names) sandbox[name].emulator.generateImages(synthetic);
  const control = await serveControl(sandbox, names, values.host);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await new Promise<void>((resolve) => {
      control.closeAllConnections();
      control.close(() => resolve());
    });
    await sandbox.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());

  const { port } = control.address() as AddressInfo;
  const announcement: SandboxAnnouncement = {
    env: sandbox.env,
    endpoints: sandbox.endpoints,
    control: `http://${values.host}:${port}`,
    pid: process.pid,
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(announcement)}\n`);
    return;
  }
  const lines = [
    `# image-gateway sandbox: emulators of ${sandbox.titles.join(', ')} (pid ${process.pid}; SIGTERM or ctrl-C stops it)`,
    '# Point a gateway at it with these (they open only these loopback emulators):',
    ...Object.entries(sandbox.env).map(([key, value]) => `export ${key}=${shellQuoted(value)}`),
    `# Calls received per emulator: curl ${announcement.control}/calls (POST ${announcement.control}/calls/reset to zero them)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** The control server: call counts per emulator, and their reset. */
function serveControl(sandbox: Sandbox, names: readonly EmulatorName[], host: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/calls') {
      const counts: Record<string, number> = {};
      let total = 0;
      for (const name of names) {
        counts[name] = sandbox[name].callCount();
        total += counts[name];
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...counts, total }));
    } else if (req.method === 'POST' && path === '/calls/reset') {
      sandbox.resetCalls();
      res.writeHead(204).end();
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('GET /calls or POST /calls/reset\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve(server));
  });
}

/** A value as a POSIX shell word: single-quoted unless it is plainly safe. */
function shellQuoted(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `image-gateway sandbox: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
