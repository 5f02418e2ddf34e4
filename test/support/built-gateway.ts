// The built gateway (`node dist/src/main.js`) as a child process, for tests
// of what only a real process does: signals, draining, its exit code. It
// listens on PORT=0 and IMAGE_GATEWAY_METRICS_PORT=0; the URLs it printed on
// start say where. `stopAll` kills (SIGKILL) whatever is still running.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { projectRoot } from '../../src/project.js';

export interface BuiltGateway {
  /** http://127.0.0.1:port/graphql */
  url: string;
  /** http://127.0.0.1:port/metrics (IMAGE_GATEWAY_METRICS_PORT=0) */
  metricsUrl: string;
  child: ChildProcess;
  /** Every line it wrote to stdout so far (JSON log lines, and the ready banner). */
  lines: string[];
  /** How it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();
const MAIN = path.join(projectRoot(), 'dist', 'src', 'main.js');

/** Builds dist/src (tsc, and the SDL beside it) when main.js is missing or older than a source file. */
export function ensureBuilt(): void {
  const root = projectRoot();
  const builtAt = existsSync(MAIN) ? statSync(MAIN).mtimeMs : 0;
  const sources = readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|graphql)$/.test(file) && !file.startsWith(path.join('graphiql', 'client')))
    .map((file) => path.join(root, 'src', file));
  const schema = readdirSync(path.join(root, 'schema')).map((file) => path.join(root, 'schema', file));
  if (![...sources, ...schema].some((file) => statSync(file).mtimeMs > builtAt)) return;
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
  execFileSync(process.execPath, [path.join(root, 'scripts', 'copy-sdl.mjs')], { cwd: root, stdio: 'pipe' });
}

/** Starts `node dist/src/main.js` with exactly `env` (plus PATH), and waits for its ready line. */
export async function spawnBuiltGateway(env: Record<string, string>, readyWithinMs = 60_000): Promise<BuiltGateway> {
  const child = spawn(process.execPath, [MAIN], {
    cwd: projectRoot(),
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', IMAGE_GATEWAY_METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const lines: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const ready = new Promise<{ url: string; metricsUrl: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ready line within ${readyWithinMs} ms; stderr: ${stderr}`)),
      readyWithinMs,
    );
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      if (!line.includes('"msg":"image-gateway ready"')) return;
      clearTimeout(timer);
      const { url, metricsUrl } = JSON.parse(line) as { url: string; metricsUrl: string };
      resolve({ url, metricsUrl });
    });
    void exited.then(({ code }) => reject(new Error(`the gateway exited (${code}) before it was ready: ${stderr}`)));
  });
  return { ...(await ready), child, lines, exited };
}

/** Kills every gateway a test started that is still running, and waits for each to exit. */
export async function stopAll(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
