import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every file of a data directory as bytes (database, WAL, keys …): what a copy of it would hold. */
export function rawFiles(dir: string): { name: string; bytes: Buffer; mode: number }[] {
  return readdirSync(dir)
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => ({ name: path.basename(file), bytes: readFileSync(file), mode: statSync(file).mode & 0o777 }));
}

/** the names of the files in `dir` whose bytes contain `marker` (as UTF-8) */
export function filesContaining(dir: string, marker: string): string[] {
  return rawFiles(dir)
    .filter((file) => file.bytes.includes(Buffer.from(marker, 'utf8')))
    .map((file) => file.name);
}
