// Safe by default, as `npm start` runs it (node dist/src/main.js, spawned):
// on a loopback address with IMAGE_GATEWAY_AUTH unset the gateway starts
// open; on any other address it refuses to start, naming IMAGE_GATEWAY_AUTH;
// an explicit `none` starts and says so as a warning. Nothing here binds
// anything but loopback: the refusal comes before the gateway listens.

import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../src/config/index.js';
import { projectRoot } from '../../src/project.js';

const root = projectRoot();
const MAIN = path.join(root, 'dist', 'src', 'main.js');

/** Builds dist/ when main.js is missing or older than a source file (`npm test` has just built it). */
function ensureBuilt(): void {
  const newest = readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(ts|graphql)$/.test(name))
    .reduce((latest, name) => Math.max(latest, statSync(path.join(root, 'src', name)).mtimeMs), 0);
  if (!existsSync(MAIN) || statSync(MAIN).mtimeMs < newest) {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'pipe' });
  }
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs main.js with only `env` (plus PATH); stops it with SIGTERM once it says it is ready. */
function runMain(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    let stopping = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!stopping && stdout.includes('image-gateway ready at')) {
        stopping = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(() => ensureBuilt(), 240_000);

describe('loopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['[::1]', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.5', false],
    ['128.0.0.1', false],
    ['gateway.internal', false],
    ['localhost.evil.example', false],
  ])('%s → %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});

describe('npm start', () => {
  it('on loopback with IMAGE_GATEWAY_AUTH unset: starts open (a fresh machine)', async () => {
    const run = await runMain({ HOST: '127.0.0.1' });
    expect(run.stdout).toMatch(/image-gateway ready at http:\/\/127\.0\.0\.1:\d+\/graphql \(sandbox mode/);
    expect(run.stdout).not.toContain('IMAGE_GATEWAY_AUTH');
    expect(run.code).toBe(0);
  });

  it.each(['0.0.0.0', '192.0.2.10'])(
    'bound to %s with IMAGE_GATEWAY_AUTH unset: refuses to start, naming it',
    async (host) => {
      const run = await runMain({ HOST: host });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`image-gateway: configuration error: HOST ${host} is not a loopback address`);
      expect(run.stderr).toContain('IMAGE_GATEWAY_AUTH');
      expect(run.stdout).not.toContain('image-gateway ready');
    },
  );

  it('IMAGE_GATEWAY_AUTH=none: starts, with a warning at start', async () => {
    const run = await runMain({ HOST: '127.0.0.1', IMAGE_GATEWAY_AUTH: 'none' });
    expect(run.code).toBe(0);
    const warning = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .find((line) => line.level === 40);
    expect(warning?.msg).toMatch(/^IMAGE_GATEWAY_AUTH=none: client authentication is off/);
    expect(run.stdout).toContain('image-gateway ready at');
  });
});
