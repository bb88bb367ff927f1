/**
 * Key rotation, step 2: re-seals every stored blob (documents, update log, assets, Schutzliste,
 * board names, link labels, dismissal reasons, names in the audit log) with the current DATA_KEY;
 * plain values left from older versions are sealed too. Run it after setting the new key as
 * DATA_KEY and the old one in DATA_KEYS_PREVIOUS; afterwards the old key can be dropped. Safe to
 * run again; it skips what is sealed with the current key already. Usage: npm run rekey
 */
import { loadConfig } from '../config.js';
import { openStorage } from '../storage/openStorage.js';

const config = loadConfig();
const storage = await openStorage(config);
try {
  const count = await storage.rekey();
  console.log(`re-sealed ${count} stored blobs with the current data key`);
} catch (error) {
  console.error(`rekey: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await storage.close();
}
