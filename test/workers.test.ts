// IMAGE_GATEWAY_WORKERS: the built gateway as a primary with two worker
// processes on one port, the sandbox started once in the primary. Requests
// are answered by both workers; a worker killed is replaced and the port
// keeps answering; SIGTERM to the primary stops every worker and exits 0. A
// scrape of the shared metrics port reads every worker's metrics, summed.

import { afterAll, expect, it } from 'vitest';
import { ensureBuilt, spawnBuiltGateway, stopAll } from './support/built-gateway.js';
import { parseExposition } from './support/prometheus.js';
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

it('answers a scrape of the shared metrics port with every worker’s metrics, summed, whichever worker takes it', async () => {
  ensureBuilt();
  const gw = await spawnBuiltGateway({ IMAGE_GATEWAY_WORKERS: '2' });
  await expect
    .poll(() => gw.lines.filter((line) => line.includes('"msg":"image-gateway worker ready"')).length)
    .toBe(2);
  // Each on a connection of its own: node:cluster hands connections to the workers in turn, so both serve some.
  const REQUESTS = 6;
  for (let i = 0; i < REQUESTS; i += 1) expect(await ask(gw.url)).toBe(200);
  const scrape = async () => {
    const response = await fetch(gw.metricsUrl, {
      headers: { connection: 'close' },
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(200);
    return parseExposition(await response.text());
  };
  // Every scrape, whichever worker answers it, counts every request (one worker's own would count half).
  await expect.poll(async () => (await scrape()).value('image_gateway_graphql_requests_total')).toBe(REQUESTS);
  for (let i = 0; i < 4; i += 1) {
    const scraped = await scrape();
    expect(scraped.value('image_gateway_graphql_requests_total')).toBe(REQUESTS);
    // A breaker's states stay one-hot across workers (aggregated by max, not summed).
    const closed = scraped.samples.filter(
      (s) => s.name === 'image_gateway_upstream_circuit_breaker_state' && s.labels.state === 'closed',
    );
    expect(closed.length).toBeGreaterThan(0);
    for (const sample of closed) expect(sample.value).toBe(1);
  }
  // A worker dies and another starts: every scrape meanwhile is still answered (the dead one's counts go with it).
  process.kill(pidsStarted(gw.lines)[0], 'SIGKILL');
  // Until the primary has seen the death, node:cluster may still hand it a connection, which then hangs
  // (any request, not only a scrape): the scrapes start once the death is logged.
  await expect.poll(() => gw.lines.some((line) => line.includes('"msg":"worker died: starting another"'))).toBe(true);
  const replaced = () => gw.lines.filter((line) => line.includes('"msg":"image-gateway worker ready"')).length === 3;
  const until = Date.now() + 15_000;
  let scrapes = 0;
  while (!replaced() && Date.now() < until) {
    await scrape();
    scrapes += 1;
    // Ten scrapes a second (Prometheus' default is one in 15 s): a tighter loop starves the replacement's start.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  report(`${scrapes} scrapes answered while a worker was replaced`);
  expect(replaced()).toBe(true);
  gw.child.kill('SIGTERM');
  expect(await gw.exited).toEqual({ code: 0, signal: null });
}, 90_000);
