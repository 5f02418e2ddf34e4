// The standalone sandbox command (`npm run sandbox`, src/sandbox/serve.ts,
// built): it starts on loopback, prints an environment a separately started
// gateway works with, counts the calls each emulator receives on its control
// port, and stops on SIGTERM to its pid. This is what `npm run bench` and
// `npm run soak` stand on.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project.js';
import { ensureBuilt, spawnBuiltGateway, stopAll } from '../support/built-gateway.js';

const SERVE = path.join(projectRoot(), 'dist', 'src', 'sandbox', 'serve.js');
const started: ChildProcess[] = [];

/** Starts the built command and resolves with its stdout up to the line `last` matches. */
async function startSandboxCommand(
  args: string[],
  last: (line: string) => boolean,
): Promise<{ child: ChildProcess; out: string[] }> {
  const child = spawn(process.execPath, [SERVE, ...args], {
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  const out: string[] = [];
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      out.push(line);
      if (last(line)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited (${code}) after printing ${out.join('\n')}`)));
  });
  return { child, out };
}

async function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

beforeAll(() => ensureBuilt());

afterAll(async () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(started.map(exitOf));
  await stopAll();
});

describe('npm run sandbox', () => {
  it('serves a gateway started apart, counts the calls it receives, and stops on SIGTERM', async () => {
    const { child, out } = await startSandboxCommand(['--json'], () => true);
    const announced = JSON.parse(out[0]);
    expect(announced.pid).toBe(child.pid);
    expect(Object.keys(announced.env)).toEqual(
      expect.arrayContaining(['MODELARTS_ENDPOINT', 'IMS_ENDPOINT', 'EHPC_ENDPOINT', 'HUAWEICLOUD_SDK_AK']),
    );
    for (const url of [announced.control, ...Object.values(announced.endpoints)]) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
    const calls = async () => (await fetch(`${announced.control}/calls`)).json();
    expect(await calls()).toEqual({ modelarts: 0, ims: 0, ehpc: 0, total: 0 });

    // A production gateway, configured by that environment alone: not in sandbox mode.
    const gateway = await spawnBuiltGateway({ ...announced.env, NODE_ENV: 'production' });
    expect(gateway.lines.join('\n')).not.toMatch(/sandbox mode/);
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: '{ modelArtsImage(id: "278e88d1-5b71-4766-8502-b3ba72e824d9") { nativeId name } }',
      }),
    });
    const body = await response.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.modelArtsImage.nativeId).toBe('278e88d1-5b71-4766-8502-b3ba72e824d9');
    // One image by id is one ModelArts GET, counted where it arrived.
    expect(await calls()).toEqual({ modelarts: 1, ims: 0, ehpc: 0, total: 1 });

    const reset = await fetch(`${announced.control}/calls/reset`, { method: 'POST' });
    expect(reset.status).toBe(204);
    expect(await calls()).toEqual({ modelarts: 0, ims: 0, ehpc: 0, total: 0 });

    process.kill(child.pid!, 'SIGTERM');
    expect(await exitOf(child)).toEqual({ code: 0, signal: null });
    await expect(fetch(`${announced.control}/calls`)).rejects.toThrow();
    await expect(fetch(announced.endpoints.modelarts)).rejects.toThrow();
  });

  it('prints shell export lines a shell can read, naming where the counts are', async () => {
    const { child, out } = await startSandboxCommand(['--synthetic', '2'], (line) => line.startsWith('# Calls'));
    const exports = out.filter((line) => line.startsWith('export '));
    const { stdout } = await promisify(execFile)('sh', ['-c', `${exports.join('\n')}\nenv`], {
      env: { PATH: process.env.PATH ?? '' },
    });
    const env = Object.fromEntries(
      stdout.split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(env.MODELARTS_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env.ALIBABA_CLOUD_REGION_ID).toBe('cn-hangzhou');
    expect(out.at(-1)).toMatch(/curl http:\/\/127\.0\.0\.1:\d+\/calls/);

    process.kill(child.pid!, 'SIGINT');
    expect(await exitOf(child)).toEqual({ code: 0, signal: null });
  });

  it.each([
    [['--host', '0.0.0.0'], /--host must be an IPv4 loopback address/],
    [['--synthetic', 'many'], /--synthetic must be a whole number/],
    [['--latency', '2.5'], /--latency must be a whole number of ms/],
    [['--latency', '0x10'], /--latency must be a whole number of ms/],
  ])('refuses %j before it listens, and exits 1', async (args, message) => {
    const child = spawn(process.execPath, [SERVE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    expect(await exitOf(child)).toEqual({ code: 1, signal: null });
    expect(stderr).toMatch(message);
  });
});
