// Composes the example supergraph from its subgraphs' own `_service { sdl }`,
// read over HTTP as a schema registry does, with The Guild's
// federation-composition (what Hive Gateway itself bundles):
//
//   npx tsx examples/supergraph/compose.ts \
//     image-gateway=http://127.0.0.1:4000/graphql training-jobs=http://127.0.0.1:4001/graphql > supergraph.graphql
//
// With client authentication on, `_service` needs a credential like any
// query: COMPOSE_API_KEY is sent as X-API-Key to every subgraph.
// test/federation/ composes its supergraph with this same module.

import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';

/** `_service { sdl }` of the subgraph at `url`. */
export async function serviceSdl(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = (await response.json()) as { data?: { _service: { sdl: string } }; errors?: unknown };
  if (!body.data) throw new Error(`_service failed at ${url}: ${JSON.stringify(body.errors)}`);
  return body.data._service.sdl;
}

/** The supergraph SDL of these subgraphs (name → GraphQL URL); composition errors are thrown, each on a line. */
export async function composeSupergraph(
  subgraphs: ReadonlyArray<{ name: string; url: string; headers?: Record<string, string> }>,
): Promise<string> {
  const services = await Promise.all(
    subgraphs.map(async ({ name, url, headers }) => ({ name, url, typeDefs: parse(await serviceSdl(url, headers)) })),
  );
  const result = composeServices(services);
  if (!result.supergraphSdl)
    throw new Error(`composition failed:\n${(result.errors ?? []).map((e) => e.message).join('\n')}`);
  return result.supergraphSdl;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const headers: Record<string, string> = process.env.COMPOSE_API_KEY
    ? { 'x-api-key': process.env.COMPOSE_API_KEY }
    : {};
  const subgraphs = process.argv.slice(2).map((argument) => {
    const [name, url] = argument.split(/=(.*)/s);
    if (!name || !url) throw new Error(`expected name=url, got "${argument}"`);
    return { name, url, headers };
  });
  process.stdout.write(`${await composeSupergraph(subgraphs)}\n`);
}
