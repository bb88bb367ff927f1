import type { Worker } from 'node:worker_threads';

/** What a pool worker posts back for each job. */
export type WorkerAnswer<R> = { ok: true; result: R } | { ok: false; error: string };

export type PoolFailure = 'busy' | 'timeout' | 'failed' | 'closed';

/** A job the pool could not finish. The message is for the server log only: it may quote job data. */
export class PoolError extends Error {
  constructor(
    readonly reason: PoolFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface WorkerPoolOptions {
  spawn: () => Worker;
  /** workers running at once */
  size: number;
  /** jobs waiting for a worker; more are refused at once ('busy') */
  maxQueued: number;
  /** a longer job is stopped: its worker is terminated */
  timeoutMs: number;
  /** an idle worker ends after this long, giving its memory back */
  idleMs: number;
}

interface Task<J, R> {
  job: J;
  resolve(result: R): void;
  reject(error: PoolError): void;
}

/**
 * A few worker threads for CPU-heavy jobs, one job per worker at a time, so the event loop stays
 * free. A job that throws, crashes its worker or runs too long fails with a PoolError; a lost
 * worker is replaced when the next job comes.
 */
export class WorkerPool<J, R> {
  private readonly busy = new Map<Worker, { task: Task<J, R>; timer: NodeJS.Timeout }>();
  private readonly idle = new Map<Worker, NodeJS.Timeout>();
  private readonly queue: Task<J, R>[] = [];
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {}

  run(job: J): Promise<R> {
    if (this.closed) return Promise.reject(new PoolError('closed', 'the server is stopping'));
    const free = this.idle.size > 0 || this.workers < this.options.size;
    if (!free && this.queue.length >= this.options.maxQueued) {
      return Promise.reject(new PoolError('busy', `${this.queue.length} jobs are already waiting`));
    }
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.pump();
    });
  }

  /** Ends every worker; running and waiting jobs fail with 'closed'. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new PoolError('closed', 'the server is stopping'));
    const workers = [...this.busy.keys(), ...this.idle.keys()];
    for (const worker of workers) this.lose(worker, 'closed', 'the server is stopping');
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  get workers(): number {
    return this.busy.size + this.idle.size;
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      let worker = this.takeIdle();
      if (!worker && this.workers >= this.options.size) return;
      const task = this.queue.shift()!;
      try {
        worker ??= this.spawn();
      } catch (error) {
        task.reject(new PoolError('failed', `could not start a worker: ${(error as Error).message}`));
        continue;
      }
      this.start(worker, task);
    }
  }

  private takeIdle(): Worker | undefined {
    const first = this.idle.entries().next();
    if (first.done) return undefined;
    const [worker, timer] = first.value;
    clearTimeout(timer);
    this.idle.delete(worker);
    return worker;
  }

  private spawn(): Worker {
    const worker = this.options.spawn();
    // an idle pool must not keep the process alive
    worker.unref();
    worker.on('message', (answer: WorkerAnswer<R>) => this.settle(worker, answer));
    worker.on('error', (error) => this.lose(worker, 'failed', `worker error: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => this.lose(worker, 'failed', `worker exited with code ${code}`));
    return worker;
  }

  private start(worker: Worker, task: Task<J, R>): void {
    const { timeoutMs } = this.options;
    const timer = setTimeout(() => this.lose(worker, 'timeout', `stopped after ${Math.round(timeoutMs / 1000)} s`), timeoutMs);
    this.busy.set(worker, { task, timer });
    worker.postMessage(task.job);
  }

  private settle(worker: Worker, answer: WorkerAnswer<R>): void {
    const running = this.busy.get(worker);
    if (!running) return;
    clearTimeout(running.timer);
    this.busy.delete(worker);
    if (answer.ok) running.task.resolve(answer.result);
    else running.task.reject(new PoolError('failed', answer.error));
    this.idle.set(worker, setTimeout(() => this.lose(worker, 'closed', 'idle'), this.options.idleMs).unref());
    this.pump();
  }

  /** Forgets a worker (crashed, timed out, idle or closing), fails its job and ends it. */
  private lose(worker: Worker, reason: PoolFailure, detail: string): void {
    const running = this.busy.get(worker);
    const idleTimer = this.idle.get(worker);
    if (!running && !idleTimer) return;
    this.busy.delete(worker);
    this.idle.delete(worker);
    clearTimeout(idleTimer);
    if (running) {
      clearTimeout(running.timer);
      running.task.reject(new PoolError(reason, detail));
    }
    void worker.terminate();
    this.pump();
  }
}
