// Typed here so the Node type-check needs no Deno typings.
declare const Deno: {
  env: { toObject(): Record<string, string> };
  serve(options: { port: number; onListen?: (addr: { port: number }) => void }, handler: (request: Request, info: unknown) => Response | Promise<Response>): unknown;
};
import { getConnInfo, serveStatic } from 'hono/deno';
import { startPortico } from './server.ts';

const portico = await startPortico(Deno.env.toObject(), {
  serveStatic: serveStatic as never,
  webRoot: new URL('../dist/web', import.meta.url).pathname,
  clientAddress: (c) => getConnInfo(c).remote.address,
});
Deno.serve({ port: portico.config.port, onListen: ({ port }) => console.log(`Portico (Deno) listening on port ${port}`) }, portico.app.fetch);
