import { DOC_LAYOUT, isFinalCloseCode, jitteredBackoff, SYNC_CLOSE } from '@qe/shared';
import { ApiError, getSyncTicket } from '../api';
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

/** The close code a refused ticket stands for: the server will not let this token in. */
function refusalCode(error: ApiError): number | undefined {
  if (error.status === 401) return SYNC_CLOSE.unauthorized;
  if (error.status === 404) return SYNC_CLOSE.boardNotFound;
  if (error.status === 403) return ['invite_revoked', 'invite_expired', 'removed'].includes(error.code) ? SYNC_CLOSE.accessRevoked : SYNC_CLOSE.forbidden;
  return undefined;
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
    // connected with a fresh sync ticket each time, so no token stands in a URL
    const provider = new WebsocketProvider(syncServerUrl(), boardId, doc, { connect: false, disableBc: true });

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
    let closed = false;
    const refuse = (code: number) => {
      provider.disconnect();
      update({ state: 'refused', refusedCode: code });
    };
    const connect = async () => {
      try {
        const { ticket } = await getSyncTicket(token, boardId);
        if (closed) return;
        provider.params = { ticket };
        provider.connect();
      } catch (error) {
        if (closed) return;
        const refusal = error instanceof ApiError ? refusalCode(error) : undefined;
        if (refusal !== undefined) refuse(refusal);
        else reconnectLater(++ticketFailures);
      }
    };
    let ticketFailures = 0;
    // the provider's own fixed backoff is replaced by a jittered one (many clients reconnect at once)
    const reconnectLater = (attempts: number) => {
      clearTimeout(reconnectTimer);
      reconnectTimer = setTimeout(() => void connect(), jitteredBackoff(attempts));
    };
    provider.on('connection-close', (event) => {
      if (event && isFinalCloseCode(event.code)) {
        refuse(event.code);
        return;
      }
      if (!provider.shouldConnect) return;
      provider.shouldConnect = false;
      reconnectLater(provider.wsUnsuccessfulReconnects);
    });
    provider.on('sync', (synced: boolean) => {
      if (synced) ticketFailures = 0;
    });
    void connect();
    const onLocalUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin !== provider && !provider.wsconnected && !current.unsyncedChanges) update({ unsyncedChanges: true });
    };
    doc.on('update', onLocalUpdate);
    const onNetworkChange = () => update({ state: stateFor(provider.wsconnected ? 'connected' : 'disconnected') });
    window.addEventListener('online', onNetworkChange);
    window.addEventListener('offline', onNetworkChange);

    return () => {
      closed = true;
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
