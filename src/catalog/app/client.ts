// The page's GraphQL client: urql with Graphcache (a normalized cache, so a
// status pushed by `imageChanged` updates the image's row wherever it shows),
// HTTP for queries and mutations, graphql-ws for subscriptions. One client per
// credential: signing in builds a new one, and the old one's socket closes.

import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { cacheExchange, type Cache } from '@urql/exchange-graphcache';
import schema from './generated/schema.js';
import { credentialHeaders, type Credential } from './credential.js';
import { openLiveSocket, type LiveSocket } from './live-socket.js';
import { webSocketUrl } from './page-config.js';

export interface CatalogClient {
  client: Client;
  socket: LiveSocket;
}

/** Types without an id of their own: stored inside their parent, not as entities. */
const EMBEDDED = [
  'ImageConnection',
  'ImageEdge',
  'PageInfo',
  'ImsOsFeature',
  'EhpcRegistryCredential',
  'EhpcContainerImageSpec',
  'EhpcVmImageSpec',
  'EhpcDocumentInfo',
  'EhpcAdditionalRegionInfo',
  'RegisterModelArtsImagePayload',
  'SaveNotebookAsImagePayload',
  'CreateImsImagePayload',
  'AddEhpcImagePayload',
  'DeleteImagePayload',
];

/** Every cached `images` page is stale after a write: the lists are fetched again (a new image shows as a row). */
function invalidateImageLists(_result: unknown, _args: unknown, cache: Cache): void {
  for (const field of cache.inspectFields('Query')) {
    if (field.fieldName === 'images') cache.invalidate('Query', field.fieldName, field.arguments);
  }
}

export function createCatalogClient(endpoint: string, credential: Credential | undefined): CatalogClient {
  const headers = credentialHeaders(credential);
  const socket = openLiveSocket(webSocketUrl(endpoint), headers);
  const client = new Client({
    url: endpoint,
    fetchOptions: { headers },
    preferGetMethod: false,
    exchanges: [
      cacheExchange({
        schema,
        keys: Object.fromEntries(EMBEDDED.map((type) => [type, () => null])),
        updates: {
          Mutation: {
            registerModelArtsImage: invalidateImageLists,
            saveNotebookAsImage: invalidateImageLists,
            createImsImage: invalidateImageLists,
            addEhpcImage: invalidateImageLists,
            deleteImage: invalidateImageLists,
          },
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = socket.client.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return { client, socket };
}
