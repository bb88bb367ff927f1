import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The worker's code, plain JavaScript (it runs the same from the sources and from server/dist).
 * It drains every append waiting for it and writes them in one transaction: with several boards
 * busy at once, one sync to disk covers all of them.
 */
const WORKER_SOURCE = `
const { parentPort, receiveMessageOnPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
// as the main connection (sqlite.ts); WAL is a property of the file, set there
db.pragma('secure_delete = ON');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
let insertAll;
// prepared at the first append, so that a failure is that append's
const prepare = () => {
  const insert = db.prepare('INSERT INTO doc_updates (board_id, data) VALUES (?, ?)');
  return db.transaction((appends) => {
    for (const { boardId, data } of appends) insert.run(boardId, data);
  });
};
const bytes = (data) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);
parentPort.on('message', (first) => {
  const appends = [first];
  for (let next = receiveMessageOnPort(parentPort); next; next = receiveMessageOnPort(parentPort)) appends.push(next.message);
  try {
    insertAll ??= prepare();
    insertAll(appends.map(({ boardId, data }) => ({ boardId, data: bytes(data) })));
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
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();

  constructor(private readonly file: string) {
    // started at once, so its memory is not counted against the first board written to
    this.start();
  }

  append(boardId: string, sealed: Uint8Array): Promise<void> {
    const worker = this.start();
    const id = this.nextId++;
    // pending appends keep the process alive, an idle writer does not
    if (this.waiting.size === 0) worker.ref();
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, boardId, data: sealed });
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
        else waiting?.reject(new Error(`storing an update failed: ${error}`));
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
