import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

let t: TestApp;
let owner: string;
let northwind: string;
beforeEach(async () => {
  t = await createTestApp();
  owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
  const clients = (await t.request('GET', '/api/v1/firm/clients', { token: owner })).json.items;
  northwind = clients.find((c: { name: string }) => c.name === 'Northwind Bakery OÜ').id;
});
afterEach(() => t.cleanup());

/** Rows in every table a refused request could have written to. */
const writes = async () => ({
  tasks: await t.count('tasks'),
  checklist: await t.count('checklist_items'),
  apiKeys: await t.count('api_keys'),
  activity: await t.count('activity'),
  jobs: await t.count('jobs'),
  firmName: (await t.db.$client.execute("select name, branding, portal_url from firms where slug = 'demo'")).rows[0],
});

const issuePaths = (json: { error: { issues?: { path: string }[] } }) => (json.error.issues ?? []).map((i) => i.path);

describe('control characters in text inputs', () => {
  const bad = ['\u0000', 'Receipts\u0000', 'a\u0001b', 'bell\u0007', 'esc\u001b[31m', 'del\u007f', 'vtab\u000bx', 'c1\u0085x'];
  const cases: [string, string, (s: string) => Record<string, unknown>, string][] = [
    ['POST', '/api/v1/firm/tasks', (s) => ({ clientId: northwind, title: s }), 'title'],
    ['POST', '/api/v1/firm/tasks', (s) => ({ clientId: northwind, title: 'Fine', description: s }), 'description'],
    ['POST', '/api/v1/firm/tasks', (s) => ({ clientId: northwind, title: 'Fine', checklist: ['ok', s] }), 'checklist.1'],
    ['POST', '/api/v1/firm/api-keys', (s) => ({ name: s }), 'name'],
    ['PATCH', '/api/v1/firm/settings', (s) => ({ name: s }), 'name'],
    ['PATCH', '/api/v1/firm/settings', (s) => ({ branding: { fontFamily: `Inter${s}` } }), 'branding.fontFamily'],
    ['PATCH', '/api/v1/firm/settings', (s) => ({ portalUrl: `https://www.demo-firm.example/${s}` }), 'portalUrl'],
    ['PATCH', '/api/v1/firm/settings', (s) => ({ branding: { logoUrl: `https://www.demo-firm.example/${s}.svg` } }), 'branding.logoUrl'],
  ];
  it.each(cases)('%s %s refuses them in %#: 400 naming the field, nothing written', async (method, path, body, field) => {
    const before = await writes();
    for (const s of bad) {
      const res = await t.request(method, path, { token: owner, body: body(s) });
      expect(res.status, JSON.stringify(s)).toBe(400);
      expect(res.json.error.code).toBe('validation_failed');
      expect(issuePaths(res.json), JSON.stringify(s)).toContain(field);
    }
    expect(await writes()).toEqual(before);
  });

  it('refuses them in a sign-in request (firm and email) and writes no job', async () => {
    const before = await t.count('jobs');
    for (const body of [{ firm: 'demo\u0000', email: 'client@demo.test' }, { firm: 'demo', email: 'client\u0000@demo.test' }]) {
      const res = await t.request('POST', '/api/v1/auth/link', { body });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('validation_failed');
    }
    expect(await t.count('jobs')).toBe(before);
  });

  it('keeps line breaks and tabs in multi-line text', async () => {
    const res = await t.request('POST', '/api/v1/firm/tasks', { token: owner, body: { clientId: northwind, title: 'Lines', description: 'one\r\ntwo\n\tthree' } });
    expect(res.status).toBe(201);
    expect(res.json.description).toBe('one\r\ntwo\n\tthree');
  });
});

describe('bodies not declared as JSON', () => {
  const raw = (method: string, path: string, body: string, contentType?: string) =>
    t.app.request(path, {
      method,
      headers: { authorization: `Bearer ${owner}`, ...(contentType === undefined ? {} : { 'content-type': contentType }) },
      body,
    });

  it.each([
    ['text/plain'],
    ['text/plain; charset=utf-8'],
    ['application/x-www-form-urlencoded'],
    ['multipart/form-data; boundary=x'],
    ['application/jsonx'],
    [undefined],
  ])('are refused with 415 in the envelope (Content-Type %s), nothing changed', async (contentType) => {
    const before = await writes();
    const cases: [string, string, unknown][] = [
      ['PATCH', '/api/v1/firm/settings', { name: 'Renamed' }],
      ['POST', '/api/v1/firm/tasks', { clientId: northwind, title: 'Smuggled' }],
      ['POST', '/api/v1/firm/api-keys', { name: 'Smuggled' }],
      ['POST', '/api/v1/auth/link', { firm: 'demo', email: 'client@demo.test' }],
      ['POST', '/api/v1/auth/session', { token: 'x'.repeat(43) }],
    ];
    for (const [method, path, body] of cases) {
      const res = await raw(method, path, JSON.stringify(body), contentType);
      expect(res.status, `${method} ${path}`).toBe(415);
      const json = (await res.json()) as { error: { code: string; requestId: string } };
      expect(json.error).toMatchObject({ code: 'unsupported_media_type', requestId: expect.any(String) });
    }
    expect(await writes()).toEqual(before);
  });

  it.each([['application/json'], ['application/json; charset=utf-8'], ['Application/JSON;charset=UTF-8'], ['application/merge-patch+json']])(
    'are read when declared JSON (%s)',
    async (contentType) => {
      const res = await raw('PATCH', '/api/v1/firm/settings', JSON.stringify({ name: 'Renamed' }), contentType);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { name: string }).name).toBe('Renamed');
    },
  );

  it('do not matter where a route reads no JSON body', async () => {
    const created = await t.request('POST', '/api/v1/firm/tasks', { token: owner, body: { clientId: northwind, title: 'Plain' } });
    const res = await raw('POST', `/api/v1/firm/tasks/${created.json.id}/assign`, '', 'text/plain');
    expect(res.status).toBe(200);
  });
});

describe('the body limit', () => {
  const big = JSON.stringify({ name: 'x'.repeat(70_000) });
  /** A body the server cannot size up front (no Content-Length): chunked, as a streaming client sends it. */
  const streamed = () =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(big);
        for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192));
        controller.close();
      },
    });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('holds for %s, with or without Content-Length: 413 in the envelope, nothing written', async (method) => {
    const before = await writes();
    const sessionsBefore = await t.count('sessions where revoked_at is null');
    const path = {
      POST: '/api/v1/firm/api-keys',
      // (File uploads stream under their own 10 MB limit: edge/routes/files.test.ts.)
      PUT: '/api/v1/firm/settings',
      PATCH: '/api/v1/firm/settings',
      DELETE: '/api/v1/auth/session',
    }[method]!;
    for (const body of [big, streamed()]) {
      const headers: Record<string, string> = { authorization: `Bearer ${owner}`, 'content-type': 'application/json' };
      if (typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body));
      const res = await t.app.request(path, { method, headers, body, ...(typeof body === 'string' ? {} : { duplex: 'half' }) } as RequestInit);
      expect(res.status, `${method} ${typeof body}`).toBe(413);
      const json = (await res.json()) as { error: { code: string; requestId: string } };
      expect(json.error).toMatchObject({ code: 'payload_too_large', requestId: expect.any(String) });
    }
    expect(await writes()).toEqual(before);
    expect(await t.count('sessions where revoked_at is null')).toBe(sessionsBefore);
  });
});
