import { Worker } from 'node:worker_threads';
import type { ReportJob, ReportJobResult } from './reportJob.js';
import { WorkerPool } from './workerPool.js';

export interface ReportPoolOptions {
  /** workers running at once */
  workers: number;
  /** reports waiting for a worker before more are refused */
  maxQueued: number;
  timeoutMs: number;
  /** heap limit of one worker, so a runaway report cannot take the server's memory */
  maxHeapMb: number;
}

export type ReportPool = WorkerPool<ReportJob, ReportJobResult>;

/**
 * How a worker starts. Compiled (server/dist, `npm start`, the Docker image): this code runs as
 * JavaScript and the worker is ./reportWorker.js beside it. From the TypeScript sources (tsx:
 * `npm run dev`, the tests): a worker starts plain, so it registers tsx's loader before it imports
 * its entry; tsx is a development dependency and is only looked for then.
 */
function workerStart(): { script: string | URL; eval: boolean } {
  if (import.meta.url.endsWith('.js')) return { script: new URL('./reportWorker.js', import.meta.url), eval: false };
  const entry = new URL('./reportWorker.ts', import.meta.url).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  return {
    script: `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`,
    eval: true,
  };
}

/** Worker threads that build, check and render reports off the event loop. */
export function createReportPool({ workers, maxQueued, timeoutMs, maxHeapMb }: ReportPoolOptions): ReportPool {
  const start = workerStart();
  return new WorkerPool<ReportJob, ReportJobResult>({
    size: workers,
    maxQueued,
    timeoutMs,
    // a worker takes a second or two to start: keep it through the pauses of a workshop
    idleMs: 10 * 60_000,
    // execArgv: not the parent's flags (tsx's or vitest's own loaders), the same start everywhere
    spawn: () => new Worker(start.script, { eval: start.eval, execArgv: [], resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } }),
  });
}
