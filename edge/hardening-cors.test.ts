import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/fixtures/test-app.ts';

/** Firm A is `demo` (its own site https://demo-firm.example), firm B is `acme` (https://acme-firm.example). */
const A = 'https://demo-firm.example';
const B = 'https://acme-firm.example';
const OWN = 'http://portico.test';

let t: TestApp;
let contactA: string;
let contactB: string;
let staffA: string;
beforeEach(async () => {
  t = await createTestApp();
  // Before any request with an Origin: the app reads the firms' origins when it first needs them.
  await t.db.$client.execute({ sql: "update firms set allowed_origins = ? where slug = 'acme'", args: [JSON.stringify([B])] });
  contactA = (await t.signIn('demo', 'client@demo.test')).token;
  contactB = (await t.signIn('acme', 'client@acme.test')).token;
  staffA = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
});
afterEach(() => t.cleanup());

const acao = async (path: string, origin: string, init: { method?: string; token?: string; body?: unknown } = {}) => {
  const headers: Record<string, string> = { origin };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await t.app.request(path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  expect(res.headers.get('vary') ?? '', path).toMatch(/\bOrigin\b/);
  return { status: res.status, allowed: res.headers.get('access-control-allow-origin') };
};
const preflight = async (path: string, origin: string, method = 'GET') => {
  const res = await t.app.request(path, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization, content-type' },
  });
  return res.headers.get('access-control-allow-origin');
};

describe('CORS, per firm', () => {
  it("lets firm A's origin read A's public firm info, and not B's", async () => {
    expect(await acao('/api/v1/public/firms/demo', A)).toEqual({ status: 200, allowed: A });
    expect(await acao('/api/v1/public/firms/acme', A)).toEqual({ status: 200, allowed: null });
    expect(await acao('/api/v1/public/firms/acme', B)).toEqual({ status: 200, allowed: B });
    expect(await preflight('/api/v1/public/firms/demo', A)).toBe(A);
    expect(await preflight('/api/v1/public/firms/acme', A)).toBeNull();
  });

  it("lets firm A's origin read the portal of A's contacts only (the firm from the session)", async () => {
    expect(await acao('/api/v1/portal/tasks', A, { token: contactA })).toEqual({ status: 200, allowed: A });
    expect(await acao('/api/v1/portal/tasks', A, { token: contactB })).toEqual({ status: 200, allowed: null });
    expect(await acao('/api/v1/portal/tasks', B, { token: contactB })).toEqual({ status: 200, allowed: B });
    expect(await acao('/api/v1/auth/session', A, { token: contactB })).toEqual({ status: 200, allowed: null });
    expect(await acao('/api/v1/auth/session', A, { token: contactA })).toEqual({ status: 200, allowed: A });
  });

  it('answers a portal preflight (no session yet) for any firm\'s origin, and no other', async () => {
    expect(await preflight('/api/v1/portal/tasks', A)).toBe(A);
    expect(await preflight('/api/v1/portal/tasks', B)).toBe(B);
    expect(await preflight('/api/v1/portal/tasks', 'https://evil.example')).toBeNull();
  });

  it("lets a firm's origin read sign-in answers for its own firm only (the firm from the body or the link)", async () => {
    expect(await acao('/api/v1/auth/link', A, { method: 'POST', body: { firm: 'demo', email: 'client@demo.test' } })).toEqual({ status: 202, allowed: A });
    expect(await acao('/api/v1/auth/link', A, { method: 'POST', body: { firm: 'acme', email: 'client@acme.test' } })).toEqual({ status: 202, allowed: null });
    // A refused address is readable too, so the widget can say what is wrong.
    expect(await acao('/api/v1/auth/link', A, { method: 'POST', body: { firm: 'demo', email: 'nope' } })).toEqual({ status: 400, allowed: A });
    const tokenB = await t.linkTokenFor('acme', 'client@acme.test');
    expect(await acao('/api/v1/auth/link/inspect', A, { method: 'POST', body: { token: tokenB } })).toEqual({ status: 200, allowed: null });
    expect(await acao('/api/v1/auth/link/inspect', B, { method: 'POST', body: { token: tokenB } })).toEqual({ status: 200, allowed: B });
    expect(await acao('/api/v1/auth/session', A, { method: 'POST', body: { token: tokenB } })).toEqual({ status: 200, allowed: null });
    // An answer that belongs to no firm (a dead link, no session) is readable by any firm's page, so it can say so.
    expect(await acao('/api/v1/auth/link/inspect', A, { method: 'POST', body: { token: 'x'.repeat(43) } })).toEqual({ status: 401, allowed: A });
    expect(await acao('/api/v1/portal/tasks', A)).toEqual({ status: 401, allowed: A });
    expect(await acao('/api/v1/portal/tasks', 'https://evil.example')).toEqual({ status: 401, allowed: null });
  });

  it('gives no firm origin anything on staff routes, preflight or not; the console is on its own origin', async () => {
    for (const path of ['/api/v1/firm/clients', '/api/v1/firm/tasks', '/api/v1/firm/settings', '/api/v1/firm/api-keys']) {
      for (const origin of [A, B]) {
        expect((await acao(path, origin, { token: staffA })).allowed, `${path} ${origin}`).toBeNull();
        expect(await preflight(path, origin, 'POST'), `${path} ${origin}`).toBeNull();
      }
      expect((await acao(path, OWN, { token: staffA })).allowed, path).toBe(OWN);
    }
    expect(await preflight('/api/v1/firm/settings', A, 'PATCH')).toBeNull();
  });

  it.each([
    'http://portico.test.evil.example',
    'http://portico.test:80@evil.example',
    'http://portico.test.',
    'http://portico.test:8080',
    'https://portico.test',
    'https://demo-firm.example.',
    'https://demo-firm.example:8443',
    'http://demo-firm.example',
    'https://demo-firm.example.evil.example',
    'https://evil-demo-firm.example',
    'null',
  ])('refuses the look-alike origin %s everywhere', async (origin) => {
    for (const path of ['/api/v1/health', '/api/v1/public/firms/demo', '/api/v1/portal/tasks', '/api/v1/firm/clients']) {
      expect(await preflight(path, origin), path).toBeNull();
    }
    expect((await acao('/api/v1/public/firms/demo', origin)).allowed).toBeNull();
    expect((await acao('/api/v1/portal/tasks', origin, { token: contactA })).allowed).toBeNull();
    expect((await acao('/api/v1/firm/clients', origin, { token: staffA })).allowed).toBeNull();
  });
});
