// The production image, built by the Dockerfile's own instructions without
// Docker (test/support/dockerfile.ts) in a temporary copy of the project: the
// build stage's `npm ci` and `npm run build`, then the runtime stage's
// `npm ci --omit=dev` and its copies. The result must start with production
// dependencies only and answer on loopback. Needs the npm registry for what
// the host's npm cache lacks; about two minutes on a loaded 2-core machine.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWithoutDocker, copyBuildContext, type BuiltImage } from './support/dockerfile.js';
import { report } from './support/verbose.js';
import { closedPort } from './support/ports.js';

const root = path.join(import.meta.dirname, '..');
const DOCUMENTED_MODELARTS_IMAGE = '278e88d1-5b71-4766-8502-b3ba72e824d9';

let workDir: string;
let contextDir: string;
let image: BuiltImage;
let gateway: ChildProcess;
let gatewayExit: Promise<number | null>;
let origin: string;
let output = '';

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'image-gateway-image-'));
  contextDir = path.join(workDir, 'context');
  copyBuildContext(root, contextDir);
  const started = performance.now();
  image = await buildWithoutDocker({
    dockerfile: fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'),
    contextDir,
    workDir,
    onRun: (run) => report(`production image: ${run.stage}: RUN ${run.command} (${run.seconds.toFixed(1)} s)`),
  });
  report(`production image: built in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // The image's CMD and ENV, on loopback and a free port instead of 0.0.0.0:4000.
  const [command, ...args] = image.cmd;
  gateway = spawn(command, args, {
    cwd: image.dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...image.env, HOST: '127.0.0.1', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  gatewayExit = new Promise((resolve) => gateway.once('exit', (code) => resolve(code)));
  gateway.stderr!.on('data', (chunk) => (output += String(chunk)));
  origin = await new Promise<string>((resolve, reject) => {
    gateway.stdout!.on('data', (chunk) => {
      output += String(chunk);
      const match = /ready at (http:\/\/[^/\s]+)/.exec(output);
      if (match) resolve(match[1]);
    });
    void gatewayExit.then((code) => reject(new Error(`the image's CMD exited with ${code}:\n${output}`)));
  });
}, 480_000); // a bound for a loaded machine; about two minutes on a quiet one

afterAll(async () => {
  if (gateway && gateway.exitCode === null && gateway.signalCode === null) {
    gateway.kill('SIGTERM');
    await gatewayExit;
  }
  if (workDir) await fs.promises.rm(workDir, { recursive: true, force: true });
}, 120_000);

describe('the Dockerfile', () => {
  it('builds on the Node major the host runs, runs as a non-root user, exposes 4000, listens on all interfaces', () => {
    const majors = image.baseImages.map((base) => /^node:(\d+)/.exec(base)?.[1]);
    expect(majors).toEqual(image.baseImages.map(() => process.versions.node.split('.')[0]));
    expect(image.user).toBeDefined();
    expect(['root', '0'].includes(image.user!.split(':')[0])).toBe(false);
    expect(image.exposed).toEqual(['4000']);
    expect(image.env).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0', PORT: '4000' });
    expect(image.cmd).toEqual(['node', 'dist/src/main.js']);
  });

  it('sends a build context without what a checkout installs or builds (.dockerignore)', () => {
    const context = fs.readdirSync(contextDir);
    expect(context).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'src', 'schema', 'scripts']));
    for (const left of ['node_modules', 'dist', '.git']) expect(context).not.toContain(left);
  });

  it('ran the build stage in full, then the runtime stage installed production dependencies only', () => {
    expect(image.runs.map((run) => `${run.stage}: ${run.command}`)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^build: .*npm ci/),
        expect.stringMatching(/^build: .*npm run build/),
        expect.stringMatching(/^runtime: .*npm ci --omit=dev/),
      ]),
    );
    const lock = JSON.parse(fs.readFileSync(path.join(image.dir, 'package-lock.json'), 'utf8'));
    const packages = Object.entries(lock.packages as Record<string, { dev?: boolean }>).filter(([p]) => p !== '');
    const installed = (p: string) => fs.existsSync(path.join(image.dir, p, 'package.json'));
    const devOnly = packages.filter(([, meta]) => meta.dev).map(([p]) => p);
    const production = packages.filter(([, meta]) => !meta.dev).map(([p]) => p);
    expect(devOnly.length).toBeGreaterThan(100);
    expect(devOnly.filter(installed)).toEqual([]);
    expect(production.filter((p) => !installed(p) && !(lock.packages[p] as { optional?: boolean }).optional)).toEqual(
      [],
    );
    // The sources stay out of the image: only what runs.
    expect(fs.readdirSync(image.dir).sort()).toEqual([
      'dist',
      'node_modules',
      'package-lock.json',
      'package.json',
      'schema',
    ]);
  });
});

describe('the built image, started as its CMD says', () => {
  it('answers /healthz', async () => {
    const response = await fetch(`${origin}/healthz`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ status: 'ok', sandbox: true });
    expect(body.sources.map((s: { provider: string }) => s.provider).sort()).toEqual(['EHPC', 'IMS', 'MODELARTS']);
  });

  it('answers a GraphQL query against the sandbox', async () => {
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `query($id: ID!) { modelArtsImage(id: $id) { nativeId status } images(first: 5) { edges { node { provider } } } }`,
        variables: { id: DOCUMENTED_MODELARTS_IMAGE },
      }),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.modelArtsImage).toEqual({ nativeId: DOCUMENTED_MODELARTS_IMAGE, status: 'ACTIVE' });
    expect(body.data.images.edges).toHaveLength(5);
  });

  it('serves GraphiQL from the assets built into dist/ (graphiql itself is a dev dependency)', async () => {
    const page = await fetch(`${origin}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const script = /<script type="module" src="([^"]+)"/.exec(await page.text())?.[1];
    expect(script).toMatch(/^\/graphiql\/graphiql-\w+\.js$/);
    const asset = await fetch(`${origin}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });

  it('passes its HEALTHCHECK, which fails where nothing answers', async () => {
    expect(image.healthcheck?.command[0]).toBe('node');
    const port = new URL(origin).port;
    expect(await healthcheck(port)).toBe(0);
    expect(await healthcheck(String(await closedPort()))).not.toBe(0);
  });

  it('stops on SIGTERM with exit code 0', async () => {
    gateway.kill('SIGTERM');
    expect(await gatewayExit).toBe(0);
  });
});

/** Runs the image's HEALTHCHECK command as the container would, with PORT set. */
async function healthcheck(port: string): Promise<number | null> {
  const [command, ...args] = image.healthcheck!.command;
  const child = spawn(command, args, {
    cwd: image.dir,
    env: { PATH: process.env.PATH, ...image.env, PORT: port },
    stdio: 'ignore',
  });
  return new Promise((resolve) => child.once('exit', resolve));
}
