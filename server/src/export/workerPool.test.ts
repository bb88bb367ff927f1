import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { PoolError, WorkerPool, type WorkerPoolOptions } from './workerPool.js';

// a plain-JS worker: doubles numbers, and crashes, hangs or fails on request
const SCRIPT = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (job) => {
  if (job === 'crash') process.exit(3);
  if (job === 'hang') for (;;);
  if (job === 'fail') return parentPort.postMessage({ ok: false, error: 'boom' });
  parentPort.postMessage({ ok: true, result: job * 2 });
});`;

let pools: WorkerPool<unknown, number>[] = [];
const exited: number[] = [];
let spawned = 0;

function pool(options: Partial<WorkerPoolOptions> = {}) {
  const created = new WorkerPool<unknown, number>({
    size: 1,
    maxQueued: 10,
    timeoutMs: 5000,
    idleMs: 60_000,
    spawn: () => {
      spawned++;
      const worker = new Worker(SCRIPT, { eval: true });
      worker.on('exit', (code) => exited.push(code));
      return worker;
    },
    ...options,
  });
  pools.push(created);
  return created;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: PoolError) => [error.constructor.name, error.reason],
  );

afterEach(async () => {
  await Promise.all(pools.map((p) => p.close()));
  pools = [];
  spawned = 0;
  exited.length = 0;
});

describe('worker pool', () => {
  it('runs jobs on at most `size` workers and reuses them', async () => {
    const two = pool({ size: 2 });
    expect(await Promise.all([1, 2, 3, 4, 5].map((n) => two.run(n)))).toEqual([2, 4, 6, 8, 10]);
    expect(await two.run(6)).toBe(12);
    expect(spawned).toBe(2);
    expect(two.workers).toBe(2);
  });

  it('fails a job whose worker crashes or reports an error, and carries on with a new worker', async () => {
    const one = pool();
    expect(await failure(one.run('crash'))).toEqual(['PoolError', 'failed']);
    expect(await failure(one.run('fail'))).toEqual(['PoolError', 'failed']);
    expect(await one.run(21)).toBe(42);
    expect(spawned).toBe(2);
  });

  it('fails a job when no worker can be started', async () => {
    const broken = pool({
      spawn: () => {
        throw new Error('no threads left');
      },
    });
    expect(await failure(broken.run(1))).toEqual(['PoolError', 'failed']);
    expect(broken.workers).toBe(0);
  });

  // the timeout counts from handing the job over and includes a new worker's start, which takes
  // several hundred ms on a busy machine: the limits here leave room for that
  it('stops a job that runs too long', async () => {
    const one = pool({ timeoutMs: 1500 });
    expect(await failure(one.run('hang'))).toEqual(['PoolError', 'timeout']);
    expect(await one.run(1)).toBe(2);
  });

  it('refuses jobs beyond the queue at once', async () => {
    const one = pool({ maxQueued: 1, timeoutMs: 1500 });
    const hanging = failure(one.run('hang'));
    const queued = one.run(2);
    expect(await failure(one.run(3))).toEqual(['PoolError', 'busy']);
    expect(await hanging).toEqual(['PoolError', 'timeout']);
    expect(await queued).toBe(4);
  });

  it('ends every worker on close and fails running and waiting jobs', async () => {
    const two = pool({ size: 2 });
    await two.run(1);
    const running = failure(two.run('hang'));
    const alsoRunning = failure(two.run('hang'));
    const waiting = failure(two.run(5));
    await two.close();
    expect(await Promise.all([running, alsoRunning, waiting])).toEqual([
      ['PoolError', 'closed'],
      ['PoolError', 'closed'],
      ['PoolError', 'closed'],
    ]);
    expect(two.workers).toBe(0);
    expect(exited).toHaveLength(spawned);
    expect(await failure(two.run(1))).toEqual(['PoolError', 'closed']);
  });
});
