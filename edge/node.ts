import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { startPortico } from './server.ts';

const databaseUrl = process.env.DATABASE_URL ?? 'file:./data/portico.db';
if (databaseUrl.startsWith('file:')) mkdirSync(dirname(databaseUrl.slice('file:'.length)), { recursive: true });

const portico = await startPortico(process.env, {
  serveStatic,
  distRoot: fileURLToPath(new URL('../dist', import.meta.url)),
  clientAddress: (c) => getConnInfo(c).remote.address,
});
const { headersMs, requestMs, keepAliveMs } = portico.config.timeouts;
const server = serve({
  fetch: portico.app.fetch,
  port: portico.config.port,
  // Node enforces the first two only when it checks its connections, every 30 s by default: check often enough to matter.
  serverOptions: { headersTimeout: headersMs, requestTimeout: requestMs, keepAliveTimeout: keepAliveMs, connectionsCheckingInterval: Math.min(1_000, headersMs / 2) },
}, (info) => {
  console.log(`Portico listening on ${portico.config.publicUrl} (port ${info.port}); demo site at /, console at /console, mail at /dev/mail`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    void portico.close().finally(() => process.exit(0));
  });
}
