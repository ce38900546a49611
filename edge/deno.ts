// Typed here so the Node type-check needs no Deno typings.
declare const Deno: {
  env: { toObject(): Record<string, string> };
  build: { os: string };
  mkdirSync(path: string, options: { recursive: boolean }): void;
  addSignalListener(signal: 'SIGINT' | 'SIGTERM', handler: () => void): void;
  exit(code: number): never;
  serve(
    options: { port: number; onListen?: (addr: { port: number }) => void },
    handler: (request: Request, info: unknown) => Response | Promise<Response>,
  ): { shutdown(): Promise<void> };
};
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getConnInfo, serveStatic } from 'hono/deno';
import { startPortico } from './server.ts';

const env = Deno.env.toObject();
// As in node.ts: libSQL does not create the folder of an embedded file (the default is ./data/portico.db).
const databaseUrl = env.DATABASE_URL ?? 'file:./data/portico.db';
if (databaseUrl.startsWith('file:')) Deno.mkdirSync(dirname(databaseUrl.slice('file:'.length)), { recursive: true });

const portico = await startPortico(env, {
  serveStatic: serveStatic as never,
  // fileURLToPath, not URL.pathname: the latter keeps %20 and friends, so a checkout under a path with spaces served nothing.
  distRoot: fileURLToPath(new URL('../dist', import.meta.url)),
  clientAddress: (c) => getConnInfo(c).remote.address,
});
// Deno.serve has no header, request or idle timeouts to set (config.timeouts is Node's): see the README.
const server = Deno.serve({ port: portico.config.port, onListen: ({ port }) => console.log(`Portico (Deno) listening on ${portico.config.publicUrl} (port ${port})`) }, portico.app.fetch);

// As in node.ts: stop the job loop and close the database before exiting. Windows delivers only SIGINT to Deno.
for (const signal of Deno.build.os === 'windows' ? (['SIGINT'] as const) : (['SIGINT', 'SIGTERM'] as const)) {
  Deno.addSignalListener(signal, () => {
    void server.shutdown();
    void portico.close().finally(() => Deno.exit(0));
  });
}
