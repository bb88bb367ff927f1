import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * How long one sync to disk takes where the bench's servers keep their data (the system's temp
 * folder): the floor under our fan-out latency, since every accepted update is on disk before it
 * is sent, which the reference servers do not do. Median and 99th percentile of `rounds`
 * appends of 200 bytes, each followed by fdatasync, in milliseconds.
 */
export function diskSyncMs(rounds = 200): { p50: number; p99: number } {
  const dir = mkdtempSync(path.join(tmpdir(), 'qe-bench-sync-'));
  const fd = openSync(path.join(dir, 'probe'), 'w');
  const times: number[] = [];
  const block = Buffer.alloc(200, 1);
  try {
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      writeSync(fd, block);
      fdatasyncSync(fd);
      times.push(performance.now() - started);
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]! * 100) / 100;
  return { p50: at(0.5), p99: at(0.99) };
}
