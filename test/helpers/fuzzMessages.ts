import * as Y from 'yjs';

/**
 * Seeded messages for fuzzing the sync endpoint: well-formed but odd y-websocket messages the
 * server must take without closing, and broken ones it must refuse (with 4400) without harm.
 */

/** sfc32: small, fast, seeded; the same seed gives the same messages. */
export function seededRandom(seed: number): () => number {
  let a = 0x9e3779b9,
    b = 0x243f6a88,
    c = 0xb7e15162,
    d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0; // prettier-ignore
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

export class Fuzz {
  constructor(readonly random: () => number) {}
  int(below: number): number {
    return Math.floor(this.random() * below);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  bytes(length: number): Uint8Array {
    return Uint8Array.from({ length }, () => this.int(256));
  }
  text(length: number): string {
    return Array.from({ length }, () => String.fromCharCode(32 + this.int(0x2fff))).join('');
  }
}

/** Minimal lib0-compatible writer (varuint, length-prefixed bytes and strings). */
export class Writer {
  private readonly parts: number[] = [];
  uint(value: number): this {
    while (value > 0x7f) {
      this.parts.push(0x80 | (value % 128));
      value = Math.floor(value / 128);
    }
    this.parts.push(value);
    return this;
  }
  bytes(data: Uint8Array): this {
    this.uint(data.length);
    for (const byte of data) this.parts.push(byte);
    return this;
  }
  raw(data: Uint8Array): this {
    for (const byte of data) this.parts.push(byte);
    return this;
  }
  string(value: string): this {
    return this.bytes(new TextEncoder().encode(value));
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export const syncUpdate = (update: Uint8Array) => new Writer().uint(0).uint(2).bytes(update).done();
export const syncStep1 = (stateVector: Uint8Array) => new Writer().uint(0).uint(0).bytes(stateVector).done();
export const queryAwareness = () => new Writer().uint(3).done();
export function awareness(entries: { client: number; clock: number; stateJson: string }[]): Uint8Array {
  const inner = new Writer().uint(entries.length);
  for (const { client, clock, stateJson } of entries) inner.uint(client).uint(clock).string(stateJson);
  return new Writer().uint(1).bytes(inner.done()).done();
}

/**
 * Updates of documents that have nothing to do with the board, each change a separate update:
 * sent in random order, some apply at once, some wait for predecessors (pending in Yjs).
 */
export function foreignUpdates(fuzz: Fuzz, docs: number, changesPerDoc: number): Uint8Array[] {
  const updates: Uint8Array[] = [];
  for (let d = 0; d < docs; d++) {
    const doc = new Y.Doc();
    doc.clientID = 1_000_000 + fuzz.int(1_000_000_000);
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const text = doc.getText('fuzzText');
    const map = doc.getMap('fuzzMap');
    const list = doc.getArray('fuzzList');
    for (let i = 0; i < changesPerDoc; i++) {
      const op = fuzz.int(4);
      if (op === 0) text.insert(fuzz.int(text.length + 1), fuzz.text(1 + fuzz.int(8)));
      else if (op === 1 && text.length > 2) text.delete(fuzz.int(text.length - 1), 1);
      else if (op === 2) map.set(`k${fuzz.int(20)}`, fuzz.random() < 0.5 ? fuzz.int(1e6) : { nested: fuzz.text(4) });
      else list.push([fuzz.text(3)]);
    }
    doc.destroy();
  }
  return updates;
}

/** One of several ways to break a valid message. */
export function mutate(fuzz: Fuzz, valid: Uint8Array): { kind: string; data: Uint8Array } {
  switch (fuzz.int(11)) {
    case 0: {
      const data = valid.slice();
      for (let i = 1 + fuzz.int(3); i > 0; i--) data[fuzz.int(data.length)]! ^= 1 << fuzz.int(8);
      return { kind: 'bit-flipped', data };
    }
    case 1:
      return { kind: 'truncated', data: valid.slice(0, fuzz.int(valid.length)) };
    case 2:
      return { kind: 'random bytes', data: fuzz.bytes(1 + fuzz.int(64)) };
    case 3:
      return { kind: 'empty', data: new Uint8Array() };
    case 4: // a payload that claims 2^32 (or more) bytes
      return {
        kind: 'huge length',
        data: new Writer()
          .uint(fuzz.int(2))
          .uint(2)
          .uint(2 ** 32 + fuzz.int(2 ** 20))
          .raw(fuzz.bytes(8))
          .done(),
      };
    case 5: // a varint that never ends, or overflows 2^53
      return { kind: 'bad varint', data: Uint8Array.from({ length: 2 + fuzz.int(16) }, () => 0x80 | fuzz.int(128)) };
    case 6:
      return {
        kind: 'unknown message type',
        data: new Writer()
          .uint(fuzz.pick([2, 4, 5, 100, 2 ** 20]))
          .raw(fuzz.bytes(fuzz.int(16)))
          .done(),
      };
    case 7:
      return {
        kind: 'unknown sync type',
        data: new Writer()
          .uint(0)
          .uint(3 + fuzz.int(100))
          .bytes(fuzz.bytes(fuzz.int(16)))
          .done(),
      };
    case 8: {
      const json = fuzz.pick(['{', '{"user":', 'undefined', '\u0000', "{'a':1}", '[1,2', fuzz.text(10)]);
      // after a valid entry: y-protocols would apply that one before failing on the next
      const valid = { client: 1 + fuzz.int(1e9), clock: 1, stateJson: '{"user":{"name":"x"}}' };
      return { kind: 'garbage awareness JSON', data: awareness([valid, { client: 1 + fuzz.int(1e9), clock: 1, stateJson: json }]) };
    }
    case 9:
      return {
        kind: 'trailing bytes',
        data: new Writer()
          .raw(valid)
          .raw(fuzz.bytes(1 + fuzz.int(8)))
          .done(),
      };
    default:
      return { kind: 'garbage update', data: syncUpdate(fuzz.bytes(1 + fuzz.int(200))) };
  }
}
