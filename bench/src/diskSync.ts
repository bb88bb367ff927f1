import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface DiskSync {
  min: number;
  p50: number;
  p99: number;
}

/**
 * How long one sync to disk takes where the bench's servers keep their data (the system's temp
 * folder): the floor under our fan-out latency, since every accepted update is on disk before it
 * is sent, which the reference servers do not do. Writes of 200 bytes, each followed by
 * fdatasync, in milliseconds.
 *
 * Back to back (`gapMs` 0), the syncs append to the file, as a busy board's writes follow one
 * another. Spaced (`gapMs` > 0), each one waits that long first and overwrites a block already on
 * disk (no file growth to record, the cheapest durable write there is): that is how a fan-out
 * scenario's updates arrive (20 per second), and a disk is slower to sync after an idle moment.
 */
export async function diskSyncMs(rounds = 200, gapMs = 0): Promise<DiskSync> {
  const dir = mkdtempSync(path.join(tmpdir(), 'qe-bench-sync-'));
  const fd = openSync(path.join(dir, 'probe'), 'w');
  const times: number[] = [];
  const block = Buffer.alloc(200, 1);
  try {
    writeSync(fd, block, 0, block.length, 0);
    fdatasyncSync(fd);
    for (let i = 0; i < rounds; i++) {
      if (gapMs > 0) await sleep(gapMs);
      const started = performance.now();
      if (gapMs > 0) writeSync(fd, block, 0, block.length, 0);
      else writeSync(fd, block);
      fdatasyncSync(fd);
      times.push(performance.now() - started);
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]! * 100) / 100;
  return { min: at(0), p50: at(0.5), p99: at(0.99) };
}
