import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/fixtures/test-app.ts';

let t: TestApp;
beforeEach(async () => { t = await createTestApp(); });
afterEach(() => t.cleanup());

describe('the app', () => {
  it('answers health', async () => {
    expect((await t.request('GET', '/api/v1/health')).json).toEqual({ ok: true });
  });

  it('answers unknown routes with the 404 envelope and a request id', async () => {
    const res = await t.request('GET', '/api/v1/nope');
    expect(res.status).toBe(404);
    expect(res.json.error).toEqual({ code: 'not_found', message: expect.any(String), requestId: expect.any(String) });
    expect(res.headers.get('x-request-id')).toBe(res.json.error.requestId);
  });

  it('allows CORS only from origins a firm allows, or its own', async () => {
    const preflight = (origin: string) =>
      t.app.request('/api/v1/portal/tasks', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
    const allowed = await preflight('https://demo-firm.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://demo-firm.example');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    expect((await preflight('http://portico.test')).headers.get('access-control-allow-origin')).toBe('http://portico.test');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('describes its API in OpenAPI, including the contract endpoints', async () => {
    const res = await t.request('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json.openapi).toMatch(/^3\./);
    for (const path of ['/api/v1/auth/link', '/api/v1/auth/session', '/api/v1/portal/tasks', '/api/v1/portal/tasks/{id}', '/api/v1/firm/tasks', '/api/v1/firm/clients']) {
      expect(Object.keys(res.json.paths), path).toContain(path);
    }
    const body = res.json.paths['/api/v1/firm/tasks'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['clientId', 'title']));
    expect(Object.keys(res.json.paths).some((p) => p.startsWith('/dev') || p.startsWith('/api/v1/jobs'))).toBe(false);
    const list = res.json.paths['/api/v1/portal/tasks'].get;
    expect(list.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(list.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404']));
    expect(list.responses['404'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    expect(res.json.components.schemas.Error.required).toEqual(['error']);
    expect(res.json.paths['/api/v1/auth/link'].post.responses['429']).toBeDefined();
    const docs = await t.app.request('/api/docs');
    expect(await docs.text()).toContain('/api/openapi.json');
  });

  it('hides internals of unexpected errors behind a generic 500', async () => {
    t.db.$client.close();
    const res = await t.request('GET', '/api/v1/public/firms/demo');
    expect(res.status).toBe(500);
    expect(res.json.error.code).toBe('internal');
    expect(res.json.error.message).not.toMatch(/sql|libsql|closed/i);
  });

  it('shows a firm\'s public branding and 404s an unknown one', async () => {
    const res = await t.request('GET', '/api/v1/public/firms/demo');
    expect(res.json).toEqual({ slug: 'demo', name: 'Demo & Partners Accounting', locale: 'en', branding: { primaryColor: '#1f4d7a' }, showWorkList: true, requestsEnabled: true, portalActive: true, description: '', welcomeVideoUrl: null });
    expect((await t.request('GET', '/api/v1/public/firms/nobody')).status).toBe(404);
  });
});

describe('headers', () => {
  it('marks API answers uncacheable and unsniffable, errors too; only public branding may be cached', async () => {
    for (const path of ['/api/v1/health', '/api/v1/portal/tasks', '/api/v1/nope']) {
      const res = await t.app.request(path);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
    expect((await t.app.request('/api/v1/public/firms/demo')).headers.get('cache-control')).toBe('public, max-age=60');
  });

  it('answers CORS on the real request too, and varies by origin', async () => {
    const res = await t.app.request('/api/v1/health', { headers: { origin: 'https://demo-firm.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://demo-firm.example');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/X-Request-Id/);
    expect(res.headers.get('vary')).toMatch(/(^|, )Origin(,|$)/);
    const other = await t.app.request('/api/v1/health', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.status).toBe(200);
  });
});

describe('rate limits behind a proxy', () => {
  const linkFrom = (app: TestApp, forwardedFor: string, email: string) =>
    app.app.request('/api/v1/auth/link', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
      body: JSON.stringify({ firm: 'demo', email }),
    });

  it('count per connection unless TRUST_PROXY=1, then per forwarded address', async () => {
    // 4 x 5 = 20 requests per address per 15 minutes; spread over addresses of unknown people.
    for (let i = 0; i < 20; i++) expect((await linkFrom(t, `198.51.100.${i}`, `nobody${i}@demo.test`)).status).toBe(202);
    expect((await linkFrom(t, '198.51.100.99', 'nobody99@demo.test')).status).toBe(429);

    const trusting = await createTestApp({ TRUST_PROXY: '1' });
    try {
      for (let i = 0; i < 20; i++) expect((await linkFrom(trusting, `198.51.100.${i}`, `nobody${i}@demo.test`)).status).toBe(202);
      for (let i = 0; i < 19; i++) await linkFrom(trusting, '198.51.100.7', `someone${i}@demo.test`);
      expect((await linkFrom(trusting, '198.51.100.7', 'last@demo.test')).status).toBe(429);
      // What the caller writes in front of the proxy's entry changes nothing.
      expect((await linkFrom(trusting, '10.9.9.9, 198.51.100.7', 'spoof@demo.test')).status).toBe(429);
      expect((await linkFrom(trusting, '198.51.100.7, 198.51.100.200', 'other@demo.test')).status).toBe(202);
    } finally {
      trusting.cleanup();
    }
  });
});

describe('request bodies', () => {
  it('over 64 KB are refused with 413 before anything is written', async () => {
    const before = await t.count('jobs');
    const res = await t.request('POST', '/api/v1/auth/link', { body: JSON.stringify({ firm: 'demo', email: 'client@demo.test', pad: 'x'.repeat(70_000) }) });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('payload_too_large');
    expect(await t.count('jobs')).toBe(before);
  });
});
