// The graphql-ws connection's state, for the page to say when live updates
// are down. The socket is opened at once (not lazily) and kept: a person
// should learn that the line is down before a save is watched, not after.

import { createClient, type Client as WsClient } from 'graphql-ws';

export type SocketState = 'connecting' | 'connected' | 'reconnecting' | 'refused';

export interface LiveSocket {
  client: WsClient;
  state: () => SocketState;
  /** For useSyncExternalStore. */
  subscribe: (listener: () => void) => () => void;
  dispose: () => void;
}

/** Close codes after which trying again cannot help: bad request, credentials refused, forbidden. */
const FINAL_CLOSE_CODES = new Set([4400, 4401, 4403]);

export function openLiveSocket(url: string, connectionParams: Record<string, string>): LiveSocket {
  let state: SocketState = 'connecting';
  let everConnected = false;
  const listeners = new Set<() => void>();
  const set = (next: SocketState) => {
    if (next === state) return;
    state = next;
    for (const listener of listeners) listener();
  };
  const client = createClient({
    url,
    lazy: false,
    connectionParams,
    retryAttempts: Number.POSITIVE_INFINITY,
    // Back off to 5 s at most: the page should be live again soon after the gateway is.
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** retries, 5_000))),
    shouldRetry: (event) => !(isCloseEvent(event) && FINAL_CLOSE_CODES.has(event.code)),
    on: {
      connected: () => {
        everConnected = true;
        set('connected');
      },
      closed: (event) => {
        if (isCloseEvent(event) && FINAL_CLOSE_CODES.has(event.code)) set('refused');
        else set(everConnected ? 'reconnecting' : 'connecting');
      },
    },
  });
  return {
    client,
    state: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: () => void client.dispose(),
  };
}

function isCloseEvent(event: unknown): event is { code: number } {
  return typeof event === 'object' && event !== null && typeof (event as { code?: unknown }).code === 'number';
}
