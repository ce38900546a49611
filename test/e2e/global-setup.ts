import { createServer, type Server } from 'node:http';
import { readFile, rm } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

/**
 * A second origin for the cross-origin test: a tiny static server (the
 * "firm's own website") that serves the built portal page with `api` pointing
 * at the Portico server, and the built assets. Files are read per request, so
 * it may start before `npm start` has finished building `dist/web`.
 */
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
};

export default async function globalSetup(): Promise<() => Promise<void>> {
  const web = resolve(process.cwd(), 'dist/web');
  const api = process.env.PORTICO_E2E_API ?? 'http://localhost:8799';
  const port = Number(process.env.PORTICO_E2E_STATIC_PORT ?? 8798);

  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    try {
      if (path === '/' || path === '/portal' || path === '/portal.html') {
        const page = await readFile(join(web, 'portal.html'), 'utf8');
        res.writeHead(200, { 'content-type': types['.html']!, 'cache-control': 'no-store' });
        res.end(page.replace(/api=""/g, `api="${api}"`));
        return;
      }
      if (path === '/snippet') {
        // What a firm pastes into any page of its own site: the one-file embed from the Portico server.
        res.writeHead(200, { 'content-type': types['.html']!, 'cache-control': 'no-store' });
        res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Our clients</title>
<script type="module" src="${api}/embed/portico.js"></script></head>
<body><main><h1>Our clients</h1><client-portal api="${api}" firm="demo"><client-task-list></client-task-list></client-portal></main></body></html>`);
        return;
      }
      if (path === '/blank') {
        // An empty page of the firm's site, for tests that build their page in the browser (test/e2e/loader.e2e.ts).
        res.writeHead(200, { 'content-type': types['.html']!, 'cache-control': 'no-store' });
        res.end('<!doctype html><html><head><meta charset="utf-8"><title>Our clients</title></head><body><main></main></body></html>');
        return;
      }
      if (path.startsWith('/assets/')) {
        const file = normalize(join(web, decodeURIComponent(path)));
        if (!file.startsWith(web + sep)) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      res.writeHead(missing ? 404 : 500, { 'content-type': 'text/plain' }).end(missing ? 'Not found' : 'Error');
    }
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });

  return async () => {
    const closed = new Promise<void>((ok) => server.close(() => ok()));
    server.closeAllConnections();
    await closed;
    // The temporary database directory made by playwright.config.ts.
    const dir = process.env.PORTICO_E2E_DIR;
    if (dir && dir.includes('portico-e2e-')) await rm(dir, { recursive: true, force: true });
  };
}
