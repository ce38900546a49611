import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { serveStatic } from '@hono/node-server/serve-static';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { oneByOne } from './ports/mailer.ts';
import { createTestApp, type TestApp } from '../test/fixtures/test-app.ts';

/** A stand-in for the build: the pages, a hashed asset and the embed with a lazily imported chunk, each big enough to compress. */
let distRoot: string;
const filler = (what: string) => `/* ${what} */\n${Array.from({ length: 200 }, (_, i) => `const v${i} = "${what} ${i}";`).join('\n')}\n`;
const files: Record<string, string> = {
  'web/index.html': `<!doctype html><title>Home</title>${'<p>Demo &amp; Partners</p>'.repeat(100)}`,
  'web/portal.html': `<!doctype html><title>Portal</title>${'<p>Portal</p>'.repeat(200)}`,
  'web/console.html': `<!doctype html><title>Console</title>${'<p>Console</p>'.repeat(200)}`,
  'web/hosted.html': `<!doctype html><title>Hosted</title>${'<p>Hosted</p>'.repeat(200)}`,
  'web/assets/portal-abc123.js': filler('asset'),
  'web/assets/portal-abc123.css': `${'.a{color:red}'.repeat(200)}`,
  'web/assets/logo-abc123.png': '\x89PNG not really',
  'embed/portico.js': filler('loader'),
  'embed/chunks/client-portal-x1.js': filler('chunk'),
};
beforeAll(() => {
  distRoot = mkdtempSync(join(tmpdir(), 'portico-dist-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(distRoot, path, '..'), { recursive: true });
    writeFileSync(join(distRoot, path), text);
  }
});
afterAll(() => rmSync(distRoot, { recursive: true, force: true }));

let t: TestApp;
let app: ReturnType<typeof createApp>;
beforeEach(async () => {
  t = await createTestApp();
  app = createApp({ db: t.db, config: t.config, clock: t.clock, mailer: oneByOne(async () => ({ providerId: 'x' })), scheduler: { wake: async () => {} }, blobs: t.deps.blobs, serveStatic, distRoot });
});
afterEach(() => t.cleanup());

const pages = ['/', '/portal', '/console', '/p/demo', '/api/docs'];
const assets = ['/assets/portal-abc123.js', '/assets/portal-abc123.css', '/assets/logo-abc123.png', '/embed/portico.js', '/embed/chunks/client-portal-x1.js', '/api/openapi.json', '/api/docs.js'];

describe('security headers', () => {
  it.each([...pages, ...assets])('%s carries the one header set, nosniff included', async (path) => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('lets firms\' pages load the embed and its chunks cross-origin, and only those', async () => {
    for (const path of ['/embed/portico.js', '/embed/chunks/client-portal-x1.js']) {
      const res = await app.request(path, { headers: { origin: 'https://www.demo-firm.example' } });
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
      expect(res.headers.get('cross-origin-resource-policy'), path).toBe('cross-origin');
    }
    for (const path of [...pages, '/assets/portal-abc123.js']) {
      expect((await app.request(path)).headers.get('cross-origin-resource-policy'), path).toBe('same-origin');
    }
  });

  it('serves the API reference without inline script, so its own CSP allows it to run', async () => {
    const html = await (await app.request('/api/docs')).text();
    expect(html).toContain('<script type="module" src="/api/docs.js"></script>');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const script = await app.request('/api/docs.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain("fetch('/api/openapi.json')");
  });
});

describe('compression', () => {
  const gzipped = async (path: string, headers: Record<string, string> = {}) => {
    const plain = await app.request(path, { headers });
    const plainBytes = Buffer.from(await plain.arrayBuffer());
    const res = await app.request(path, { headers: { ...headers, 'accept-encoding': 'gzip, deflate, br' } });
    return { plain, plainBytes, res, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  it.each(['/portal', '/', '/embed/portico.js', '/embed/chunks/client-portal-x1.js', '/assets/portal-abc123.css', '/api/openapi.json'])(
    'gzips %s for a caller that accepts it, to the same bytes',
    async (path) => {
      const { plain, plainBytes, res, bytes } = await gzipped(path);
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(res.headers.get('content-encoding')).toBe('gzip');
      expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
      expect(bytes.length).toBeLessThan(plainBytes.length);
      expect(gunzipSync(bytes).equals(plainBytes)).toBe(true);
    },
  );

  it('gzips a large JSON answer, to the same bytes', async () => {
    const { token } = await t.signIn('demo', 'client@demo.test');
    // The test app shares the database; sign in there, read here.
    const { plainBytes, res, bytes } = await gzipped('/api/v1/portal/tasks', { authorization: `Bearer ${token}` });
    expect(plainBytes.length).toBeGreaterThan(1024);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(bytes).equals(plainBytes)).toBe(true);
  });

  it('leaves tiny answers, already compressed types and callers that do not ask alone', async () => {
    for (const path of ['/api/v1/health', '/assets/logo-abc123.png']) {
      const res = await app.request(path, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-encoding'), path).toBeNull();
    }
    expect((await app.request('/portal', { headers: { 'accept-encoding': 'identity' } })).headers.get('content-encoding')).toBeNull();
  });
});
