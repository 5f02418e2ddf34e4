// IMAGE_GATEWAY_WORKERS: the built gateway as a primary with two worker
// processes on one port, the sandbox started once in the primary. Requests
// are answered by both workers; a worker killed is replaced and the port
// keeps answering; SIGTERM to the primary stops every worker and exits 0.

import { afterAll, expect, it } from 'vitest';
import { ensureBuilt, spawnBuiltGateway, stopAll } from './support/built-gateway.js';
import { report } from './support/verbose.js';

afterAll(async () => {
  await stopAll();
});

const pidsStarted = (lines: string[]) =>
  lines
    .filter((line) => line.includes('"msg":"worker started"'))
    .map((line) => (JSON.parse(line) as { pid: number }).pid);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function ask(url: string): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', connection: 'close' },
    body: JSON.stringify({ query: '{ images(first: 1) { nodes { id } } }' }),
  });
  const body = (await response.json()) as { errors?: unknown };
  expect(body.errors).toBeUndefined();
  return response.status;
}

it('serves on one port from two workers, replaces a dead one, and stops them all on SIGTERM', async () => {
  ensureBuilt();
  const started = performance.now();
  const gw = await spawnBuiltGateway({ IMAGE_GATEWAY_WORKERS: '2' });
  const workers = pidsStarted(gw.lines);
  expect(workers).toHaveLength(2);
  await expect
    .poll(() => gw.lines.filter((line) => line.includes('"msg":"image-gateway worker ready"')).length)
    .toBe(2);
  report(`two workers ready ${Math.round(performance.now() - started)} ms after the start`);
  // One sandbox, in the primary.
  // (its start is logged once; the ready banner names sandbox mode too, and is not a start)
  expect(gw.lines.filter((line) => line.includes('"msg":"sandbox mode: '))).toHaveLength(1);
  for (let i = 0; i < 4; i += 1) expect(await ask(gw.url)).toBe(200);

  process.kill(workers[0], 'SIGKILL');
  await expect.poll(() => pidsStarted(gw.lines).length, { timeout: 15_000 }).toBe(3);
  await expect
    .poll(() => gw.lines.filter((line) => line.includes('"msg":"image-gateway worker ready"')).length, {
      timeout: 15_000,
    })
    .toBe(3);
  for (let i = 0; i < 4; i += 1) expect(await ask(gw.url)).toBe(200);

  const stopping = performance.now();
  gw.child.kill('SIGTERM');
  expect(await gw.exited).toEqual({ code: 0, signal: null });
  report(`stopped in ${Math.round(performance.now() - stopping)} ms`);
  for (const pid of pidsStarted(gw.lines)) expect(alive(pid)).toBe(false);
}, 90_000);
