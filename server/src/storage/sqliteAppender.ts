import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Insertable } from 'kysely';
import type { Tables } from './schema.js';

/** An audit row as inserted (its name field sealed). */
export type AuditRow = Required<Omit<Insertable<Tables['audit_log']>, 'id' | 'actor_name'>> & { actor_name: Uint8Array };

/**
 * The worker's code, plain JavaScript (it runs the same from the sources and from server/dist).
 * It drains every append waiting for it (document updates and audit events, the two tables
 * written on every join and edit) and writes them in one transaction: with several boards busy at
 * once, one sync to disk covers all of them.
 */
const WORKER_SOURCE = `
const { parentPort, receiveMessageOnPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
// as the main connection (sqlite.ts); WAL is a property of the file, set there
db.pragma('secure_delete = ON');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
let writeAll;
// prepared at the first append, so that a failure is that append's
const prepare = () => {
  const insertUpdate = db.prepare('INSERT INTO doc_updates (board_id, data) VALUES (?, ?)');
  const insertAudit = db.prepare('INSERT INTO audit_log (at, actor, actor_name, action, board_id, detail) VALUES (?, ?, ?, ?, ?, ?)');
  return db.transaction((appends) => {
    for (const append of appends) {
      if (append.update) insertUpdate.run(append.update.boardId, bytes(append.update.data));
      for (const row of append.audit || []) insertAudit.run(row.at, row.actor, bytes(row.actor_name), row.action, row.board_id, row.detail);
    }
  });
};
const bytes = (data) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);
parentPort.on('message', (first) => {
  const appends = [first];
  for (let next = receiveMessageOnPort(parentPort); next; next = receiveMessageOnPort(parentPort)) appends.push(next.message);
  try {
    writeAll ??= prepare();
    writeAll(appends);
    parentPort.postMessage({ ids: appends.map((append) => append.id) });
  } catch (error) {
    // all or nothing: each caller learns its append failed
    parentPort.postMessage({ ids: appends.map((append) => append.id), error: String((error && error.message) || error) });
  }
});
`;

/**
 * Appends to the document log of a SQLite database from a worker thread, with a connection of its
 * own. SQLite writes synchronously: with `synchronous = FULL` every commit waits for the disk,
 * which on the main thread would stop the sync server for that long (a few hundred µs on a quiet
 * SSD, several ms on a busy machine) — every other board's messages included. Here the main thread
 * goes on while the disk syncs, and the appends that gather meanwhile are written together.
 * The update is durable when the promise resolves, as before; WAL mode lets the main connection
 * read meanwhile, and writes of both connections wait for each other (busy timeout).
 */
export class SqliteAppender {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void; what: string }>();

  constructor(private readonly file: string) {
    // started at once, so its memory is not counted against the first board written to
    this.start();
  }

  append(boardId: string, sealed: Uint8Array): Promise<void> {
    return this.send({ update: { boardId, data: sealed } }, 'storing an update');
  }

  /** Audit rows as the audit repository builds them (actor_name sealed); durable when the promise resolves. */
  appendAudit(rows: AuditRow[]): Promise<void> {
    return this.send({ audit: rows }, 'storing audit events');
  }

  private send(append: { update?: { boardId: string; data: Uint8Array }; audit?: AuditRow[] }, what: string): Promise<void> {
    const worker = this.start();
    const id = this.nextId++;
    // pending appends keep the process alive, an idle writer does not
    if (this.waiting.size === 0) worker.ref();
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, what });
      worker.postMessage({ id, ...append });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: this.file, driver }, execArgv: [] });
    worker.on('message', ({ ids, error }: { ids: number[]; error?: string }) => {
      for (const id of ids) {
        const waiting = this.waiting.get(id);
        this.waiting.delete(id);
        if (error === undefined) waiting?.resolve();
        else waiting?.reject(new Error(`${waiting.what} failed: ${error}`));
      }
      if (this.waiting.size === 0) worker.unref();
    });
    const failAll = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiting of this.waiting.values()) waiting.reject(error);
      this.waiting.clear();
    };
    worker.on('error', (error) => failAll(new Error(`the SQLite writer failed: ${error.message}`)));
    worker.on('exit', (code) => failAll(new Error(`the SQLite writer stopped (exit code ${code})`)));
    // an idle writer does not keep the process alive (see append)
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
