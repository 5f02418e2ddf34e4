// Live updates: a subscription per image whose status is still changing (its
// row updates through the normalized cache), and the line's state in words.

import { useSyncExternalStore } from 'react';
import { useSubscription } from 'urql';
import { CatalogWatchImageDocument } from './generated/graphql.js';
import type { LiveSocket, SocketState } from './live-socket.js';

/** Follows one image until its status settles (the gateway completes the subscription then). */
export function WatchImage({ id }: { id: string }) {
  useSubscription({ query: CatalogWatchImageDocument, variables: { id } });
  return null;
}

const SAYS: Record<SocketState, string> = {
  connecting: 'Connecting live updates…',
  connected: 'Live updates on',
  reconnecting: 'Live updates are down: reconnecting…',
  refused: 'Live updates were refused: sign in again',
};

/** Always in the page (a `status` region), so a screen reader hears when the line goes down and comes back. */
export function ConnectionStatus({ socket }: { socket: LiveSocket }) {
  const state = useSyncExternalStore(socket.subscribe, socket.state);
  return (
    <p role="status" className={`connection connection-${state}`}>
      {SAYS[state]}
    </p>
  );
}
