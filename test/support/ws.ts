// A real GraphQL-over-WebSocket client for tests: graphql-ws's createClient on
// the `ws` package, pointed at a test gateway, and a recorder of everything
// one subscription receives.

import type { FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** The ws:// URL of a gateway's http://…/graphql. */
export function webSocketUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}

export interface TestWsClient {
  client: Client;
  /** Sockets this client opened (and had acknowledged). */
  connections: number;
  /** Close events of this client's sockets (code, reason). */
  closes: Array<{ code: number; reason: string }>;
  dispose(): Promise<void>;
}

/**
 * A client that connects on first use and then keeps its socket (until
 * disposed) however many operations come and go, never retries, and records
 * its connections and how its sockets closed.
 */
export function connectWs(httpUrl: string, connectionParams?: Record<string, unknown>): TestWsClient {
  const closes: TestWsClient['closes'] = [];
  const client = createClient({
    url: webSocketUrl(httpUrl),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    lazyCloseTimeout: 600_000,
    connectionParams,
    on: {
      connected: () => {
        recorded.connections += 1;
      },
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: unknown };
        closes.push({ code, reason: String(reason) });
      },
    },
  });
  const recorded: TestWsClient = { client, connections: 0, closes, dispose: () => Promise.resolve(client.dispose()) };
  return recorded;
}

/** How a subscription ended: completed by the server, or an error (an `error` message, or the socket closing). */
export type SubscriptionEnd = { kind: 'complete' } | { kind: 'error'; error: unknown };

export interface RecordedSubscription<T = any> {
  /** Every `next` payload, in order. */
  results: Array<FormattedExecutionResult<T, unknown>>;
  /** Settles when the subscription ends. */
  ended: Promise<SubscriptionEnd>;
  /** The first result (from now or earlier) that satisfies `match`; rejects if the subscription ends without one. */
  next(
    match?: (result: FormattedExecutionResult<T, unknown>) => boolean,
  ): Promise<FormattedExecutionResult<T, unknown>>;
  unsubscribe(): void;
}

/** Subscribes and records; `ended` never rejects. */
export function record<T = any>(
  client: Client,
  query: string,
  variables?: Record<string, unknown>,
): RecordedSubscription<T> {
  const results: Array<FormattedExecutionResult<T, unknown>> = [];
  const waiters: Array<() => void> = [];
  let end: SubscriptionEnd | undefined;
  let settle!: (end: SubscriptionEnd) => void;
  const ended = new Promise<SubscriptionEnd>((resolve) => (settle = resolve));
  const finish = (how: SubscriptionEnd) => {
    end ??= how;
    settle(end);
    for (const wake of waiters.splice(0)) wake();
  };
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        results.push(result);
        for (const wake of waiters.splice(0)) wake();
      },
      error: (error) => finish({ kind: 'error', error }),
      complete: () => finish({ kind: 'complete' }),
    },
  );
  return {
    results,
    ended,
    async next(match = () => true) {
      for (;;) {
        const hit = results.find(match);
        if (hit) return hit;
        if (end)
          throw new Error(`the subscription ended (${end.kind}) without a matching result: ${JSON.stringify(results)}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    unsubscribe,
  };
}
