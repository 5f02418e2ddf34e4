// The gateway's one executable schema, served over HTTP (Apollo) and over
// WebSocket (graphql-ws) alike: the SDL of the core files in schema/
// (core.graphql first), then each registered source's own, with the core's,
// the sources' and the watch's resolvers, and the additions that make it a
// Federation 2 subgraph (src/federation/: `_entities`, `_service`).

import fs from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../context-types.js';
import { buildSubgraph, type SubgraphOptions } from '../federation/index.js';
import type { Resolvers } from '../generated/graphql.js';
import { projectRoot } from '../project.js';
import type { SourceModule } from '../sources/index.js';
import { withRequestDeadline } from './request-deadline.js';

export function loadTypeDefs(sources: readonly SourceModule[]): string[] {
  const dir = path.join(projectRoot(), 'schema');
  const core = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort((a, b) => (a === 'core.graphql' ? -1 : b === 'core.graphql' ? 1 : a.localeCompare(b)))
    .map((file) => fs.readFileSync(path.join(dir, file), 'utf8'));
  return [...core, ...sources.map((source) => source.typeDefs)];
}

/** The schema of these sources, with these resolver maps (merged type by type). */
export function buildGatewaySchema(
  sources: readonly SourceModule[],
  resolvers: readonly Resolvers[],
  subgraphOptions: SubgraphOptions,
): GraphQLSchema {
  const typeDefs = loadTypeDefs(sources);
  const subgraph = buildSubgraph(typeDefs, subgraphOptions);
  return makeExecutableSchema<GatewayContext>({
    typeDefs: [...typeDefs, subgraph.typeDefs],
    resolvers: [...resolvers, withRequestDeadline(subgraph.resolvers)],
  });
}
