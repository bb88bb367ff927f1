/** Reference server: Hocuspocus 3 with its defaults (no auth, no persistence), in its own process. */
import { Server } from '@hocuspocus/server';

const server = new Server({ port: Number(process.env.PORT), address: '127.0.0.1', quiet: true });
await server.listen();
