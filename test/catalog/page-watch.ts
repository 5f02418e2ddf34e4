// What a browser test watches of a page: every request (to prove none leaves
// loopback), every problem the browser reports (console errors, uncaught
// errors, failed requests, HTTP errors), the GraphQL operations it sends over
// HTTP and over its WebSocket; and, on the server side, the WebSockets the
// gateway accepted, so a test can cut them.

import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { BrowserContext, Page } from 'playwright-core';

export interface SentOperation {
  operationName?: string;
  variables: Record<string, any>;
  headers: Record<string, string>;
}

export interface PageWatch {
  requests: string[];
  problems: string[];
  /** GraphQL operations POSTed over HTTP, in order. */
  operations: SentOperation[];
  /** Every message the pages sent over their WebSockets (connection_init included), parsed. */
  socketMessages: any[];
  /** How many documents (page loads) were requested. */
  readonly documentLoads: number;
  /** The `filter` variable of the latest CatalogImages query. */
  lastFilter(): unknown;
  /** Names of the operations subscribed to over WebSocket. */
  subscriptions(): string[];
}

export function watchPage(context: BrowserContext): PageWatch {
  let documentLoads = 0;
  const watch: PageWatch = {
    requests: [],
    problems: [],
    operations: [],
    socketMessages: [],
    get documentLoads() {
      return documentLoads;
    },
    lastFilter: () =>
      watch.operations.filter((op) => op.operationName === 'CatalogImages').at(-1)?.variables.filter ?? null,
    subscriptions: () =>
      watch.socketMessages
        .filter((message) => message.type === 'subscribe')
        .map((message) => message.payload?.operationName as string),
  };
  context.on('request', (request) => {
    watch.requests.push(request.url());
    if (request.resourceType() === 'document') documentLoads += 1;
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/graphql') {
      const body = JSON.parse(request.postData() ?? '{}');
      watch.operations.push({
        operationName: body.operationName,
        variables: body.variables ?? {},
        headers: request.headers(),
      });
    }
  });
  context.on('requestfailed', (request) => {
    // A reload aborts what the page had in flight; that is not a failure of the page.
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
    watch.problems.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`);
  });
  context.on('response', (response) => {
    if (response.status() >= 400) watch.problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  context.on('weberror', (error) => watch.problems.push(`uncaught: ${error.error().message}`));
  context.on('console', (message) => {
    if (message.type() === 'error') watch.problems.push(`console error: ${message.text()}`);
  });
  context.on('page', (page) => attachSockets(page, watch));
  for (const page of context.pages()) attachSockets(page, watch);
  return watch;
}

function attachSockets(page: Page, watch: PageWatch): void {
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      try {
        watch.socketMessages.push(JSON.parse(String(payload)));
      } catch {
        // not JSON: not graphql-ws
      }
    });
  });
}

/** The sockets the server upgraded (its WebSockets) from now on, to cut them in a test. */
export function trackUpgrades(server: http.Server): Set<Duplex> {
  const sockets = new Set<Duplex>();
  server.on('upgrade', (_request: http.IncomingMessage, socket: Duplex) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return sockets;
}
