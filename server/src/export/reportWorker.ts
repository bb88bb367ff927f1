/** Worker thread entry: runs report jobs, one at a time, for the pool in ./reportPool.ts. */
import { readlinkSync } from 'node:fs';
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { createScanner } from '@qe/shared';
import { runReportJob, type ReportJob, type ReportJobResult } from './reportJob.js';
import type { WorkerAnswer } from './workerPool.js';

if (!parentPort) throw new Error('reportWorker.ts runs as a worker thread only');
const port = parentPort;

/**
 * Linux: lowers this thread's CPU priority by 10 nice steps (the id from /proc/thread-self names
 * the thread, not the process), so when cores are short the event loop gets the CPU first.
 */
function lowerPriority(): void {
  try {
    const thread = Number(readlinkSync('/proc/thread-self').split('/').pop());
    os.setPriority(thread, Math.min(19, os.getPriority(thread) + 10));
  } catch {
    // no /proc/thread-self (macOS, Windows): the worker keeps the normal priority
  }
}

const answer = (message: WorkerAnswer<ReportJobResult>) => port.postMessage(message);

lowerPriority();
// the name gazetteer is split into sets and the rules compiled (and made fast by use) on first use:
// pay that here, at start, not in the first pre-flight someone waits for (about 50 ms)
const warmUp = createScanner({ protectedTerms: ['Bergmann', 'Schulze-Brandt'], aliases: ['Mutter Frau K.'] });
for (let i = 0; i < 300; i++) {
  warmUp(`Hausbesuch Nr. ${i}: Mutter Frau K. und Herr Dennis Wagner, geb. 07.07.1988, Lindenstraße 14a, Tel. 0201 1234567, a@b.de.`);
}
port.on('message', (job: ReportJob) => {
  runReportJob(job).then(
    (result) => answer({ ok: true, result }),
    (error: unknown) => answer({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
