// A real supergraph around a test gateway: the second subgraph of
// examples/supergraph/ (training jobs that run images, `usedBy` on every
// image through @interfaceObject) served by Apollo Server with
// @apollo/subgraph, composed by examples/supergraph/compose.ts from both
// subgraphs' `_service { sdl }` over HTTP, and served by Hive Gateway
// (in process, examples/supergraph/gateway.config.ts) on loopback.

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { composeSupergraph } from '../../examples/supergraph/compose.js';
import { gatewayConfig, IMAGE_GATEWAY_SUBGRAPH } from '../../examples/supergraph/gateway.config.js';

const TRAINING_JOBS_SDL = fs.readFileSync(
  path.join(import.meta.dirname, '../../examples/supergraph/training-jobs.graphql'),
  'utf8',
);

/** A training job and the global id of the image it runs. */
export interface TrainingJob {
  name: string;
  imageId: string;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** The training-jobs subgraph, and the headers of every request it received. */
export interface TrainingJobsServer extends RunningServer {
  received: http.IncomingHttpHeaders[];
}

/** The training-jobs subgraph over these jobs, on 127.0.0.1. */
export async function startTrainingJobs(jobs: readonly TrainingJob[]): Promise<TrainingJobsServer> {
  const schema = buildSubgraphSchema([
    {
      typeDefs: parse(TRAINING_JOBS_SDL),
      resolvers: {
        Query: { trainingJobs: () => jobs.map((job) => ({ name: job.name, image: { id: job.imageId } })) },
        Image: {
          __resolveReference: (image: { id: string }) => ({ id: image.id }),
          usedBy: (image: { id: string }) => jobs.filter((job) => job.imageId === image.id).map((job) => job.name),
        },
      },
    },
  ]);
  const server = new ApolloServer({ schema, plugins: [ApolloServerPluginInlineTraceDisabled()] });
  const received: http.IncomingHttpHeaders[] = [];
  const { url } = await startStandaloneServer(server, {
    listen: { host: '127.0.0.1', port: 0 },
    context: async ({ req }) => {
      received.push(req.headers);
      return {};
    },
  });
  return { url, received, close: () => server.stop() };
}

/** The supergraph of the image gateway and the training jobs (examples/supergraph/compose.ts). */
export function composeExample(imageGatewayUrl: string, trainingJobsUrl: string, headers: Record<string, string> = {}) {
  return composeSupergraph([
    { name: IMAGE_GATEWAY_SUBGRAPH, url: imageGatewayUrl, headers },
    { name: 'training-jobs', url: trainingJobsUrl },
  ]);
}

// Private: Hive Gateway's runtime, typed here by the little the tests use. Its
// typings load graphql-yoga's, which declare `extensions.http.headers` a
// record where Apollo Server's (the gateway's own) is a Map: one program
// cannot hold both, so the module is imported by a name TypeScript does not follow.
interface HiveRuntime {
  (request: http.IncomingMessage, response: http.ServerResponse): void;
  dispose(): Promise<void> | void;
}
type CreateGatewayRuntime = (config: Record<string, unknown>) => HiveRuntime;
const HIVE_RUNTIME: string = '@graphql-hive/gateway-runtime';

/** Hive Gateway with examples/supergraph/gateway.config.ts over this supergraph, on 127.0.0.1. */
export async function startHiveGateway(supergraphSdl: string): Promise<RunningServer> {
  const { createGatewayRuntime } = (await import(HIVE_RUNTIME)) as { createGatewayRuntime: CreateGatewayRuntime };
  const runtime = createGatewayRuntime({ ...gatewayConfig, supergraph: supergraphSdl, logging: false });
  const server = http.createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async close() {
      await runtime.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A GraphQL request over HTTP, its body parsed. */
export async function post(url: string, query: string, variables?: Record<string, unknown>, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) };
}

/**
 * A subscription through Hive Gateway over Server-Sent Events (what it serves
 * clients by default): every `next` payload until the stream completes, or
 * `max` of them, or `timeoutMs`.
 */
export async function subscribeSse(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
  { max = 10, timeoutMs = 15_000 } = {},
): Promise<Array<{ data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: Array<{ data?: any; errors?: any }> = [];
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
      body: JSON.stringify({ query, variables }),
      signal: controller.signal,
    });
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === 'complete') return events;
        if (data) events.push(JSON.parse(data));
        if (events.length >= max) return events;
      }
    }
    return events;
  } catch (error) {
    if (controller.signal.aborted) return events;
    throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
