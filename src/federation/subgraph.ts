// What makes the gateway's schema an Apollo Federation 2 subgraph, built from
// its own SDL so that a new source's type joins by carrying `@key` and nothing
// else: the specification's "subgraph schema additions" that depend on the
// schema (`_Any`, `_Entity` over every object type with `@key`, `_Service`,
// `Query._entities`, `Query._service`), their resolvers, and the SDL
// `_service` answers. The fixed vocabulary (`@link`, `@key`, `@shareable`,
// `@cacheControl`) is declared in schema/federation.graphql.
//
// `_entities` resolves each representation's global id exactly as `node`
// does, through the request's DataLoaders: N IMS representations in one call
// are one Glance `id=in:` request. A representation may name the interface
// (`{ __typename: "Image", id }`, what a router sends for another subgraph's
// `@interfaceObject`): the id says the provider, so it resolves to the
// concrete type. Naming a concrete type that is not the image's finds nothing (null).
//
// `Node`, `node` and `nodes` stay this subgraph's own and are not entities:
// a global id is ours to decode, and a router that sent one of our ids to
// another subgraph's `node` would get nothing (README, "Run as a subgraph").

import { mergeTypeDefs } from '@graphql-tools/merge';
import {
  GraphQLError,
  GraphQLScalarType,
  Kind,
  print,
  valueFromASTUntyped,
  type DefinitionNode,
  type DocumentNode,
  type GraphQLResolveInfo,
  type ValidationRule,
} from 'graphql';
import type { GatewayContext } from '../context-types.js';
import { badUserInput } from '../errors.js';
import type { AnyImageModel } from '../models.js';
import { resolveNode } from '../resolvers.js';

/** The schema additions, their resolvers, and `_service.sdl`. */
export interface Subgraph {
  typeDefs: string;
  resolvers: {
    _Any: GraphQLScalarType;
    _Entity: { __resolveType(entity: AnyImageModel): string };
    Query: {
      _entities(
        root: unknown,
        args: { representations: readonly unknown[] },
        context: GatewayContext,
        info: GraphQLResolveInfo,
      ): Array<Promise<AnyImageModel | null>>;
      _service(): { sdl: string };
    };
  };
  /** The subgraph's SDL as `_service { sdl }` answers it. */
  sdl: string;
}

export interface SubgraphOptions {
  /** Most representations one `_entities` call may carry (as `nodes` caps its ids: limits.maxNodeIds). */
  maxRepresentations: number;
}

/**
 * Definitions the subgraph specification lists among the additions a
 * subgraph declares: `_service.sdl` leaves them out (a composer brings its own).
 */
const SPEC_DEFINITIONS = new Set(['link', 'key', 'shareable', 'link__Import', 'link__Purpose', 'federation__FieldSet']);

export function buildSubgraph(typeDefs: readonly string[], options: SubgraphOptions): Subgraph {
  const document = mergeTypeDefs([...typeDefs], { useSchemaDefinition: false, sort: false, throwOnConflict: true });
  const { objects, interfaces } = entityTypes(document);
  if (objects.length === 0) throw new Error('the subgraph has no entity: no object type carries @key');
  const entityNames = new Set([...objects, ...interfaces]);
  const objectNames = new Set(objects);
  const sdl = serviceSdl(document);

  async function resolveEntity(
    context: GatewayContext,
    representation: unknown,
    index: number,
    info: GraphQLResolveInfo,
  ): Promise<AnyImageModel | null> {
    const field = `representations[${index}]`;
    if (
      !isRecord(representation) ||
      typeof representation.__typename !== 'string' ||
      typeof representation.id !== 'string'
    ) {
      throw badUserInput(`${field} must be an object with a string __typename and a string id`, field);
    }
    const typename = representation.__typename;
    if (!entityNames.has(typename)) {
      throw badUserInput(`${field}: ${typename} is not an entity of this subgraph`, `${field}.__typename`);
    }
    const image = await resolveNode(context, representation.id, `${field}.id`, info);
    return image && objectNames.has(typename) && image.__typename !== typename ? null : image;
  }

  return {
    typeDefs: [
      'scalar _Any',
      `union _Entity = ${objects.join(' | ')}`,
      'type _Service { sdl: String! }',
      'extend type Query { _entities(representations: [_Any!]!): [_Entity]! _service: _Service! }',
    ].join('\n'),
    resolvers: {
      _Any: new GraphQLScalarType({
        name: '_Any',
        parseValue: (value) => value,
        parseLiteral: (ast) => valueFromASTUntyped(ast),
        serialize: (value) => value,
      }),
      _Entity: { __resolveType: (entity) => entity.__typename },
      Query: {
        _entities(_root, { representations }, context, info) {
          if (representations.length > options.maxRepresentations) {
            throw badUserInput(
              `_entities accepts at most ${options.maxRepresentations} representations, got ${representations.length}`,
              'representations',
            );
          }
          // All started in one tick, as `nodes` does: each source's DataLoader batches them.
          return representations.map((representation, index) => resolveEntity(context, representation, index, info));
        },
        _service: () => ({ sdl }),
      },
    },
    sdl,
  };
}

/**
 * The SDL `_service` answers: every type, field and applied directive of the
 * subgraph (extensions merged into their types, the `@link` kept as
 * `extend schema`), without the specification's own definitions.
 */
function serviceSdl(document: DocumentNode): string {
  const kept = document.definitions.filter((definition) => !SPEC_DEFINITIONS.has(nameOf(definition) ?? ''));
  // The `@link` first, where a reader (and the spec's examples) put it.
  const link = kept.filter((definition) => definition.kind === Kind.SCHEMA_EXTENSION);
  const rest = kept.filter((definition) => definition.kind !== Kind.SCHEMA_EXTENSION);
  return print({ kind: Kind.DOCUMENT, definitions: [...link, ...rest] });
}

/** The object and interface types that carry `@key`. */
function entityTypes(document: DocumentNode): { objects: string[]; interfaces: string[] } {
  const objects: string[] = [];
  const interfaces: string[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    if (!definition.directives?.some((directive) => directive.name.value === 'key')) continue;
    (definition.kind === Kind.OBJECT_TYPE_DEFINITION ? objects : interfaces).push(definition.name.value);
  }
  return { objects, interfaces };
}

function nameOf(definition: DefinitionNode): string | undefined {
  return 'name' in definition && definition.name ? definition.name.value : undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * With introspection off (IMAGE_GATEWAY_INTROSPECTION=false), `_service`
 * is refused too: its SDL is the whole schema. A router composes from a
 * supergraph built where introspection is on (or from the SDL file).
 */
export const serviceSdlOff: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value !== '_service' || context.getParentType()?.name !== 'Query') return;
    context.reportError(
      new GraphQLError(
        'Introspection is off on this gateway (IMAGE_GATEWAY_INTROSPECTION): Query._service is not answered.',
        { nodes: [node] },
      ),
    );
  },
});
