import { chmodSync, closeSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * DATA_DIR holds the keys and, with SQLite, the database: only the server's own user may read it.
 * Creates it with mode 0700 and narrows what is there already (files 0600), e.g. from older
 * versions, which left the database readable by everyone on the machine.
 */
export function preparePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile()) chmodSync(path.join(dir, entry.name), 0o600);
  }
}

/** Creates `file` empty with mode 0600 unless it exists; either way it ends up 0600. */
export function createPrivateFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}
