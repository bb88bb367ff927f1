import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/** Top-level message types of the y-websocket protocol. */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** A parsed client message; `update` carries document changes, which read-only clients may not send. */
export type ClientMessage =
  | { type: 'syncStep1'; stateVector: Uint8Array }
  | { type: 'update'; update: Uint8Array; decoded: DecodedUpdate }
  | AwarenessMessage
  | { type: 'queryAwareness' };

/** An update as Y.decodeUpdate reads it: read once, when the message is parsed (see updateChanges). */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/**
 * An awareness message. Most of them are the stock client's echoes of states the server sent it
 * (see flowControl), which change nothing; `heads` tells them apart without parsing their JSON,
 * and `entries` parses the states at first use (all of them, or a MalformedMessageError).
 */
export interface AwarenessMessage {
  type: 'awareness';
  heads: AwarenessHead[];
  readonly entries: AwarenessEntry[];
}

/** Who an awareness entry is for and its clock; `removal` when its state is null. */
export interface AwarenessHead {
  client: number;
  clock: number;
  removal: boolean;
}

export class MalformedMessageError extends Error {}

/** One client's state in an awareness update, read completely (the JSON state parsed). */
export interface AwarenessEntry {
  client: number;
  clock: number;
  state: unknown;
  /** length of the state's JSON as sent, in bytes */
  bytes: number;
}

/** as lib0's readVarString: invalid UTF-8 is an error, a BOM is kept */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Parses one binary message. Sync step 2 and update both carry a Yjs update and are
 * treated alike. Throws MalformedMessageError for anything that is not valid protocol.
 */
export function parseClientMessage(data: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(data);
    const messageType = decoding.readVarUint(decoder);
    let message: ClientMessage;
    switch (messageType) {
      case MESSAGE_SYNC: {
        const syncType = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (syncType === syncProtocol.messageYjsSyncStep1) {
          Y.decodeStateVector(payload); // throws on an unreadable state vector
          message = { type: 'syncStep1', stateVector: payload };
        } else if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
          // throws on a structurally broken update; the guard reads what it decoded
          message = { type: 'update', update: payload, decoded: Y.decodeUpdate(payload) };
        } else {
          throw new MalformedMessageError(`unknown sync message type ${syncType}`);
        }
        break;
      }
      case MESSAGE_AWARENESS: {
        message = awarenessMessage(decoding.readVarUint8Array(decoder));
        break;
      }
      case MESSAGE_QUERY_AWARENESS:
        message = { type: 'queryAwareness' };
        break;
      default:
        throw new MalformedMessageError(`unknown message type ${messageType}`);
    }
    if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes after message');
    return message;
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    throw new MalformedMessageError(`unreadable message: ${(error as Error).message}`);
  }
}

/** Reads the ids and clocks of an awareness update (and checks its framing); the states are read on demand. */
function awarenessMessage(update: Uint8Array): AwarenessMessage {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const heads: AwarenessHead[] = [];
  for (let i = 0; i < count; i++) {
    const client = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarUint8Array(decoder);
    heads.push({ client, clock, removal: isNullJson(json) });
  }
  if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes after awareness update');
  let entries: AwarenessEntry[] | undefined;
  return {
    type: 'awareness',
    heads,
    get entries() {
      try {
        entries ??= readAwarenessEntries(update);
      } catch (error) {
        if (error instanceof MalformedMessageError) throw error;
        throw new MalformedMessageError(`unreadable message: ${(error as Error).message}`);
      }
      return entries;
    },
  };
}

/** `null` as JSON: the state of a client that left */
const isNullJson = (json: Uint8Array) => json.length === 4 && json[0] === 0x6e && json[1] === 0x75 && json[2] === 0x6c && json[3] === 0x6c;

/**
 * Reads an awareness update completely (ids, clocks, JSON states). y-protocols applies the
 * entries one by one while reading; one unreadable entry after valid ones would leave states
 * behind that no one tracks, so the whole update is read first and applied as entries.
 */
function readAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const client = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarUint8Array(decoder); // what readVarString reads, with its length
    entries.push({ client, clock, state: JSON.parse(utf8.decode(json)), bytes: json.byteLength });
  }
  if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes after awareness update');
  return entries;
}

/** The entries as an awareness update again (y-protocols' format). */
export function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { client, clock, state } of entries) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}
