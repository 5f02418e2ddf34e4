// Benchmarks: throughput, latency and memory of the gateway in sandbox mode.
//
//   npm run bench            (builds first; about 30 s)
//
// Starts `node dist/src/main.js` (the sandbox runs inside that process, so the
// emulators' work is counted against the gateway: the numbers are a floor),
// drives it from this process over loopback with an undici keep-alive pool,
// and prints a Markdown table for the README. It stops the gateway by pid.
// Bounded: each scenario runs a fixed number of seconds against 127.0.0.1 only.

import fs from 'node:fs';
import { Pool } from 'undici';
import { startGatewayProcess } from './gateway-process.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

interface Scenario {
  name: string;
  body: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function run(url: string, scenario: Scenario) {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: CONNECTIONS });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const response = await pool.request({
        method: 'POST',
        path: target.pathname,
        headers: { 'content-type': 'application/json' },
        body: scenario.body,
      });
      const text = await response.body.text();
      if (response.statusCode !== 200 || text.includes('"errors"')) errors += 1;
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  await pool.close();
  latencies.sort((a, b) => a - b);
  return {
    scenario: scenario.name,
    requestsPerSecond: Math.round(latencies.length / SECONDS),
    p50: percentile(latencies, 50).toFixed(1),
    p99: percentile(latencies, 99).toFixed(1),
    errors,
  };
}

async function main() {
  const gateway = await startGatewayProcess();
  try {
    const list = async (first: number) => {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ images(first: ${first}) { edges { node { id } } } }` }),
      });
      const body = (await response.json()) as { data: { images: { edges: Array<{ node: { id: string } }> } } };
      return body.data.images.edges.map((e) => e.node.id);
    };
    const ids = await list(30);
    const scenarios: Scenario[] = [
      {
        name: 'modelArtsImage (one image, 12 fields)',
        body: JSON.stringify({
          query:
            '{ modelArtsImage(id: "278e88d1-5b71-4766-8502-b3ba72e824d9") { id name status architecture sizeBytes createdAt swrPath tag serviceType resourceCategories devServices workspaceId } }',
        }),
      },
      {
        name: `nodes (${ids.length} ids across sources)`,
        body: JSON.stringify({
          query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Image { name status } } }',
          variables: { ids },
        }),
      },
      {
        name: 'images (first 20, merged across sources)',
        body: JSON.stringify({ query: '{ images(first: 20) { edges { cursor node { id name createdAt } } } }' }),
      },
    ];
    const rssBefore = rssMb(gateway.pid);
    const results = [];
    for (const scenario of scenarios) results.push(await run(gateway.url, scenario));
    const rssAfter = rssMb(gateway.pid);
    console.log(
      `\n${CONNECTIONS} connections, ${SECONDS} s per scenario, gateway + sandbox in one process on this machine (${process.version})\n`,
    );
    console.log('| scenario | req/s | p50 ms | p99 ms | errors |');
    console.log('|---|---|---|---|---|');
    for (const r of results)
      console.log(`| ${r.scenario} | ${r.requestsPerSecond} | ${r.p50} | ${r.p99} | ${r.errors} |`);
    console.log(`\nRSS: ${rssBefore} MB idle after start, ${rssAfter} MB after the runs.`);
  } finally {
    await gateway.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
