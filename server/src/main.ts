import { loadConfig } from './config.js';
import { startServer } from './startServer.js';

const config = loadConfig();
const server = await startServer(config);
const shownHost = config.host === '0.0.0.0' ? 'localhost' : config.host;
console.log(`QE-Werkstatt läuft: http://${shownHost}:${server.port}  (Daten: ${config.dataDir})`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.stop().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
