import { DOC_LAYOUT, isFinalCloseCode, jitteredBackoff } from '@qe/shared';
import { useEffect, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'refused';

export interface BoardConnection {
  doc: Y.Doc;
  provider: WebsocketProvider;
  state: ConnectionState;
  /** the first full sync with the server has happened */
  synced: boolean;
  /** local changes made while not connected, sent on reconnect */
  unsyncedChanges: boolean;
  /** close code when the server refused the connection for good */
  refusedCode?: number;
}

function syncServerUrl(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${protocol}://${window.location.host}/sync`;
}

/** One Y.Doc per board, synced through the stock y-websocket provider. */
export function useBoardConnection(boardId: string, token: string): BoardConnection | undefined {
  const [connection, setConnection] = useState<BoardConnection>();

  useEffect(() => {
    const doc = new Y.Doc();
    // create the shared types up front so every client agrees on their kind
    doc.getArray(DOC_LAYOUT.canvasRecords);
    doc.getMap(DOC_LAYOUT.canvasMeta);
    doc.getXmlFragment(DOC_LAYOUT.notes);
    const provider = new WebsocketProvider(syncServerUrl(), boardId, doc, { params: { token }, disableBc: true });

    let current: BoardConnection = { doc, provider, state: 'connecting', synced: false, unsyncedChanges: false };
    const update = (patch: Partial<BoardConnection>) => {
      current = { ...current, ...patch };
      setConnection(current);
    };
    update({});

    const stateFor = (status: string): ConnectionState => {
      if (status === 'connected') return 'connected';
      if (!navigator.onLine) return 'offline';
      return current.synced ? 'reconnecting' : 'connecting';
    };
    provider.on('status', ({ status }) => {
      if (current.state !== 'refused') update({ state: stateFor(status) });
    });
    provider.on('sync', (synced: boolean) => {
      if (synced) update({ synced: true, unsyncedChanges: false });
    });
    let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
    provider.on('connection-close', (event) => {
      if (event && isFinalCloseCode(event.code)) {
        provider.disconnect();
        update({ state: 'refused', refusedCode: event.code });
        return;
      }
      if (!provider.shouldConnect) return;
      // replace the provider's fixed backoff by a jittered one
      provider.shouldConnect = false;
      clearTimeout(reconnectTimer);
      reconnectTimer = setTimeout(() => provider.connect(), jitteredBackoff(provider.wsUnsuccessfulReconnects));
    });
    const onLocalUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin !== provider && !provider.wsconnected && !current.unsyncedChanges) update({ unsyncedChanges: true });
    };
    doc.on('update', onLocalUpdate);
    const onNetworkChange = () => update({ state: stateFor(provider.wsconnected ? 'connected' : 'disconnected') });
    window.addEventListener('online', onNetworkChange);
    window.addEventListener('offline', onNetworkChange);

    return () => {
      clearTimeout(reconnectTimer);
      window.removeEventListener('online', onNetworkChange);
      window.removeEventListener('offline', onNetworkChange);
      doc.off('update', onLocalUpdate);
      provider.destroy();
      doc.destroy();
    };
  }, [boardId, token]);

  return connection;
}
